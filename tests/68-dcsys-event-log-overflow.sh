# rig: timeout=500
# Records lost to a Dynamic Capacity event log overflow are made good from
# the device's extent list.  QEMU's event log holds 8 records, and one QMP
# request writes all of its records at once: of a request for 10 extents
# the host sees 8, and the overflow flag.
#  - An offer of 10 extents: the record that ends the offer is lost.  The
#    host answers the 8 it saw, and both views agree: 8 extents shown,
#    QEMU holds those and not the last 2.
#  - A forced release of 10 extents, the last 2 of which are System RAM
#    through sysram: their records are lost, yet the host must not keep
#    using capacity the device took away.  After the overflow the host
#    reads the extent list and removes them as a forced release would: no
#    extent left, no "System RAM (cxl)", MemTotal back, QEMU holds nothing.
# Every record is traced (cxl_dynamic_capacity, with the upstream DCD
# series' event_type names and fields), and so is the overflow
# (cxl_overflow, log=Dynamic Capacity).  Before the fix the two extents
# stayed online after QEMU had dropped them.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
size=$((1 << 30))
ext=$((128 << 20))
total0=$(meminfo MemTotal)
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T || fail "mount tracefs"
check "cxl_dynamic_capacity trace event" [ -d $T/events/cxl/cxl_dynamic_capacity ]
wr 1 $T/events/cxl/cxl_dynamic_capacity/enable && wr 1 $T/events/cxl/cxl_overflow/enable ||
	fail "enable the trace events"
wr "" $T/trace
nr_extents() { ls -d $CXL/$reg/extent* 2>/dev/null | wc -l; }
traced() { grep -c "cxl_dynamic_capacity:.*event_type='$1'" $T/trace; }

# the region is bound before its sysram_region, so that it keeps the 2M
# extents that sysram (kmem) would refuse as not block aligned
reg=$(dc_region_create $dcd $size) || fail "a committed dynamic_ram_1 region"
n=${reg#region}
s=$CXL/$reg/sysram_region$n
wr sysram $CXL/$reg/ram_consumer && wr $reg /sys/bus/cxl/drivers/cxl_region/bind ||
	fail "bind $reg (sysram not bound yet)"
rstart=$(( $(cat $CXL/$reg/resource) ))

small=
for i in 0 1 2 3 4 5 6 7 8 9; do small="$small $((i * 2))M:2M"; done
host_do dc-add 0 $small >/dev/null || fail "QMP add of 10 extents"
eight() { [ "$(nr_extents)" = 8 ]; }
check "8 of the 10 extents shown" wait_for 30 eight
sleep 1
expect_eq "still 8 extents" 8 "$(nr_extents)"
check "kernel answered the incomplete offer" sh -c "klog | grep -q 'answering 8 extents of an incomplete offer'"
check "QEMU does not hold the last 2" not_held 0 16M:4M
expect_eq "Add capacity records traced" 8 "$(traced 'Add capacity')"
NULL_UUID=00000000-0000-0000-0000-000000000000
check "record fields as upstream names them" grep -q \
	"event_type='Add capacity' .*hostid=[0-9]* updated_region_index=0 dpa_start=0x200000 length=0x200000 uuid=$NULL_UUID sh_extent_seq=0 " $T/trace
check "overflow of the DC log traced" grep -q "cxl_overflow:.*log=Dynamic Capacity" $T/trace

wr kmem $s/consumer && wr online_movable $s/online_type &&
	wr sysram_region$n /sys/bus/cxl/drivers/cxl_sysram_region/bind || fail "bind sysram_region$n"
host_do dc-add 0 512M:128M 640M:128M >/dev/null || fail "QMP add 2 x 128M"
online2() { [ "$(blocks_states $((rstart + (512 << 20))) $((2 * ext)))" = "online:$((2 * ext / $(block_size)))" ]; }
check "the 2 large extents online" wait_for 60 online2
expect_eq "10 extents" 10 "$(nr_extents)"
total1=$(meminfo MemTotal)
expect_eq "MemTotal grew by 256M" $((total0 + 2 * ext)) $total1

wr "" $T/trace
small=
for i in 0 1 2 3 4 5 6 7; do small="$small $((i * 2))M:2M"; done
host_do dc-release 0 forced $small 512M:128M 640M:128M >/dev/null ||
	fail "QMP forced release of 10 extents"
none() { [ "$(nr_extents)" = 0 ]; }
check "no extent left" wait_for 60 none
check "kernel saw the lost forced release" sh -c "klog | grep -q 'not on the device.s extent list any more: a lost forced release'"
check "no System RAM (cxl)" sh -c "! grep -q 'System RAM (cxl)' /proc/iomem"
expect_eq "MemTotal back" $total0 $(meminfo MemTotal)
expect_eq "Forced capacity release records traced" 8 "$(traced 'Forced capacity release')"
check "overflow traced again" grep -q "cxl_overflow:.*log=Dynamic Capacity" $T/trace
check "QEMU holds nothing" not_held 0 0:768M
destroy_region $reg || fail "destroy $reg"
