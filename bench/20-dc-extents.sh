# Benchmark b: Dynamic Capacity extents as System RAM (sysram_regionN of a
# dynamic_ram_1 region, kmem, online_movable) against the legacy path
# hotplugging the same total size as one kmem region.
#
# For each count N in BENCH_DC_COUNTS (default "4 16 64"; a count that does
# not fit in DC partition dynamic_ram_1 or in the static RAM device is
# skipped with a note: the rig's default DCD has 1 GiB per DC region, 8
# extents of one 128 MiB memory block, so rig/bench boots RIG_DCD_SIZE=16G
# and RIG_VMEM_SIZE=8G), BENCH_REPS times, alternating which goes first:
#   dc.N.add_online        QMP dc-add of N untagged 128 MiB extents, 8 per
#                          offer (QEMU's DC event log holds 8 records; the
#                          next offer goes when the kernel shows the
#                          extents of the last, which memwait sees within
#                          2 ms), until every block of them reads online
#   dc.N.offline_release   regionZ/release_extent of each extent in turn
#                          (each write offlines, removes and releases its
#                          extent before it returns); afterwards QEMU is
#                          asked to release each range and must refuse: it
#                          no longer holds it
#   dc.N.legacy_hotplug    bind of a committed N x 128 MiB RAM region on the
#                          static device until every block reads online
#                          (kmem, auto_online_blocks = online_movable)
#   dc.N.legacy_unplug     daxN.0/state = unplugged of that region
#   dc.N.group_hotplug     QMP dc-add of the same N x 128 MiB of the DC
#                          region as one tagged extent: a tag group, whose
#                          dax device kmem hotplugs in one range as it does
#                          a legacy region's daxX.0, until every block
#                          reads online - the legacy kmem path on the same
#                          Dynamic Capacity memory, so that what QEMU pays
#                          per access to DC memory (its DC region lookup
#                          and extent bitmap test) is on both sides
#   dc.N.group_unplug      regionZ/release_tag of that tag (kmem's memory
#                          offlined and removed, the extent released)
# The region set-up and tear-down around these steps, and one warm-up
# hotplug (common.sh), are not timed.
. /rig/bench/common.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
ep=$(endpoint_of $dcd) || fail "no endpoint for $dcd"
counts=${BENCH_DC_COUNTS:-"4 16 64"}
ext=$((128 << 20))
dcsize=$(( $(cat $CXL/$dcd/dynamic_ram_1/size) ))
vmsize=$(( $(cat $CXL/$vm/ram/size) ))
total0=$(meminfo MemTotal)
[ $ext = $(block_size) ] || log "memory block size is $(block_size), extents are $ext"

