# Benchmark a: a RAM region (static capacity) of each size in
# BENCH_RAM_SIZES (MiB, default "512 2048 8192"; a size the static RAM
# device does not hold is skipped with a note: rig/bench boots
# RIG_VMEM_SIZE=8G) from nothing to System RAM online and back, through
# the Linux 7.3 path and through sysram_regionN, BENCH_REPS times each,
# alternating which goes first.  Keys: ram.<MiB>.<path>.<step>.
#   legacy: create_ram_region ... commit, bind: dax_regionN -> daxN.0 ->
#           kmem with the system default online type (auto_online_blocks,
#           set to online_movable for the run); offline+destroy is
#           daxN.0/state = unplugged, then unbind, decommit, free, delete
#   sysram: the same region creation, ram_consumer = sysram, bind,
#           consumer kmem + online_type online_movable, bind sysram_regionN;
#           offline+destroy is unbind, decommit, free, delete (unbinding
#           offlines and removes the memory sysram onlined)
# "create+online" ends when every block of the region reads online (seen
# by memwait), "offline+destroy" when the region is deleted.  One untimed
# warm-up hotplug runs first (common.sh).
. /rig/bench/common.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
sizes=${BENCH_RAM_SIZES:-"512 2048 8192"}
vmsize=$(( $(cat $CXL/$vm/ram/size) ))
drv=/sys/bus/cxl/drivers/cxl_sysram_region
total0=$(meminfo MemTotal)

gone() {
	check "$1: $r deleted" [ ! -e $CXL/$r ]
	blocks_gone $start $size "$1"
	expect_eq "$1: MemTotal" $total0 $(meminfo MemTotal)
}

legacy() {
	legacy_auto
	t0=$(now)
	r=$(create_ram_region_sysfs $vm $size) || fail "legacy: create"
	wr $r /sys/bus/cxl/drivers/cxl_region/bind || fail "legacy: bind $r"
	start=$(( $(cat $CXL/$r/resource) ))
	t1=$($MW $start $size online 600) || fail "legacy: blocks not online"
	restore_auto
	check "legacy: dax_region below $r" [ -d $CXL/$r/dax_region${r#region} ]
	blocks_online $start $size legacy
	expect_eq "legacy: MemTotal" $((total0 + $(managed $size))) $(meminfo MemTotal)
	result ram.$((size >> 20)).legacy.create_online $t0 $t1
	log "legacy $r create+online $(ms $t0 $t1)"

	t0=$(now)
	wr unplugged /sys/bus/dax/devices/dax${r#region}.0/state || fail "legacy: unplug"
	destroy_region $r || fail "legacy: destroy $r"
	t1=$(now)
	gone legacy
	result ram.$((size >> 20)).legacy.offline_destroy $t0 $t1
	log "legacy $r offline+destroy $(ms $t0 $t1)"
}

sysram() {
	t0=$(now)
	r=$(create_ram_region_sysfs $vm $size) || fail "sysram: create"
	n=${r#region}
	wr sysram $CXL/$r/ram_consumer || fail "sysram: ram_consumer"
	wr $r /sys/bus/cxl/drivers/cxl_region/bind || fail "sysram: bind $r"
	wr kmem $CXL/sysram_region$n/consumer || fail "sysram: consumer"
	wr online_movable $CXL/sysram_region$n/online_type || fail "sysram: online_type"
	wr sysram_region$n $drv/bind || fail "sysram: bind sysram_region$n"
	start=$(( $(cat $CXL/$r/resource) ))
	t1=$($MW $start $size online 600) || fail "sysram: blocks not online"
	expect_eq "sysram: sysram_region$n state" active "$(cat $CXL/sysram_region$n/state)"
	blocks_online $start $size sysram
	expect_eq "sysram: MemTotal" $((total0 + $(managed $size))) $(meminfo MemTotal)
	result ram.$((size >> 20)).sysram.create_online $t0 $t1
	log "sysram $r create+online $(ms $t0 $t1)"

	t0=$(now)
	destroy_region $r || fail "sysram: destroy $r"
	t1=$(now)
	gone sysram
	result ram.$((size >> 20)).sysram.offline_destroy $t0 $t1
	log "sysram $r offline+destroy $(ms $t0 $t1)"
}

warmup
for mib in $sizes; do
	size=$((mib << 20))
	if [ $size -gt $vmsize ]; then
		log "skipped: $mib MiB does not fit in the static RAM device ($vmsize bytes)"
		continue
	fi
	i=1
	while [ $i -le $REPS ]; do
		if [ $((i % 2)) = 1 ]; then legacy; sysram; else sysram; legacy; fi
		i=$((i + 1))
	done
done
