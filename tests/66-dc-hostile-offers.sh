# rig: timeout=400
# Values a Dynamic Capacity Device sends at run time are not trusted.  The
# rig's QEMU lies on purpose (x-dc-fault, rig/qemu/0006-...) while QEMU's
# own state stays what the QMP request asked for, and for each lie the
# kernel must refuse with its own log line, show no extent for it and
# leave QEMU holding nothing it did not accept; a good offer right after
# is accepted, so the device is not lost:
#  * extent-count: Get DC Extent List says the device holds 0xffffffff
#    extents (it supports 512) when a dynamic_ram_N region binds: the kernel
#    allocates nothing for that, reads no extent, and the region still binds
#    and takes offers;
#  * offer-wrap: an offered extent whose start + length wraps past 2^64;
#  * offer-outside: an offered extent right after the last DC partition;
#  * offer-overlap: one offer carrying the same extent twice: the first
#    copy is accepted, the second refused, the rest of the offer accepted.
# The static RAM device still gives System RAM through kmem afterwards.
# QEMU refuses an x-dc-fault value it does not know.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
size=$((512 << 20))

nr_extents() { ls -d $CXL/$reg/extent* 2>/dev/null | wc -l; }
no_extents() { [ "$(nr_extents)" = 0 ]; }
# extent_at OFFSET LENGTH: the extent of $reg at that region offset, of
# that length
extent_at() {
	for e in $CXL/$reg/extent*; do
		[ $(( $(cat $e/offset 2>/dev/null || echo -1) )) = $(( $1 )) ] &&
			[ $(( $(cat $e/length) )) = $(( $2 )) ] && { echo $e; return 0; }
	done
	return 1
}
# said TEXT: how many kernel log lines of this test contain TEXT
said() { klog | grep -cF "$1"; }
said_more() { [ "$(said "$1")" -gt "$2" ]; }
# good_offer: 0:128M is offered, accepted as an extent, given back on the
# device's request, and QEMU holds nothing any more
good_offer() {
	host_do dc-add 0 0:128M >/dev/null || fail "$1: QMP add of 0:128M"
	check "$1: a good offer right after is accepted" wait_for 20 extent_at 0 $((128 << 20))
	host_do dc-release 0 0:128M >/dev/null || fail "$1: QEMU does not hold 0:128M"
	check "$1: given back" wait_for 20 no_extents
	check "$1: QEMU no longer holds 0:128M" not_held 0 0:128M
}
cleanup() { [ -n "$reg" ] && destroy_region $reg; dc_fault none; }
fail() { echo "FAIL: $*"; cleanup; exit 1; }

# QEMU's own check of the property (not rig/vm.py's)
check "QEMU refuses an unknown x-dc-fault" qemu_refuses "'bogus' is none of none, extent-count" \
	qmp '{"execute": "qom-set", "arguments": {"path": "/machine/peripheral/cxl-dcd0", "property": "x-dc-fault", "value": "bogus"}}'
check "x-dc-fault is none" dc_fault_is none

# -- extent-count: read when the region binds ---------------------------------
reg=$(dc_region_create $dcd $size) || fail "a committed dynamic_ram_1 region"
check "x-dc-fault extent-count" dc_fault extent-count
wr $reg /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $reg"
check "$reg bound all the same" [ -e $CXL/$reg/driver ]
TOO_MANY="extent list of 4294967295 extents, above the 512 supported"
check "kernel: '$TOO_MANY'" said_more "$TOO_MANY" 0
check "kernel: region gave up the list" \
	said_more "$reg: cannot read the extents $dcd holds: -5" 0
expect_eq "no extent under $reg" 0 $(nr_extents)
good_offer extent-count
# the same bind with the fault off reads the list without a word
check "x-dc-fault none" dc_fault none
wr $reg /sys/bus/cxl/drivers/cxl_region/unbind || fail "unbind $reg"
wr $reg /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $reg again"
expect_eq "no new refusal of the list" 1 $(said "$TOO_MANY")

# refused_offer KIND TEXT: with fault KIND set, the offer of 0:128M is
# refused with TEXT in the kernel log, the fault clears itself, no extent
# appears, QEMU does not hold the range, and a good offer still works
refused_offer() {
	local n
	n=$(said "$2")
	check "x-dc-fault $1" dc_fault $1
	host_do dc-add 0 0:128M >/dev/null || fail "QMP add 0:128M ($1)"
	check "kernel: '$2'" wait_for 20 said_more "$2" $n
	check "the fault was for that offer only" dc_fault_is none
	sleep 1
	expect_eq "no extent for the $1 offer" 0 $(nr_extents)
	check "QEMU does not hold 0:128M" not_held 0 0:128M
	good_offer $1
}

# -- offer-wrap ---------------------------------------------------------------
# 0:128M goes out as start 2^64 - 64M: the kernel names the values the
# device sent, then reads them as an empty range (0x1-0x0) that no
# partition contains
WRAPS="extent at 0xfffffffffc000000, 0x8000000 bytes long: wraps past the end of the DPA space"
refused_offer offer-wrap "rejecting extent 0x1-0x0: outside any DC partition"
check "kernel: '$WRAPS'" said_more "$WRAPS" 0

# -- offer-outside --------------------------------------------------------------
# dynamic_ram_2 ends at DPA 2 GiB: 0:128M goes out as 0x80000000-0x87ffffff
refused_offer offer-outside "rejecting extent 0x80000000-0x87ffffff: outside any DC partition"

# -- offer-overlap ----------------------------------------------------------------
# records 0:128M, 0:128M, 256M:64M in one offer
DUP="rejecting extent 0x0-0x7ffffff: overlaps another extent of the offer"
check "x-dc-fault offer-overlap" dc_fault offer-overlap
host_do dc-add 0 0:128M 256M:64M >/dev/null || fail "QMP add 0:128M 256M:64M (first twice)"
check "kernel: '$DUP'" wait_for 20 said_more "$DUP" 0
expect_eq "the second copy only was refused" 1 $(said "$DUP")
check "the fault was for that offer only" dc_fault_is none
check "the rest of the offer accepted" wait_for 20 extent_at $((256 << 20)) $((64 << 20))
check "0:128M accepted once" extent_at 0 $((128 << 20))
expect_eq "two extents, not three" 2 $(nr_extents)
# QEMU holds what the kernel accepted, and no more
host_do dc-release 0 0:128M 256M:64M >/dev/null || fail "QEMU does not hold both extents"
check "both given back" wait_for 20 no_extents
check "QEMU no longer holds 0:128M" not_held 0 0:128M
check "QEMU no longer holds 256M:64M" not_held 0 256M:64M
good_offer offer-overlap

destroy_region $reg || fail "destroy $reg"
reg=
check "QEMU holds nothing in dc0 after teardown" not_held 0 0:512M
check "the static RAM device still gives System RAM" static_ram_works $((256 << 20))
check "no release failed on the way" sh -c "! klog | grep -q 'release 0x.* failed'"
