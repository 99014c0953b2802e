# rig: timeout=300 fresh
# Dynamic Capacity tags and forced release, as the rig's QEMU (rig/qemu/)
# sends them. A tagged offer shows its tag in regionZ/extentZ.N/uuid (every
# extent of the offer), an untagged one has no uuid attribute; QEMU refuses a tag
# that is no UUID, and a release whose tag is not the extent's. A forced
# release (Forced Capacity Release record, type 02h) removes the extent from
# sysfs at once, the kernel logs it and sends no Release back, and QEMU no
# longer holds the capacity (it can be offered again). The DCD's CDAT marks
# each DC partition's DSMAS (found through dynamic_ram_N/dsmad_handle) Dynamic
# Capacity, and Shareable exactly for the regions RIG_DC_SHAREABLE names
# (rig.dc_shareable= on the kernel command line, 0 by default).
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
rd=$(root_decoder) || fail "no RAM root decoder"
ep=$(endpoint_of $dcd) || fail "no endpoint for $dcd"
size=$((512 << 20))
T1=6a2b6d2e-1f3c-4e8a-9d0b-5a1e2f3c4d5e
T2=0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9
M=$((1 << 20))

# -- CDAT: DSMAS flags of the DC partitions --------------------------------
# dsmas_flags HANDLE: Flags byte of the CDAT DSMAS entry with that DSMAD
# handle (CDAT header 16 bytes; entries {u8 type, u8 rsvd, u16 length, ...};
# DSMAS is type 0 with the handle at +4 and the flags at +5).
dsmas_flags() {
	od -An -v -tu1 $CXL/$ep/CDAT | awk -v h="$1" '
		{ for (i = 1; i <= NF; i++) b[n++] = $i }
		END {
			off = 16
			while (off + 6 <= n) {
				len = b[off + 2] + 256 * b[off + 3]
				if (len < 4) exit 1
				if (b[off] == 0 && b[off + 4] == h) { print b[off + 5]; exit 0 }
				off += len
			}
			exit 1
		}'
}
shareable=$(sed -n 's/.*rig\.dc_shareable=\([0-9]*\).*/\1/p' /proc/cmdline)
shareable=${shareable:-0}
log "rig.dc_shareable=$shareable"
for n in 0 1; do	# DC region n, partition dynamic_ram_(n + 1)
	p=dynamic_ram_$((n + 1))
	h=$(cat $CXL/$dcd/$p/dsmad_handle) || fail "$p/dsmad_handle"
	f=$(dsmas_flags $h) || fail "no DSMAS with handle $h in the CDAT of $ep"
	log "$p: DSMAS handle $h flags $(hex $f)"
	expect_eq "$p DSMAS: Dynamic Capacity (bit 5)" 32 $((f & 32))
	expect_eq "$p DSMAS: Shareable (bit 3) as configured" \
		$(( (shareable >> n & 1) * 8 )) $((f & 8))
done

# -- a dynamic_ram_1 region over the first 512 MiB of dynamic_ram_1 -------
ed=$(free_decoder $ep) || fail "no free decoder on $ep"
reg=$(region_alloc dynamic_ram_1 $size) || fail "create a dynamic_ram_1 region"
wr dynamic_ram_1 $CXL/$ed/mode || fail "mode"
wr $size $CXL/$ed/dpa_size || fail "dpa_size"
wr $ed $CXL/$reg/target0 || fail "target"
wr 1 $CXL/$reg/commit || fail "commit"
wr $reg /sys/bus/cxl/drivers/cxl_region/bind || fail "bind"
log "$reg over $ed"

nr_extents() { ls -d $CXL/$reg/extent* 2>/dev/null | wc -l; }
# extent_at OFFSET: the extent of $reg at that region offset
extent_at() {
	for e in $CXL/$reg/extent*; do
		[ $(( $(cat $e/offset 2>/dev/null || echo -1) )) = $(( $1 )) ] && { echo $e; return 0; }
	done
	return 1
}
no_extent_at() { ! extent_at "$1" >/dev/null; }
tag_at() { cat "$(extent_at $1)/uuid"; }
forced_logged() { [ "$(klog | grep -c 'forcibly removed by the device')" = "$1" ]; }

# -- tags ------------------------------------------------------------------
host_do dc-add 0 tag=$T1 0:64M >/dev/null || fail "QMP tagged add"
check "tagged extent appears" wait_for 10 extent_at 0
expect_eq "its tag" $T1 "$(tag_at 0)"

