# rig: timeout=400 discard
# A tag group whose memory cannot be offlined is never released, in part
# or whole: with the region's policy online_kernel and slab pinned on the
# group's node (rig/bin/nodefill), regionN/release_tag fails with EBUSY and
# changes nothing (the group's dax device, its blocks, MemTotal and
# /proc/iomem stay); a device release request (QMP) for one member leaves
# it "release_pending" with the group's memory online, and QEMU still
# holds it.  The VM is discarded after.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
size=$((1 << 30))
ext=$((128 << 20))
nb1=$((ext / $(block_size)))
T=5a5a5a5a-0000-4000-8000-a5a5a5a5a5a5
drv=/sys/bus/cxl/drivers/cxl_sysram_region

reg=$(dc_region_create $dcd $size) || fail "a committed dynamic_ram_1 region"
dc_sysram_bind $reg kmem online_kernel || fail "sysram_region of $reg (kmem, online_kernel)"
n=${reg#region}; s=$CXL/$reg/sysram_region$n
rstart=$(( $(cat $CXL/$reg/resource) ))
dr=$s/dax_region$n

host_do dc-add 0 tag=$T 0:128M 128M:128M >/dev/null || fail "QMP add"
dx=
found() { dx=$(ls -d $dr/dax$n.* 2>/dev/null | head -1); [ -n "$dx" ] && [ "$(cat $dx/uuid)" = $T ]; }
check "group's dax device" wait_for 30 found
check "group online" blocks_become $rstart $((2 * ext)) online:$((2 * nb1))
expect_eq "zones" "Normal:$((2 * nb1))" "$(blocks_zones $rstart $((2 * ext)))"
node=$(node_of $rstart)
pin_node_slab $node 10000
total1=$(meminfo MemTotal)
iomem1=$(cat /proc/iomem)
unchanged() {
	[ -d $dx ] && [ "$(cat $dx/uuid)" = $T ] &&
	[ "$(blocks_states $rstart $((2 * ext)))" = "online:$((2 * nb1))" ] &&
	[ $(meminfo MemTotal) = $total1 ] && [ "$(cat /proc/iomem)" = "$iomem1" ]
}

expect_errno EBUSY "release_tag refused while in use" wr $T $CXL/$reg/release_tag
check "group, blocks, MemTotal, /proc/iomem unchanged" unchanged
expect_eq "extents still there" 2 $(ls $CXL/$reg | grep -c '^extent')
expect_errno EBUSY "daxN.M/state unplugged refused too" wr unplugged $dx/state
check "still unchanged" unchanged

e=$(ls -d $CXL/$reg/extent* | head -1)
host_do dc-release 0 0:128M >/dev/null || fail "QMP release 0:128M"
pending() { [ "$(cat $e/state)" = release_pending ]; }
check "device release of a member left pending" wait_for 20 pending
check "group still unchanged" unchanged
check "kernel logged the refusal" sh -c "klog | grep -q 'in use, release pending'"
host_do dc-release 0 0:128M >/dev/null || fail "QEMU no longer holds 0:128M"
