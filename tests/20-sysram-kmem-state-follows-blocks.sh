# daxN.0/state must follow the memory blocks when the user changes them one
# by one through /sys/devices/system/memory (on 7.3 it kept reading "offline"
# after every block had been onlined): offline -> partial -> online_movable
# -> partial -> offline -> unplugged, and back to baseline.
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
size=$((256 << 20))
total0=$(meminfo MemTotal)
nb=$((size / $(block_size)))

r=$(create_ram_region_sysfs $vm $size) || fail "region creation failed"
wr $r /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $r"
set -- $(region_range $r); start=$1
st=/sys/bus/dax/devices/dax${r#region}.0/state
check "kmem state attribute" wait_for 10 [ -e $st ]
check "blocks after probe" blocks_become $start $size "offline:$nb"
expect_eq "state after probe" offline "$(cat $st)"

blocks=$(region_blocks $start $size)
first=${blocks%%[!0-9]*}
wr online_movable $MEM/memory$first/state || fail "online memory$first"
expect_eq "state with one block online" partial "$(cat $st)"
for b in $blocks; do
	[ "$(cat $MEM/memory$b/state)" = online ] || wr online_movable $MEM/memory$b/state || fail "online memory$b"
done
expect_eq "zones" "Movable:$nb" "$(blocks_zones $start $size)"
expect_eq "state with every block online" online_movable "$(cat $st)"
wr online_movable $st || fail "writing the state the blocks are in"
expect_errno EINVAL "'partial' cannot be written" wr partial $st
expect_errno EBUSY "online_kernel while online is refused" wr online_kernel $st

wr offline $MEM/memory$first/state || fail "offline memory$first"
expect_eq "state with one block offline" partial "$(cat $st)"
for b in $blocks; do
	wr offline $MEM/memory$b/state 2>/dev/null
done
expect_eq "blocks" "offline:$nb" "$(blocks_states $start $size)"
expect_eq "state with every block offline" offline "$(cat $st)"

wr unplugged $st || fail "write unplugged"
expect_eq "state after unplug" unplugged "$(cat $st)"
expect_eq "blocks after unplug" "absent:$nb" "$(blocks_states $start $size)"
expect_eq "MemTotal back to baseline" $total0 $(meminfo MemTotal)
destroy_region $r || fail "destroy $r"
