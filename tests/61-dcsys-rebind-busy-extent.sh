# rig: timeout=400 discard
# Memory in use is never given back, whoever holds the extent now.  An
# untagged extent is System RAM in ZONE_NORMAL (online_kernel) and pinned
# by slab (rig/bin/nodefill); the region is unbound (its sysram_region
# cannot offline the memory, which stays online and held) and bound again:
# the extent reappears from the device's extent list with no consumer,
# while "System RAM (cxl)" is still online in its range.  A device release
# (QMP) must then leave it "release_pending" and a host release_extent
# must fail with EBUSY; the blocks, MemTotal and /proc/iomem stay as they
# were, and QEMU still holds the capacity.  Before the fix the capacity
# went back to the device under the online memory and the kernel died in
# the next allocation that touched it.  The VM is discarded after.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
size=$((1 << 30))
ext=$((128 << 20))
nb1=$((ext / $(block_size)))

reg=$(dc_region_create $dcd $size) || fail "a committed dynamic_ram_1 region"
dc_sysram_bind $reg kmem online_kernel || fail "sysram_region of $reg (kmem, online_kernel)"
rstart=$(( $(cat $CXL/$reg/resource) ))
host_do dc-add 0 0:128M >/dev/null || fail "QMP add"
e=
found() { e=$(ls -d $CXL/$reg/extent* 2>/dev/null | head -1); [ -n "$e" ] && [ "$(cat $e/state)" = online_kernel ]; }
check "extent online in ZONE_NORMAL" wait_for 30 found
node=$(node_of $rstart)
pin_node_slab $node

wr $reg /sys/bus/cxl/drivers/cxl_region/unbind || fail "unbind $reg"
expect_eq "blocks still online after unbind" "online:$nb1" "$(blocks_states $rstart $ext)"
check "System RAM (cxl) still there" iomem_has $rstart $((rstart + ext - 1)) "System RAM (cxl)"
wr $reg /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $reg again"
check "extent shown again" wait_for 10 sh -c "ls -d $CXL/$reg/extent* >/dev/null 2>&1"
e=$(ls -d $CXL/$reg/extent* | head -1)
log "$(basename $e): state $(cat $e/state)"
total1=$(meminfo MemTotal)
iomem1=$(cat /proc/iomem)

expect_errno EBUSY "host release refused while the range is System RAM" wr $(basename $e) $CXL/$reg/release_extent
check "extent still there" [ -d $e ]
check "/proc/iomem unchanged" [ "$(cat /proc/iomem)" = "$iomem1" ]

host_do dc-release 0 0:128M >/dev/null || fail "QMP release 0:128M"
pending() { [ "$(cat $e/state 2>/dev/null)" = release_pending ]; }
check "device release left pending" wait_for 20 pending
expect_eq "blocks still online" "online:$nb1" "$(blocks_states $rstart $ext)"
expect_eq "MemTotal unchanged" $total1 $(meminfo MemTotal)
check "/proc/iomem unchanged" [ "$(cat /proc/iomem)" = "$iomem1" ]
# QEMU accepts another release request only for capacity it still counts
# as the host's
host_do dc-release 0 0:128M >/dev/null || fail "QEMU no longer holds 0:128M"
# the memory still works: more kernel allocations on that node
mkdir -p /tmp/pin2
/rig/bin/nodefill $node 2000 /tmp/pin2 >/dev/null || fail "nodefill after the release request"
check "pinned files still readable" sh -c "ls /tmp/pin | wc -l | grep -qx 5000"
