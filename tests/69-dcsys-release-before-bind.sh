# rig: timeout=400
# A release the device asks for while no bound region shows the extent is
# not lost.  An extent is System RAM through sysram; the offline of its
# memory is made to fail (/sys/kernel/debug/cxl/sysram/fail_offline), so
# at region unbind it stays online and held.  The device then asks for it
# back (QMP release) while the region is unbound - as when the event log
# is drained at probe, before any region exists.  Once the offline works
# again and the region and its sysram_region are bound again, the request
# is answered: the extent is taken over, offlined and given back, no
# "System RAM (cxl)" is left, MemTotal is back, QEMU holds nothing.
# Before the fix the request was ignored and the memory stayed online,
# still counted as the host's.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
size=$((1 << 30))
ext=$((128 << 20))
check "fault injection for sysram's offline" [ -d $FAIL_OFFLINE ]
total0=$(meminfo MemTotal)

reg=$(dc_region_create $dcd $size) || fail "a committed dynamic_ram_1 region"
n=${reg#region}
s=$CXL/$reg/sysram_region$n
dc_sysram_bind $reg kmem online_movable || fail "sysram_region of $reg (kmem, online_movable)"
rstart=$(( $(cat $CXL/$reg/resource) ))
host_do dc-add 0 0:128M >/dev/null || fail "QMP add"
e=
found() { e=$(ls -d $CXL/$reg/extent* 2>/dev/null | head -1); [ -n "$e" ] && [ "$(cat $e/state)" = online_movable ]; }
check "extent online" wait_for 30 found

fail_offline on || fail "arm fail_offline"
wr $reg /sys/bus/cxl/drivers/cxl_region/unbind || fail "unbind $reg"
check "System RAM (cxl) still there" iomem_has $rstart $((rstart + ext - 1)) "System RAM (cxl)"
host_do dc-release 0 0:128M >/dev/null || fail "QMP release 0:128M"
check "kernel keeps the request" wait_for 20 sh -c "klog | grep -q 'release of .*: 0x8000000 bytes of it not held, answered when a region shows them'"
fail_offline off || fail "disarm fail_offline"

wr $reg /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $reg again"
check "request answered at bind" wait_for 10 sh -c "klog | grep -q 'asked for before the region was bound'"
wr kmem $s/consumer && wr online_movable $s/online_type &&
	wr sysram_region$n /sys/bus/cxl/drivers/cxl_sysram_region/bind || fail "bind sysram_region$n again"
gone() { ! ls -d $CXL/$reg/extent* >/dev/null 2>&1; }
check "extent given back" wait_for 60 gone
check "no System RAM (cxl)" sh -c "! grep -q 'System RAM (cxl)' /proc/iomem"
expect_eq "MemTotal back" $total0 $(meminfo MemTotal)
check "QEMU no longer holds 0:128M" not_held 0 0:128M
destroy_region $reg || fail "destroy $reg"
