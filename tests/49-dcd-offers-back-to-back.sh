# rig: timeout=400
# Offers sent back to back, as a fabric manager may: the second arrives
# while the host still holds the first one's 8 records in QEMU's 8-record
# DC event log.  QEMU 10.0 dropped every record of such an offer yet kept
# it pending, and since only the first pending offer can be answered, the
# device took no capacity again (the bench's 512-extent run stalled so).
# The rig's QEMU refuses a request the log cannot take and rig/vm.py
# retries it once the host has cleared the log (rig/qemu 0007).  Three
# offers of 8 extents in a row: all 24 shown and accepted, no response
# refused by the device, and the device still takes a later offer.
# Before the fix: 8 extents shown, then none (the second offer lost).
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
size=$((256 << 20))
reg=$(dc_region_create $dcd $size) || fail "a committed dynamic_ram_1 region"
wr $reg /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $reg"
trap '[ -e $CXL/$reg ] && destroy_region $reg' EXIT

nr_extents() { ls -d $CXL/$reg/extent* 2>/dev/null | wc -l; }
has_extents() { [ "$(nr_extents)" = "$1" ]; }
offer() {	# offer FIRST: 8 extents of 2 MiB from FIRST MiB on
	local e="" i
	for i in 0 1 2 3 4 5 6 7; do e="$e $(($1 + 2 * i))M:2M"; done
	host_do dc-add 0 $e >/dev/null
}

offer 0 && offer 16 && offer 32 || fail "QMP add of three offers back to back"
check "24 extents shown" wait_for 30 has_extents 24
expect_eq "every extent accepted" "24 accepted" \
	"$(cat $CXL/$reg/extent*/state | sort | uniq -c | awk '{ print $1, $2 }')"
expect_eq "every offset once" 24 "$(cat $CXL/$reg/extent*/offset | sort -u | wc -l)"
check "no response refused by the device" \
	sh -c "! klog | grep -q 'Add Dynamic Capacity Response failed'"
host_do dc-add 0 48M:2M >/dev/null || fail "QMP add of one more extent"
check "the device still takes an offer" wait_for 30 has_extents 25

destroy_region $reg || fail "destroy $reg"
check "QEMU holds nothing" not_held 0 0:64M