# one dynamic_ram_1 region over DC partition dynamic_ram_1, sysram bound with kmem and
# online_movable: every untagged extent offered becomes System RAM
ed=$(free_decoder $ep) || fail "no free decoder on $ep"
reg=$(region_alloc dynamic_ram_1 $dcsize) || fail "create a dynamic_ram_1 region"
trap '[ -e $CXL/$reg ] && destroy_region $reg; echo $AUTO0 > $AUTO' EXIT
wr dynamic_ram_1 $CXL/$ed/mode || fail "mode"
wr $dcsize $CXL/$ed/dpa_size || fail "dpa_size"
wr $ed $CXL/$reg/target0 || fail "target"
wr 1 $CXL/$reg/commit || fail "commit"
wr sysram $CXL/$reg/ram_consumer || fail "ram_consumer"
wr $reg /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $reg"
n=${reg#region}
wr kmem $CXL/sysram_region$n/consumer || fail "consumer"
wr online_movable $CXL/sysram_region$n/online_type || fail "online_type"
wr sysram_region$n /sys/bus/cxl/drivers/cxl_sysram_region/bind || fail "bind sysram_region$n"
rstart=$(( $(cat $CXL/$reg/resource) ))

extents() { ls -d $CXL/$reg/extent* 2>/dev/null; }
# shown N: the kernel shows N extents within 12 s (polled every 2 ms by
# one process: a shell loop would charge its forks and 0.1 s naps to every
# offer); dc() has dc_add_extents try it 10 times, for 120 s in all
shown() { $MW count $CXL/$reg extent $1 12 > /dev/null; }

dc() {
	local N=$1 i e names DC_ADD_WAIT=1
	t0=$(now)
	dc_add_extents 0 128 128 $N shown ||
		fail "dc $N: the kernel shows $(extents | wc -l) of $N extents"
	t1=$($MW $rstart $((N * ext)) online 600) || fail "dc $N: blocks not online"
	expect_eq "dc $N: extents" $N $(extents | wc -l)
	for e in $(extents); do
		expect_eq "dc $N: $(basename $e) state" online_movable "$(cat $e/state)"
	done
	blocks_online $rstart $((N * ext)) "dc $N"
	expect_eq "dc $N: MemTotal" $((total0 + $(managed $((N * ext))))) $(meminfo MemTotal)
	result dc.$N.add_online $t0 $t1
	log "dc $N extents add+online $(ms $t0 $t1)"

	names=$(extents | sed 's,.*/,,')
	t0=$(now)
	for e in $names; do
		wr $e $CXL/$reg/release_extent || fail "dc $N: release_extent $e"
	done
	t1=$(now)
	expect_eq "dc $N: extents after release" 0 $(extents | wc -l)
	blocks_gone $rstart $((N * ext)) "dc $N"
	expect_eq "dc $N: MemTotal" $total0 $(meminfo MemTotal)
	i=0
	while [ $i -lt $N ]; do
		check "dc $N: QEMU no longer holds $((i * 128))M" not_held 0 $((i * 128))M:128M
		i=$((i + 1))
	done
	result dc.$N.offline_release $t0 $t1
	log "dc $N extents offline+release $(ms $t0 $t1)"
}

TAG=62656e63-6867-4072-8f75-700000000001
group() {
	local N=$1 size=$(($1 * ext)) dev
	t0=$(now)
	host_do dc-add 0 tag=$TAG 0:$((N * 128))M >/dev/null || fail "group $N: QMP add"
	t1=$($MW $rstart $size online 600) || fail "group $N: blocks not online"
	expect_eq "group $N: extents" 1 $(extents | wc -l)
	dev=$(grep -l "^$TAG\$" $CXL/sysram_region$n/dax_region$n/dax$n.*/uuid 2>/dev/null)
	check "group $N: one dax device of tag $TAG" [ $(echo "$dev" | grep -c .) = 1 ]
	dev=$(dirname "$dev")
	expect_eq "group $N: $(basename $dev) driver" kmem "$(basename "$(readlink -f $dev/driver)")"
	expect_eq "group $N: $(basename $dev) size" $size $(cat $dev/size)
	blocks_online $rstart $size "group $N"
	expect_eq "group $N: MemTotal" $((total0 + $(managed $size))) $(meminfo MemTotal)
	result dc.$N.group_hotplug $t0 $t1
	log "group $N x 128 MiB (one tagged extent, kmem) hotplug $(ms $t0 $t1)"

	t0=$(now)
	wr $TAG $CXL/$reg/release_tag || fail "group $N: release_tag"
	t1=$(now)
	expect_eq "group $N: extents after release" 0 $(extents | wc -l)
	blocks_gone $rstart $size "group $N"
	expect_eq "group $N: MemTotal" $total0 $(meminfo MemTotal)
	check "group $N: QEMU no longer holds the tag's range" not_held 0 tag=$TAG 0:$((N * 128))M
	result dc.$N.group_unplug $t0 $t1
	log "group $N x 128 MiB unplug (release_tag) $(ms $t0 $t1)"
}

legacy() {
	local N=$1 size=$(($1 * ext)) r start
	r=$(create_ram_region_sysfs $vm $size) || fail "legacy $N: create"
	start=$(( $(cat $CXL/$r/resource) ))
	legacy_auto
	t0=$(now)
	wr $r /sys/bus/cxl/drivers/cxl_region/bind || fail "legacy $N: bind $r"
	t1=$($MW $start $size online 600) || fail "legacy $N: blocks not online"
	restore_auto
	blocks_online $start $size "legacy $N"
	expect_eq "legacy $N: MemTotal" $((total0 + $(managed $size))) $(meminfo MemTotal)
	result dc.$N.legacy_hotplug $t0 $t1
	log "legacy $r ($N x 128 MiB) hotplug $(ms $t0 $t1)"

	t0=$(now)
	wr unplugged /sys/bus/dax/devices/dax${r#region}.0/state || fail "legacy $N: unplug"
	t1=$(now)
	blocks_gone $start $size "legacy $N"
	expect_eq "legacy $N: MemTotal" $total0 $(meminfo MemTotal)
	result dc.$N.legacy_unplug $t0 $t1
	log "legacy $r ($N x 128 MiB) unplug $(ms $t0 $t1)"
	destroy_region $r || fail "legacy $N: destroy $r"
}

echo "BENCHPARAM dc.extent_size $ext"
warmup
for N in $counts; do
	if [ $((N * ext)) -gt $dcsize ] || [ $((N * ext)) -gt $vmsize ]; then
		log "skipped: $N extents of 128 MiB do not fit in dynamic_ram_1 ($dcsize bytes)" \
			"or the static RAM device ($vmsize bytes)"
		continue
	fi
	i=1
	while [ $i -le $REPS ]; do
		if [ $((i % 2)) = 1 ]; then
			dc $N; group $N; legacy $N
		else
			legacy $N; group $N; dc $N
		fi
		i=$((i + 1))
	done
done
destroy_region $reg || fail "destroy $reg"
