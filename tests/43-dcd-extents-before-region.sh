# Extents the device already holds when a dynamic_ram_1 region binds are read
# from the device (Get Dynamic Capacity Extent List) and shown like offered
# ones.  Phase 1 accepts 65 extents into a region (more than one page of
# the list: QEMU returns at most 50 per call) and kexecs into the same
# kernel without tearing it down: QEMU keeps the decoder committed and the
# extents accepted.  Phase 2: the region is auto-assembled and shows the
# same extents at the same offsets (its mode is dynamic_ram_1 again, from
# the endpoint decoder); they are really held (a device release
# removes one, teardown gives the rest back), new offers still work, and a
# region created afterwards over the same DPA starts empty.
# rig: fresh timeout=600
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
ep=$(endpoint_of $dcd) || fail "no endpoint for $dcd"
size=$((512 << 20))

nr_extents() { ls -d $CXL/$1/extent* 2>/dev/null | wc -l; }
has_extents() { [ "$(nr_extents $1)" = "$2" ]; }
# extent_at REGION OFFSET: the extent of REGION at that region offset
extent_at() {
	for e in $CXL/$1/extent*; do
		[ $(( $(cat $e/offset 2>/dev/null || echo -1) )) = $(( $2 )) ] && { echo $e; return 0; }
	done
	return 1
}
has_extent_at() { extent_at "$1" "$2" >/dev/null; }
no_extent_at() { ! has_extent_at "$1" "$2"; }
# what phase 1 adds: 0:128M, then 64 x 2 MiB at dynamic_ram_1+256M, every 4 MiB, in
# offers of 8 (QEMU's DC event log holds 8 records)
NSMALL=64

new_dc_region() {
	ed=$(free_decoder $ep) || { echo "no free decoder on $ep" >&2; return 1; }
	r=$(region_alloc dynamic_ram_1 $size) || return 1
	wr dynamic_ram_1 $CXL/$ed/mode && wr $size $CXL/$ed/dpa_size &&
		wr $ed $CXL/$r/target0 && wr 1 $CXL/$r/commit &&
		wr $r /sys/bus/cxl/drivers/cxl_region/bind || return 1
	echo $r
}

if [ "$(phase)" = 1 ]; then
	reg=$(new_dc_region) || fail "dynamic_ram_1 region"
	host_do dc-add 0 0:128M >/dev/null || fail "QMP add 0:128M"
	check "first extent" wait_for 10 has_extents $reg 1
	# the first one and the small ones offered so far
	shown() { has_extents $reg $(($1 + 1)); }
	DC_ADD_WAIT=20 dc_add_extents 256 4 2 $NSMALL shown ||
		fail "$NSMALL more extents: $(nr_extents $reg) shown"
	log "$reg holds $(nr_extents $reg) extents, kexec-ing"
	kexec_reboot
fi

log "phase $(phase): after kexec"
reg=
for d in $CXL/region*; do [ -d "$d" ] && reg=$(basename $d); done
check "a region was auto-assembled ($reg)" [ -n "$reg" ]
expect_eq "$reg mode" dynamic_ram_1 "$(cat $CXL/$reg/mode)"
expect_eq "$(cat $CXL/$reg/target0) mode" dynamic_ram_1 "$(cat $CXL/$(cat $CXL/$reg/target0)/mode)"
check "$reg is bound" wait_for 30 [ -e $CXL/$reg/driver ]
ed=$(cat $CXL/$reg/target0)
expect_eq "$ed DPA" 0x0 "$(cat $CXL/$ed/dpa_resource)"
check "$((NSMALL + 1)) held extents shown" wait_for 10 has_extents $reg $((NSMALL + 1))
check "kernel logged them" sh -c "klog | grep -q '$reg: $((NSMALL + 1)) extents already held by the device'"
e=$(extent_at $reg 0) || fail "extent at offset 0"
expect_eq "its length" 0x8000000 "$(cat $e/length)"
expect_eq "its dpa_start" 0x0 "$(cat $e/dpa_start)"
expect_eq "its state" accepted "$(cat $e/state)"
check "untagged: no uuid attribute" [ ! -e $e/uuid ]
# every extent: "offset length dpa_start", as phase 1 offered them
want=$({
	echo "0x0 0x8000000 0x0"
	i=0
	while [ $i -lt $NSMALL ]; do
		o=$(hex $(( (256 + 4 * i) << 20 )))
		echo "$o 0x200000 $o"
		i=$((i + 1))
	done; } | sort)
got=$(for e in $CXL/$reg/extent*; do
	echo "$(cat $e/offset) $(cat $e/length) $(cat $e/dpa_start)"
done | sort)
[ "$want" = "$got" ] || fail "extents after kexec differ: $(echo "$got" | tr '\n' ',')"
log "ok: all $((NSMALL + 1)) extents at their offsets, lengths and DPAs"

# QEMU still holds them, and the kernel knows: a device release goes through
host_do dc-release 0 260M:2M >/dev/null || fail "QEMU holds 260M:2M"
check "released extent disappears" wait_for 10 no_extent_at $reg $((260 << 20))
expect_eq "$NSMALL extents left" $NSMALL $(nr_extents $reg)
# offers are answered as before, next to the loaded extents
host_do dc-add 0 128M:64M >/dev/null || fail "QMP add 128M:64M"
check "new extent appears" wait_for 10 has_extent_at $reg $((128 << 20))
expect_eq "$((NSMALL + 1)) extents" $((NSMALL + 1)) $(nr_extents $reg)

# teardown releases the loaded extents like the others
destroy_region $reg || fail "destroy $reg"
check "QEMU no longer holds 0:128M" not_held 0 0:128M
check "QEMU no longer holds 256M:2M" not_held 0 256M:2M
check "QEMU no longer holds 508M:2M" not_held 0 508M:2M
check "QEMU no longer holds 128M:64M" not_held 0 128M:64M

# a region created over the same DPA now starts empty
nr_loads() { klog | grep -c 'already held by the device'; }
loads=$(nr_loads)
reg=$(new_dc_region) || fail "new dynamic_ram_1 region"
sleep 1
expect_eq "$reg starts with no extent" 0 $(nr_extents $reg)
expect_eq "nothing loaded at bind" $loads $(nr_loads)
destroy_region $reg || fail "destroy $reg"
