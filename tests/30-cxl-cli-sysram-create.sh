# rig: timeout=400
# cxl create-region --driver: without it the region takes the 7.3 path
# (ram_consumer dax, regionN/dax_regionN, blocks left to the system default,
# offline in the rig).  --driver=sysram gives regionN/sysram_regionN bound
# with the policy asked for: --online-type=online_movable onlines every
# block into ZONE_MOVABLE, no --online-type means kmem + online_movable,
# --online-type=offline adds the blocks offline.  cxl disable-region and
# destroy-region return to baseline after each.
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
rd=$(root_decoder) || fail "no RAM root decoder"
size=$((256 << 20))
nb=$((size / $(block_size)))
total0=$(meminfo MemTotal)
iomem0=$(grep -c . /proc/iomem)

# create ARGS...: cxl create-region on the static memdev; prints the region
create() {
	cxl create-region -t ram -d $rd -m $vm -s $size "$@" > /tmp/create.json ||
		return 1
	jq -r .region /tmp/create.json
}
# teardown REGION: the cxl-cli way back to baseline
teardown() {
	cxl disable-region $1 && cxl destroy-region $1 || fail "disable/destroy $1"
	check "$1 is gone" [ ! -e $CXL/$1 ]
	expect_eq "MemTotal back to baseline" $total0 $(meminfo MemTotal)
	expect_eq "/proc/iomem back to baseline" $iomem0 $(grep -c . /proc/iomem)
}

# No --driver: exactly the 7.3 behaviour.
r=$(create) || fail "create-region without --driver"
n=${r#region}
set -- $(region_range $r); start=$1
expect_eq "no --driver: ram_consumer" dax "$(cat $CXL/$r/ram_consumer)"
check "no --driver: $r/dax_region$n" [ -d $CXL/$r/dax_region$n ]
check "no --driver: no sysram_region$n" [ ! -e $CXL/sysram_region$n ]
check "no --driver: dax$n.0 under kmem" wait_for 10 [ -e /sys/bus/dax/drivers/kmem/dax$n.0 ]
check "no --driver: blocks follow the system default (offline:$nb)" blocks_become $start $size "offline:$nb"
teardown $r

# --driver=sysram --online-type=online_movable
r=$(create --driver=sysram --online-type=online_movable) || fail "create-region --driver=sysram"
n=${r#region}; s=$CXL/sysram_region$n
set -- $(region_range $r); start=$1
expect_eq "JSON: sysram_region" sysram_region$n "$(jq -r .sysram_region.sysram_region /tmp/create.json)"
expect_eq "ram_consumer" sysram "$(cat $CXL/$r/ram_consumer)"
check "$r/sysram_region$n" [ -d $CXL/$r/sysram_region$n ]
check "no $r/dax_region$n" [ ! -e $CXL/$r/dax_region$n ]
expect_eq "sysram_region$n driver" cxl_sysram_region "$(basename "$(readlink -f $s/driver)")"
expect_eq "consumer" kmem "$(cat $s/consumer)"
expect_eq "online_type" online_movable "$(cat $s/online_type)"
dax=$s/dax_region$n/dax$n.0
check "dax$n.0 under kmem" wait_for 10 [ -e $dax/driver ]
expect_eq "dax$n.0 driver" kmem "$(basename "$(readlink -f $dax/driver)")"
expect_eq "every block online" "online:$nb" "$(blocks_states $start $size)"
expect_eq "every block in ZONE_MOVABLE" "Movable:$nb" "$(blocks_zones $start $size)"
expect_eq "dax$n.0/state" online_movable "$(cat $dax/state)"
check "/proc/iomem System RAM (kmem)" iomem_has $start $((start + size - 1)) "System RAM (kmem)"
expect_eq "MemTotal grew" $((total0 + size)) $(meminfo MemTotal)
teardown $r

# --driver=sysram alone: kmem, online_movable
r=$(create --driver=sysram) || fail "create-region --driver=sysram (defaults)"
n=${r#region}; s=$CXL/sysram_region$n
set -- $(region_range $r); start=$1
expect_eq "default consumer" kmem "$(cat $s/consumer)"
expect_eq "default online_type" online_movable "$(cat $s/online_type)"
check "dax$n.0 bound" wait_for 10 [ -e $s/dax_region$n/dax$n.0/driver ]
expect_eq "default: every block in ZONE_MOVABLE" "Movable:$nb" "$(blocks_zones $start $size)"
teardown $r

# --driver=sysram --online-type=offline: blocks added, left offline
r=$(create --driver=sysram --online-type=offline) || fail "create-region --online-type=offline"
n=${r#region}; s=$CXL/sysram_region$n
set -- $(region_range $r); start=$1
expect_eq "online_type offline" offline "$(cat $s/online_type)"
check "dax$n.0 bound" wait_for 10 [ -e $s/dax_region$n/dax$n.0/driver ]
expect_eq "blocks present and offline" "offline:$nb" "$(blocks_states $start $size)"
expect_eq "MemTotal unchanged" $total0 $(meminfo MemTotal)
teardown $r
