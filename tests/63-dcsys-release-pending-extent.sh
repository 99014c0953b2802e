# rig: timeout=300
# release_extent of an extent the device asked back ('release_pending')
# completes that release and succeeds.  The offline of the extent's memory
# is made to fail with the kernel's fault injection
# (/sys/kernel/debug/cxl/sysram/fail_offline, debug flavour): a host
# release fails with EBUSY and a device release stays pending; once the
# offline works again, release_extent removes the memory and gives the
# extent back in one step and returns 0: the extent is gone, no "System
# RAM (cxl)" is left, and QEMU no longer holds the capacity.  Before the
# fix the write gave the extent back but failed with ENXIO, and the
# adoption work could take the extent again in between.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
size=$((1 << 30))
check "fault injection for sysram's offline" [ -d $FAIL_OFFLINE ]
total0=$(meminfo MemTotal)

reg=$(dc_region_create $dcd $size) || fail "a committed dynamic_ram_1 region"
dc_sysram_bind $reg kmem online_movable || fail "sysram_region of $reg (kmem, online_movable)"
host_do dc-add 0 0:128M >/dev/null || fail "QMP add"
e=
found() { e=$(ls -d $CXL/$reg/extent* 2>/dev/null | head -1); [ -n "$e" ] && [ "$(cat $e/state)" = online_movable ]; }
check "extent online" wait_for 30 found
name=$(basename $e)

fail_offline on || fail "arm fail_offline"
expect_errno EBUSY "host release refused while the offline fails" wr $name $CXL/$reg/release_extent
expect_eq "extent state" online_movable "$(cat $e/state)"
host_do dc-release 0 0:128M >/dev/null || fail "QMP release 0:128M"
pending() { [ "$(cat $e/state 2>/dev/null)" = release_pending ]; }
check "device release left pending" wait_for 20 pending
fail_offline off || fail "disarm fail_offline"

check "release_extent of the pending extent succeeds" wr $name $CXL/$reg/release_extent
check "extent gone" [ ! -d $e ]
check "no System RAM (cxl)" sh -c "! grep -q 'System RAM (cxl)' /proc/iomem"
expect_eq "MemTotal back" $total0 $(meminfo MemTotal)
check "QEMU no longer holds 0:128M" not_held 0 0:128M
destroy_region $reg || fail "destroy $reg"
