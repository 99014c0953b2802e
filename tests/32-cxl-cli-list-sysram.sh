# rig: timeout=300
# cxl list -R shows what sysfs says about a region's sysram_region, at every
# step of the sysfs flow: ram_consumer; sysram_region with consumer and
# online_type 'unset', not enabled, no dax device before the policy; the
# policy once written; enabled, daxN.0 and its memory_state once bound, and
# memory_state following per-block changes (online_movable -> partial).
# -X lists the daxregion below sysram_regionN; -v includes the same object.
# A legacy region has ram_consumer 'dax' and no sysram_region.
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
size=$((256 << 20))
drv=/sys/bus/cxl/drivers/cxl_sysram_region

# L REGION FILTER: one field of the region's cxl list -R JSON
L() { cxl list -r $1 | jq -r ".[0]$2"; }

r=$(sysram_region_create $vm $size) || fail "sysram region creation failed"
n=${r#region}; s=$CXL/sysram_region$n
set -- $(region_range $r); start=$1
cxl list -r $r
expect_eq "ram_consumer" sysram "$(L $r .ram_consumer)"
expect_eq "sysram_region name" sysram_region$n "$(L $r .sysram_region.sysram_region)"
expect_eq "consumer before policy" unset "$(L $r .sysram_region.consumer)"
expect_eq "online_type before policy" unset "$(L $r .sysram_region.online_type)"
expect_eq "not enabled" false "$(L $r .sysram_region.enabled)"
expect_eq "no dax device yet" null "$(L $r .sysram_region.dax)"
expect_eq "no memory_state yet" null "$(L $r .sysram_region.memory_state)"
# sysram_regionN/state is ABI (sysfs-bus-cxl): read it, never skip it
check "sysram_region$n/state exists" [ -r $s/state ]
expect_eq "state before policy" unset "$(cat $s/state)"
expect_eq "state as sysfs says" unset "$(L $r .sysram_region.state)"

wr kmem $s/consumer || fail "consumer"
wr online_movable $s/online_type || fail "online_type"
expect_eq "consumer" kmem "$(L $r .sysram_region.consumer)"
expect_eq "online_type" online_movable "$(L $r .sysram_region.online_type)"
expect_eq "still not enabled" false "$(L $r .sysram_region.enabled)"
expect_eq "state with the policy" ready "$(cat $s/state)"
expect_eq "state as sysfs says" ready "$(L $r .sysram_region.state)"

wr sysram_region$n $drv/bind || fail "bind sysram_region$n"
check "blocks online (kmem probed)" blocks_become $start $size "online:$((size / $(block_size)))"
check "kmem probed (dax$n.0/state)" wait_for 10 [ -e $s/dax_region$n/dax$n.0/state ]
cxl list -r $r -X
expect_eq "enabled" true "$(L $r .sysram_region.enabled)"
expect_eq "dax device" dax$n.0 "$(L $r .sysram_region.dax)"
expect_eq "memory_state" online_movable "$(L $r .sysram_region.memory_state)"
expect_eq "state when bound" active "$(cat $s/state)"
expect_eq "state as sysfs says" active "$(L $r .sysram_region.state)"
expect_eq "-X: daxregion device" dax$n.0 "$(cxl list -r $r -X | jq -r '.[0].daxregion.devices[0].chardev')"
expect_eq "-X: system-ram" system-ram "$(cxl list -r $r -X | jq -r '.[0].daxregion.devices[0].mode')"
expect_eq "-v: the same object" sysram_region$n \
	"$(cxl list -v | jq -r "[.. | objects | select(.region? == \"$r\" and has(\"type\"))][0].sysram_region.sysram_region")"

first=$(region_blocks $start $size | head -n1)
wr offline $MEM/memory$first/state || fail "offline memory$first"
expect_eq "memory_state follows a block offlined" partial "$(L $r .sysram_region.memory_state)"
expect_eq "the policy is still the policy" online_movable "$(L $r .sysram_region.online_type)"
wr online_movable $MEM/memory$first/state || fail "online memory$first"
expect_eq "memory_state back" online_movable "$(L $r .sysram_region.memory_state)"

wr sysram_region$n $drv/unbind || fail "unbind sysram_region$n"
expect_eq "not enabled after unbind" false "$(L $r .sysram_region.enabled)"
expect_eq "no dax device after unbind" null "$(L $r .sysram_region.dax)"
expect_eq "state after unbind" ready "$(cat $s/state)"
expect_eq "state as sysfs says after unbind" ready "$(L $r .sysram_region.state)"
wr $r /sys/bus/cxl/drivers/cxl_region/unbind || fail "unbind $r"
expect_eq "region unbound: no sysram_region" null "$(cxl list -r $r -i | jq -r '.[0].sysram_region')"
expect_eq "region unbound: ram_consumer" sysram "$(cxl list -r $r -i | jq -r '.[0].ram_consumer')"
destroy_region $r || fail "destroy $r"

# legacy region
r=$(create_ram_region_sysfs $vm $size) || fail "region creation failed"
wr $r /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $r"
expect_eq "legacy: ram_consumer" dax "$(L $r .ram_consumer)"
expect_eq "legacy: no sysram_region" null "$(L $r .sysram_region)"
expect_eq "legacy: -X daxregion" dax${r#region}.0 "$(cxl list -r $r -X | jq -r '.[0].daxregion.devices[0].chardev')"
st=/sys/bus/dax/devices/dax${r#region}.0/state
[ "$(cat $st)" = unplugged ] || wr unplugged $st || fail "unplug legacy"
destroy_region $r || fail "destroy $r"
