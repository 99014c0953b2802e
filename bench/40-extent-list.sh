# Benchmark d: many extents in one region (not System RAM: 2 MiB, the DC
# block size): `cxl list -r REGION --extents` and releasing every extent
# (regionZ/release_extent of each in turn), with 64 and with 512 extents
# (512: QEMU's limit) of a 1 GiB dynamic_ram_1 region.  Extents are
# offered 8 per QMP call (QEMU's DC event log holds 8 records), untimed.
# The listing is timed BENCH_REPS times; the release once per count (it
# empties the region).  The listing must show every extent, and after the
# release QEMU must hold nothing.  Keys: list.N, release_all.N; list.0
# (the region without extents) is the listing's fixed cost, which rig/bench
# takes off before comparing the cost per extent.
. /rig/bench/common.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
size=$((1 << 30))
blk=$((2 << 20))

reg=$(dc_region_create $dcd $size) || fail "a 1 GiB dynamic_ram_1 region"
trap '[ -e $CXL/$reg ] && destroy_region $reg; echo $AUTO0 > $AUTO' EXIT
wr $reg /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $reg"
nr() { ls -d $CXL/$reg/extent* 2>/dev/null | wc -l; }

# add N: offer N extents, 8 per call; log the time per 64 (untimed here)
shown() {
	[ "$(nr)" = $1 ] || return 1
	[ $(($1 % 64)) = 0 ] || return 0
	log "extents $(($1 - 63))-$1 added in $(ms $t0 $(now))"
	t0=$(now)
}
add() {
	local t0
	t0=$(now)
	DC_ADD_WAIT=300 dc_add_extents 0 2 2 $1 shown ||
		fail "offer of $1 extents: $(nr) shown"
}

run() {
	local N=$1 i=1 t0 t1 e
	[ $N = 0 ] || add $N
	while [ $i -le $REPS ]; do
		t0=$(now)
		cxl list -r $reg --extents > /tmp/list.json || fail "cxl list --extents"
		t1=$(now)
		expect_eq "$N extents listed" $N "$(jq '[.[0].extents[]?] | length' /tmp/list.json)"
		result list.$N $t0 $t1
		log "cxl list --extents with $N extents $(ms $t0 $t1)"
		i=$((i + 1))
	done
	[ $N != 0 ] || return 0
	t0=$(now)
	for e in $(ls -d $CXL/$reg/extent* | sed 's,.*/,,'); do
		wr $e $CXL/$reg/release_extent || fail "release_extent $e"
	done
	t1=$(now)
	expect_eq "extents after releasing $N" 0 $(nr)
	check "QEMU holds nothing of the first $N" not_held 0 0:$((N * blk))
	result release_all.$N $t0 $t1
	log "release of $N extents $(ms $t0 $t1)"
}

run 0
run 64
run 512
destroy_region $reg || fail "destroy $reg"
