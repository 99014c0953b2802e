# Tear-down of a sysram region in several orders, with the memory online
# (ZONE_MOVABLE) or not; after each, /proc/iomem, MemTotal and the memory
# block list are back to baseline and the region can be created again:
#  a) online_movable, destroy the region directly (region unbind first)
#  b) online_movable, daxN.0/state=unplugged, unbind sysram_regionN, rebind
#     with policy offline, destroy
#  c) online_movable, unbind the region driver, destroy
#  d) device_dax, destroy
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
size=$((256 << 20))
nb=$((size / $(block_size)))
drv=/sys/bus/cxl/drivers/cxl_sysram_region
total0=$(meminfo MemTotal)
blocks0=$(ls $MEM | grep -c '^memory[0-9]')
iomem0=$(grep -c . /proc/iomem)

# sysram_up CONSUMER [ONLINE_TYPE]: create, opt in, bind, set policy, bind
sysram_up() {
	r=$(sysram_region_create $vm $size) || fail "$order: create"
	n=${r#region}; s=$CXL/sysram_region$n
	wr $1 $s/consumer || fail "$order: consumer"
	[ -n "$2" ] && { wr $2 $s/online_type || fail "$order: online_type"; }
	wr sysram_region$n $drv/bind || fail "$order: bind sysram_region$n"
	dax=$s/dax_region$n/dax$n.0
	wait_for 10 [ -e $dax/driver ] || fail "$order: no dax$n.0"
	start=$(( $(cat $CXL/$r/resource) ))
}
baseline() {
	check "$order: $r gone" [ ! -e $CXL/$r ]
	expect_eq "$order: MemTotal" $total0 $(meminfo MemTotal)
	expect_eq "$order: memory blocks" $blocks0 $(ls $MEM | grep -c '^memory[0-9]')
	expect_eq "$order: /proc/iomem lines" $iomem0 $(grep -c . /proc/iomem)
}

order=a
sysram_up kmem online_movable
check "$order: online" blocks_become $start $size "online:$nb"
destroy_region $r || fail "$order: destroy"
baseline

order=b
sysram_up kmem online_movable
check "$order: online" blocks_become $start $size "online:$nb"
wr unplugged $dax/state || fail "$order: unplug"
expect_eq "$order: unplugged" "absent:$nb" "$(blocks_states $start $size)"
wr sysram_region$n $drv/unbind || fail "$order: unbind sysram_region$n"
wr offline $s/online_type || fail "$order: new online_type"
wr sysram_region$n $drv/bind || fail "$order: rebind"
wait_for 10 [ -e $dax/driver ] || fail "$order: no dax$n.0 after rebind"
check "$order: offline after rebind" blocks_become $start $size "offline:$nb"
destroy_region $r || fail "$order: destroy"
baseline

order=c
sysram_up kmem online_movable
check "$order: online" blocks_become $start $size "online:$nb"
wr $r /sys/bus/cxl/drivers/cxl_region/unbind || fail "$order: unbind $r"
check "$order: sysram_region$n gone" [ ! -e $s ]
expect_eq "$order: blocks" "absent:$nb" "$(blocks_states $start $size)"
destroy_region $r || fail "$order: destroy"
baseline

order=d
sysram_up device_dax
destroy_region $r || fail "$order: destroy"
baseline

order=recreate
sysram_up kmem online_movable
check "$order: online" blocks_become $start $size "online:$nb"
wr unplugged $dax/state || fail "$order: unplug"
destroy_region $r || fail "$order: destroy"
baseline
