# rig: timeout=900
# rig: qemu-env=RIG_APPEND=memory_hotplug.memmap_on_memory=1
# rig: qemu-env=RIG_DCD_SIZE=16G
# rig: qemu-env=RIG_MEM=3G
# Scale (issue 13): 64 untagged extents of one 128 MiB memory block each,
# an 8 GiB DC region (RIG_DCD_SIZE=16G: two DC regions of 8 GiB), become
# System RAM through sysram with their memmap on the memory itself
# (sysram_regionN/memmap_on_memory=1, kernel booted with
# memory_hotplug.memmap_on_memory=1), offered 8 per QMP call (QEMU's DC
# event log holds 8 records).  Every block is online in ZONE_MOVABLE, and:
#   * MemTotal grows by 64 x 126 MiB: the 2 MiB of struct pages at the
#     start of each block are the block's own (vmemmap, not managed);
#   * node 0 (DRAM) does not pay for their memmap: 64 blocks would take
#     128 MiB of it with the memmap in DRAM.  What node 0 loses (free
#     pages, in its buddy and per-CPU lists), less the KASAN shadow of the
#     new memory (debug flavour: 1/8 of what each block onlines, 64 x
#     15.75 MiB, vmalloc'd from node 0 when the block goes online; counted
#     from /proc/vmallocinfo, 0 without KASAN; RIG_MEM=3G leaves room for
#     it), must stay under 32 MiB, a quarter of that memmap: memory block
#     devices, sysfs, resources, page tables of the shadow and of the
#     direct map, kmemleak metadata (measured: 9 MiB, 145 KiB per block).
#     With memmap_on_memory=0 node 0 loses 128 MiB more and the check
#     fails.
# Then every extent goes: 56 by the host (regionN/release_extent), the last
# 8 by the device (one QMP release of 8 ranges).  Blocks, MemTotal, node 0
# free memory (within the same 32 MiB), the shadow and /proc/iomem are back
# to what they were, and QEMU holds nothing of the 8 GiB.  Only struct
# pages and the shadow are written: the extents' memory is never touched.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
mb=$((1 << 20))
ext=$((128 * mb))
N=64
size=$((N * ext))
memmap=1
bound=$((32 * mb))

expect_eq "the kernel allows memmap on memory" Y \
	"$(cat /sys/module/memory_hotplug/parameters/memmap_on_memory)"
expect_eq "memory block size" $ext $(block_size)
expect_eq "DC partition dynamic_ram_1 holds $N blocks" $(hex $size) \
	"$(cat $CXL/$dcd/dynamic_ram_1/size)"

# node0_free: bytes free in node 0 (DRAM): in its buddy lists (MemFree)
# and in its per-CPU page lists (zoneinfo "count", not in MemFree), after
# every slab cache was shrunk: that also empties KASAN's quarantine of
# freed objects, which grows with the memory onlined (1/32 of it at most)
# and would otherwise count 60-70 MiB of recently freed slab as lost
node0_pcp() {
	awk '/^Node/ { n = $2 } n == "0," && $1 == "count:" { s += $2 } END { print s * 4096 }' /proc/zoneinfo
}
node0_free() {
	for c in /sys/kernel/slab/*/shrink; do echo 1 > $c; done 2>/dev/null
	sync
	echo $(( $(awk '$3 == "MemFree:" { print $4 * 1024 }' /sys/devices/system/node/node0/meminfo) +
		$(node0_pcp) ))
}
# kasan_shadow: bytes of KASAN shadow vmalloc'd for hotplugged memory: the
# memory notifier's vmalloc areas without a guard page (VM_NO_GUARD; its
# caller shows as notifier_call_chain)
kasan_shadow() {
	awk '$3 ~ /^notifier_call_chain/ && $4 ~ /^pages=/ && $2 == substr($4, 7) * 4096 { s += $2 }
		END { print s + 0 }' /proc/vmallocinfo
}
kib() { echo "$(($1 / 1024)) KiB"; }
nr_extents() { ls -d $CXL/$reg/extent* 2>/dev/null | wc -l; }
has_extents() { [ "$(nr_extents)" = "$1" ]; }
all_online() { [ "$(blocks_states $rstart $size)" = "online:$N" ]; }
all_gone() { [ "$(blocks_states $rstart $size)" = "absent:$N" ]; }

iomem0=$(cat /proc/iomem)
blocks0=$(ls $MEM | grep -c '^memory[0-9]')
total0=$(meminfo MemTotal)
shadow0=$(kasan_shadow)

reg=$(dc_region_create $dcd $size) || fail "an 8 GiB dynamic_ram_1 region"
trap '[ -e $CXL/$reg ] && destroy_region $reg' EXIT
dc_sysram_bind $reg kmem online_movable $memmap || fail "sysram on $reg (memmap_on_memory=$memmap)"
n=${reg#region}
expect_eq "sysram_region$n/memmap_on_memory" $memmap \
	"$(cat $CXL/$reg/sysram_region$n/memmap_on_memory)"
rstart=$(( $(cat $CXL/$reg/resource) ))
free0=$(node0_free)
pcp0=$(node0_pcp)

t0=$(cut -d' ' -f1 /proc/uptime)
dc_add_extents 0 128 128 $N has_extents || fail "offer of $N extents: $(nr_extents) shown"
check "all $N blocks online" wait_for 300 all_online
t1=$(cut -d' ' -f1 /proc/uptime)
log "$N extents added and online in $(echo "$t0 $t1" | awk '{ printf "%.1f", $2 - $1 }')s"
expect_eq "every block in ZONE_MOVABLE" "Movable:$N" "$(blocks_zones $rstart $size)"
expect_eq "every extent online_movable" "$N online_movable" \
	"$(cat $CXL/$reg/extent*/state | sort | uniq -c | awk '{ print $1, $2 }')"
