# rig: timeout=400 discard
# An extent whose memory cannot be offlined is never released: with the
# region's policy online_kernel and slab pinned on the extent's node
# (rig/bin/nodefill), a host release (regionN/release_extent) fails with
# EBUSY and changes nothing; a device release request (QMP) leaves the
# extent "release_pending" with its memory online, and QEMU still holds
# it (it accepts another release request for the same range, which it
# refuses for capacity the host gave back).  The VM is discarded after.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
size=$((1 << 30))
ext=$((128 << 20))
nb1=$((ext / $(block_size)))
drv=/sys/bus/cxl/drivers/cxl_sysram_region

reg=$(dc_region_create $dcd $size) || fail "a committed dynamic_ram_1 region"
dc_sysram_bind $reg kmem online_kernel || fail "sysram_region of $reg (kmem, online_kernel)"
n=${reg#region}; s=$CXL/$reg/sysram_region$n
rstart=$(( $(cat $CXL/$reg/resource) ))

host_do dc-add 0 0:128M >/dev/null || fail "QMP add"
e=
found() { e=$(ls -d $CXL/$reg/extent* 2>/dev/null | head -1); [ -n "$e" ] && [ "$(cat $e/state)" = online_kernel ]; }
check "extent online in ZONE_NORMAL" wait_for 30 found
expect_eq "zones" "Normal:$nb1" "$(blocks_zones $rstart $ext)"
node=$(node_of $rstart)
pin_node_slab $node
total1=$(meminfo MemTotal)
iomem1=$(cat /proc/iomem)

expect_errno EBUSY "host release refused while in use" wr $(basename $e) $CXL/$reg/release_extent
check "extent still there" [ -d $e ]
expect_eq "extent state" online_kernel "$(cat $e/state)"
expect_eq "blocks still online" "online:$nb1" "$(blocks_states $rstart $ext)"
expect_eq "MemTotal unchanged" $total1 $(meminfo MemTotal)
check "/proc/iomem unchanged" [ "$(cat /proc/iomem)" = "$iomem1" ]

host_do dc-release 0 0:128M >/dev/null || fail "QMP release 0:128M"
pending() { [ "$(cat $e/state)" = release_pending ]; }
check "device release left pending" wait_for 20 pending
expect_eq "blocks still online" "online:$nb1" "$(blocks_states $rstart $ext)"
expect_eq "MemTotal unchanged" $total1 $(meminfo MemTotal)
check "kernel logged the refusal" sh -c "klog | grep -q 'in use, release pending'"
host_do dc-release 0 0:128M >/dev/null || fail "QEMU no longer holds 0:128M"