host_do dc-add 0 tag=$T2 64M:32M 96M:32M >/dev/null || fail "QMP tagged 2-extent add"
check "both extents of the tagged offer appear" wait_for 10 extent_at $((96 * M))
expect_eq "first extent of the offer: tag" $T2 "$(tag_at $((64 * M)))"
expect_eq "second extent of the offer: tag" $T2 "$(tag_at $((96 * M)))"

host_do dc-add 0 128M:32M >/dev/null || fail "QMP untagged add"
check "untagged extent appears" wait_for 10 extent_at $((128 * M))
check "untagged extent: no uuid attribute" [ ! -e "$(extent_at $((128 * M)))/uuid" ]

err=$(host_do dc-add 0 tag=not-a-uuid 160M:2M 2>&1) && fail "QEMU took tag=not-a-uuid"
case $err in *"is not a UUID"*) log "ok: bad tag refused: $err" ;;
*) fail "bad tag: unexpected error '$err'" ;; esac
sleep 1
check "nothing offered for the bad tag" no_extent_at $((160 * M))
check "QEMU holds nothing at 160M" not_held 0 160M:2M
expect_eq "extents held" 4 $(nr_extents)

# a release names the tag of what it takes back
check "release of $T1 capacity with tag $T2 refused by QEMU" qemu_refuses "extents without tag" dc-release 0 tag=$T2 0:64M
check "release of untagged capacity with tag $T1 refused by QEMU" qemu_refuses "extents without tag" dc-release 0 tag=$T1 128M:32M
expect_eq "refused releases change nothing" 4 $(nr_extents)
host_do dc-release 0 tag=$T1 0:64M >/dev/null || fail "release with the right tag"
check "released tagged extent disappears" wait_for 10 no_extent_at 0
check "QEMU no longer holds 0:64M" not_held 0 0:64M

# -- forced release ----------------------------------------------------------
nforced=$(klog | grep -c 'forcibly removed by the device')
host_do dc-release 0 forced 64M:32M >/dev/null || fail "QMP forced release"
check "forcibly released extent disappears" wait_for 10 no_extent_at $((64 * M))
check "the kernel logged the forced removal" wait_for 5 forced_logged $((nforced + 1))
expect_eq "the rest of the offer stays, tagged" $T2 "$(tag_at $((96 * M)))"
check "QEMU no longer holds 64M:32M" not_held 0 64M:32M
check "the kernel sent no Release for it" sh -c "! klog | grep -q 'release 0x4000000-0x5ffffff failed'"
# capacity QEMU still held would be refused ("already accessible")
host_do dc-add 0 tag=$T1 64M:32M >/dev/null || fail "QEMU refused to offer 64M:32M again"
check "re-offered extent appears" wait_for 10 extent_at $((64 * M))
expect_eq "re-offered extent: new tag" $T1 "$(tag_at $((64 * M)))"

check "forced release with the wrong tag refused by QEMU" qemu_refuses "extents without tag" dc-release 0 tag=$T1 forced 96M:32M
check "forced release of capacity not held refused by QEMU" qemu_refuses "$QEMU_NOT_HELD" dc-release 0 forced 200M:2M
sleep 1
expect_eq "refused forced releases change nothing" 3 $(nr_extents)
check "no forced removal logged for them" forced_logged $((nforced + 1))

# two ranges in one forced release: one record each
e96=$(extent_at $((96 * M))) && e128=$(extent_at $((128 * M))) || fail "extents at 96M, 128M"
host_do dc-release 0 forced 96M:32M 128M:32M >/dev/null || fail "QMP forced release of two extents"
check "both forcibly released extents disappear" wait_for 10 sh -c "[ ! -e $e96 ] && [ ! -e $e128 ]"
check "two more forced removals logged" wait_for 5 forced_logged $((nforced + 3))
expect_eq "extents left" 1 $(nr_extents)

# -- teardown: the region gives the rest back -----------------------------------
destroy_region $reg || fail "destroy $reg"
check "$reg is gone" [ ! -e $CXL/$reg ]
check "QEMU no longer holds 64M:32M after teardown" not_held 0 64M:32M
check "no release failed on the way" sh -c "! klog | grep -q 'release 0x.* failed'"
