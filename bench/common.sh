# bench/common.sh - sourced by the guest side of every benchmark (bench/NN-*.sh).
#
# A benchmark prints one line per timed run:
#     BENCH <key> <nanoseconds>
# and rig/bench (host side) takes the median of each key and the ratios.
# Every timed step is followed by untimed checks of what it did (memory
# blocks, zones, MemTotal, what QEMU holds): a run that did not do the work
# fails the benchmark instead of reporting a fast time.
. /rig/lib.sh
MW=/rig/bin/memwait
REPS=${BENCH_REPS:-3}
AUTO=$MEM/auto_online_blocks

now() { $MW now; }
# result KEY T0 T1: report one timed run
result() { echo "BENCH $1 $(( $3 - $2 ))"; }
# ms T0 T1: the same, for the log
ms() { echo "$(( ($2 - $1) / 1000000 ))ms"; }
# managed SIZE: what MemTotal grows by when SIZE is onlined by kmem or
# sysram with their default memmap_on_memory (1): less the memmap, 1/64 of
# it (64-byte struct page per 4 KiB page), on a kernel booted with
# memory_hotplug.memmap_on_memory (rig/bench boots it so); all of it else
MEMMAP_ON=$(cat /sys/module/memory_hotplug/parameters/memmap_on_memory 2>/dev/null || echo N)
managed() {
	if [ "$MEMMAP_ON" = N ]; then echo $1; else echo $(( $1 - $1 / 64 )); fi
}
# blocks_online START SIZE WHAT: every block online in ZONE_MOVABLE
blocks_online() {
	local nb=$(( $2 / $(block_size) ))
	expect_eq "$3: blocks" "online:$nb" "$(blocks_states $1 $2)"
	expect_eq "$3: zones" "Movable:$nb" "$(blocks_zones $1 $2)"
}
# blocks_gone START SIZE WHAT: no block left in the range
blocks_gone() {
	expect_eq "$3: blocks" "absent:$(( $2 / $(block_size) ))" "$(blocks_states $1 $2)"
}
# The legacy path onlines with the system default online type: make that
# default online_movable while it runs, as sysram's policy is, so both end
# in the same state.  auto_online_blocks is put back by restore_auto (and
# on exit).
AUTO0=$(cat $AUTO)
trap 'echo $AUTO0 > $AUTO' EXIT
legacy_auto() { wr online_movable $AUTO || fail "auto_online_blocks"; }
restore_auto() { wr $AUTO0 $AUTO || fail "restore auto_online_blocks"; }
# warmup: hotplug and unplug 256 MiB of static RAM (the smallest CXL
# region), untimed, so that the first memory ever onlined on the CXL node
# (node bring-up, first zone initialisation) is not charged to whichever
# path runs first
warmup() {
	local vm r start size=$((256 << 20))
	vm=$(memdev_by_serial $SN_VMEM) || fail "warmup: no static RAM memdev"
	r=$(create_ram_region_sysfs $vm $size) || fail "warmup: create"
	start=$(( $(cat $CXL/$r/resource) ))
	legacy_auto
	wr $r /sys/bus/cxl/drivers/cxl_region/bind || fail "warmup: bind $r"
	$MW $start $size online 120 >/dev/null || fail "warmup: blocks not online"
	restore_auto
	wr unplugged /sys/bus/dax/devices/dax${r#region}.0/state || fail "warmup: unplug"
	destroy_region $r || fail "warmup: destroy $r"
	log "warm-up: $r onlined and removed"
}
# node0_free: bytes free in node 0 (DRAM), in its buddy lists (MemFree)
# and its per-CPU page lists (zoneinfo "count"), after every slab cache was
# shrunk (which also empties KASAN's quarantine: it grows with the memory
# online and would count recently freed slab as consumed) - as test 47
node0_free() {
	for c in /sys/kernel/slab/*/shrink; do echo 1 > $c; done 2>/dev/null
	sync
	echo $(( $(awk '$3 == "MemFree:" { print $4 * 1024 }' /sys/devices/system/node/node0/meminfo) +
		$(awk '/^Node/ { n = $2 } n == "0," && $1 == "count:" { s += $2 } END { print s * 4096 }' /proc/zoneinfo) ))
}
# kasan_shadow: bytes of KASAN shadow vmalloc'd (from node 0) for
# hotplugged memory: the memory notifier's areas without a guard page
kasan_shadow() {
	awk '$3 ~ /^notifier_call_chain/ && $4 ~ /^pages=/ && $2 == substr($4, 7) * 4096 { s += $2 }
		END { print s + 0 }' /proc/vmallocinfo
}
# mem_result KEY BYTES: one measured amount of memory (not a time)
mem_result() { echo "BENCHMEM $1 $2"; }
