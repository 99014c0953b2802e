# Benchmark c: DRAM (node 0) consumed per GiB hotplugged, with the memmap
# on the hotplugged memory and without.  Each variant onlines BENCH_DRAM_SIZE
# (default 2 GiB, 16 memory blocks) and reports what node 0's free memory
# (buddy and per-CPU lists, slab shrunk; common.sh node0_free) lost, per
# GiB, less the KASAN shadow of the new memory (1/8 of it on the debug
# flavour, from node 0 whatever the memmap; reported apart):
#   ram.sysram_memmap1   a RAM region through sysram (kmem, online_movable,
#                        sysram_regionN/memmap_on_memory = 1, the default)
#   ram.sysram_memmap0   the same with memmap_on_memory = 0
#   ram.legacy           the Linux 7.3 path (dax_regionN -> kmem, whose
#                        daxN.0/memmap_on_memory dax/cxl sets)
#   dc.sysram_memmap1    untagged 128 MiB extents of a dynamic_ram_1 region
#   dc.sysram_memmap0    through sysram, memmap_on_memory 1 and 0
# On a kernel booted without memory_hotplug.memmap_on_memory every variant
# keeps its memmap in DRAM (16 MiB per GiB); rig/bench boots with it.
# Memory, not time: one run per variant (BENCH_REPS is not used).
. /rig/bench/common.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
size=${BENCH_DRAM_SIZE:-$((2 << 30))}
ext=$((128 << 20))
drv=/sys/bus/cxl/drivers/cxl_sysram_region
gib=$((1 << 30))

# before / after VARIANT START: node 0's loss between them, per GiB
before() { free0=$(node0_free); shadow0=$(kasan_shadow); }
after() {
	local free1 shadow
	$MW $2 $size online 600 >/dev/null || fail "$1: blocks not online"
	blocks_online $2 $size "$1"
	free1=$(node0_free)
	shadow=$(( $(kasan_shadow) - shadow0 ))
	mem_result dram.$1.per_gib $(( (free0 - free1 - shadow) * gib / size ))
	mem_result dram.$1.kasan_per_gib $((shadow * gib / size))
	log "$1: node 0 lost $(( (free0 - free1) >> 10 )) KiB for $((size >> 20)) MiB," \
		"KASAN shadow $((shadow >> 10)) KiB of it"
}

ram_sysram() {
	local r n start
	r=$(sysram_region_create $vm $size) || fail "ram: create"
	n=${r#region}
	wr kmem $CXL/sysram_region$n/consumer && wr online_movable $CXL/sysram_region$n/online_type &&
		wr $1 $CXL/sysram_region$n/memmap_on_memory || fail "ram: policy"
	start=$(( $(cat $CXL/$r/resource) ))
	before
	wr sysram_region$n $drv/bind || fail "ram: bind sysram_region$n"
	after ram.sysram_memmap$1 $start
	destroy_region $r || fail "ram: destroy $r"
}

ram_legacy() {
	local r start
	r=$(create_ram_region_sysfs $vm $size) || fail "legacy: create"
	start=$(( $(cat $CXL/$r/resource) ))
	legacy_auto
	before
	wr $r /sys/bus/cxl/drivers/cxl_region/bind || fail "legacy: bind $r"
	after ram.legacy $start
	restore_auto
	log "legacy dax${r#region}.0/memmap_on_memory: $(cat /sys/bus/dax/devices/dax${r#region}.0/memmap_on_memory)"
	wr unplugged /sys/bus/dax/devices/dax${r#region}.0/state || fail "legacy: unplug"
	destroy_region $r || fail "legacy: destroy $r"
}

# shown REGION N: REGION shows N extents
shown() { [ "$(ls -d $CXL/$1/extent* 2>/dev/null | wc -l)" = $2 ]; }

dc_sysram() {
	local r start N=$((size / ext))
	r=$(dc_region_create $dcd $size) || fail "dc: create"
	dc_sysram_bind $r kmem online_movable $1 || fail "dc: sysram on $r"
	start=$(( $(cat $CXL/$r/resource) ))
	before
	dc_add_extents 0 128 128 $N shown $r || fail "dc: $N extents"
	after dc.sysram_memmap$1 $start
	destroy_region $r || fail "dc: destroy $r"
	check "dc: QEMU holds nothing" not_held 0 0:$size
}

echo "BENCHPARAM dram.size $size"
log "memory_hotplug.memmap_on_memory: $MEMMAP_ON"
warmup
ram_legacy
ram_sysram 1
ram_sysram 0
dc_sysram 1
dc_sysram 0
