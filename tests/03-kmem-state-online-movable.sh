# daxN.0/state round trip on the 7.3 kmem device: offline -> unplugged (blocks
# removed) -> online_movable (every block online in ZONE_MOVABLE, MemTotal
# grows by the region size) -> unplugged (back to baseline).
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
size=$((512 << 20))
total0=$(meminfo MemTotal)
nb=$((size / $(block_size)))

r=$(create_ram_region_sysfs $vm $size) || fail "region creation failed"
wr $r /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $r"
set -- $(region_range $r); start=$1
st=/sys/bus/dax/devices/dax${r#region}.0/state
check "kmem state attribute" wait_for 10 [ -e $st ]

wr unplugged $st || fail "write unplugged"
expect_eq "state after unplug" unplugged "$(cat $st)"
expect_eq "blocks after unplug" "absent:$nb" "$(blocks_states $start $size)"
expect_errno EINVAL "state 'offline' is refused" wr offline $st
expect_errno EINVAL "state 'bogus' is refused" wr bogus $st

wr online_movable $st || fail "write online_movable"
expect_eq "state" online_movable "$(cat $st)"
expect_eq "blocks" "online:$nb" "$(blocks_states $start $size)"
expect_eq "zones" "Movable:$nb" "$(blocks_zones $start $size)"
expect_eq "MemTotal grew by the region size" $((total0 + size)) $(meminfo MemTotal)
expect_errno EBUSY "online_kernel while online is refused" wr online_kernel $st

wr unplugged $st || fail "write unplugged"
expect_eq "blocks after unplug" "absent:$nb" "$(blocks_states $start $size)"
expect_eq "MemTotal back to baseline" $total0 $(meminfo MemTotal)
destroy_region $r || fail "destroy $r"