expect_eq "System RAM (cxl) ranges in /proc/iomem" $N \
	"$(grep -c ' : System RAM (cxl)$' /proc/iomem)"

free1=$(node0_free)
log "node 0 per-CPU lists: $(kib $pcp0) before, $(kib $(node0_pcp)) with the extents online"
shadow=$(( $(kasan_shadow) - shadow0 ))
loss=$((free0 - free1))
log "node 0 lost $(kib $loss): KASAN shadow $(kib $shadow), the rest $(kib $((loss - shadow)))" \
	"($(kib $(( (loss - shadow) / N ))) per block)"
grown=$(( $(meminfo MemTotal) - total0 ))
check "shadow is 0 or 1/8 of the memory onlined" [ $shadow = 0 -o $shadow = $((grown / 8)) ]
check "node 0 did not pay for the memmap: lost $(kib $((loss - shadow))) besides the shadow, bound $(kib $bound)" \
	[ $((loss - shadow)) -lt $bound ]
expect_eq "MemTotal grew by $N x 126 MiB (memmap on the blocks)" $((N * (ext - 2 * mb))) $grown

# release: 56 by the host, the last 8 by the device
t0=$(cut -d' ' -f1 /proc/uptime)
for e in $CXL/$reg/extent*; do
	[ $(( $(cat $e/offset) )) -lt $(( (N - 8) * ext )) ] || continue
	wr $(basename $e) $CXL/$reg/release_extent || fail "release_extent $(basename $e)"
done
expect_eq "extents left after 56 host releases" 8 $(nr_extents)
offer=""
for j in 0 1 2 3 4 5 6 7; do offer="$offer $(( (N - 8 + j) * 128 ))M:128M"; done
host_do dc-release 0 $offer >/dev/null || fail "QMP release of the last 8"
check "no extent left" wait_for 120 has_extents 0
check "every block gone" wait_for 60 all_gone
t1=$(cut -d' ' -f1 /proc/uptime)
log "$N extents offlined and released in $(echo "$t0 $t1" | awk '{ printf "%.1f", $2 - $1 }')s"
expect_eq "MemTotal back" $total0 $(meminfo MemTotal)
expect_eq "KASAN shadow of the extents freed" $shadow0 $(kasan_shadow)
free2=$(node0_free)
log "node 0 free: $(kib $free0) before, $(kib $free2) after release"
check "node 0 free memory back (within $(kib $bound))" [ $((free0 - free2)) -lt $bound ]
check "no System RAM (cxl) left in /proc/iomem" sh -c "! grep -q ' : System RAM (cxl)$' /proc/iomem"
check "QEMU holds nothing of the 8 GiB" not_held 0 0:8G
destroy_region $reg || fail "destroy $reg"
expect_eq "memory blocks back to baseline" $blocks0 $(ls $MEM | grep -c '^memory[0-9]')
check "/proc/iomem as before" [ "$(cat /proc/iomem)" = "$iomem0" ]
check "no release failed" sh -c "! klog | grep -q 'release 0x.* failed'"
