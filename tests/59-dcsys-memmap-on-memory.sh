# rig: timeout=600
# rig: qemu-env=RIG_APPEND=memory_hotplug.memmap_on_memory=1
# sysram_regionN/memmap_on_memory (default 1, as dax/cxl asks for every
# kmem device): on a kernel booted with memory_hotplug.memmap_on_memory,
# the memmap of what sysram adds lives in that memory, not in DRAM.  Node
# 0 (DRAM) must not lose the 2 MiB per 128 MiB block that the struct pages
# take: eight untagged extents (1 GiB, 16 MiB of memmap) added as offline
# System RAM with memmap_on_memory=0 cost node 0 at least 16 MiB, and with
# the default at least 12 MiB less (the rest is what the kernel allocates
# for the memory either way: memory block devices, page tables).  A tag
# group's and a RAM region's dax device carry the policy
# (daxX.Y/memmap_on_memory).  Blocks with their memmap inside online into
# ZONE_MOVABLE and go again on release.  Bad values and writes while bound
# are refused, changing nothing.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
drv=/sys/bus/cxl/drivers/cxl_sysram_region
mb=$((1 << 20))
blocks0=$(ls $MEM | grep -c '^memory[0-9]')
T1=7b1a3c5e-0d2f-4e61-9a8b-3c4d5e6f7081

expect_eq "the kernel allows memmap on memory" Y \
	"$(cat /sys/module/memory_hotplug/parameters/memmap_on_memory)"

# node0_free: bytes free in node 0 (DRAM), after the kernel settled
node0_free() {
	sync
	awk '$3 == "MemFree:" { print $4 * 1024 }' /sys/devices/system/node/node0/meminfo
}
nr_extents() { ls -d $CXL/$1/extent* 2>/dev/null | wc -l; }
has_extents() { [ "$(nr_extents $1)" = "$2" ]; }

# dc_region MEMMAP ONLINE_TYPE: a 1 GiB dynamic_ram_1 region through sysram
# (kmem) with memmap_on_memory MEMMAP, bound
dc_region() {
	local r
	r=$(dc_region_create $dcd $((1 << 30))) || return 1
	dc_sysram_bind $r kmem $2 $1 || return 1
	echo $r
}

# eight_extents MEMMAP: node 0's loss, in bytes, to 8 offline extents,
# in $loss
eight_extents() {
	local r before after
	r=$(dc_region $1 offline) || fail "region with memmap_on_memory=$1"
	expect_eq "memmap_on_memory reads $1" $1 "$(cat $CXL/$r/sysram_region${r#region}/memmap_on_memory)"
	before=$(node0_free)
	host_do dc-add 0 0:128M 128M:128M 256M:128M 384M:128M 512M:128M \
		640M:128M 768M:128M 896M:128M >/dev/null || fail "QMP add"
	check "8 extents in $r" wait_for 60 has_extents $r 8
	check "their 8 blocks added, offline" blocks_become \
		$(( $(cat $CXL/$r/resource) )) $((1 << 30)) "offline:8"
	after=$(node0_free)
	destroy_region $r || fail "destroy $r"
	loss=$((before - after))
}

# memmap in DRAM first: it also warms what the kernel allocates once
eight_extents 0
dram=$loss
log "memmap_on_memory=0: node 0 lost $((dram / 1024)) KiB for 8 extents"
check "blocks back to baseline" wait_for 30 [ "$(ls $MEM | grep -c '^memory[0-9]')" = $blocks0 ]
eight_extents 1
log "memmap_on_memory=1: node 0 lost $((loss / 1024)) KiB for 8 extents"
check "memmap in DRAM: node 0 lost >= 16 MiB ($((dram / 1024)) KiB)" [ $dram -ge $((16 * mb)) ]
check "memmap on the extents: node 0 lost >= 12 MiB less ($(((dram - loss) / 1024)) KiB less)" \
	[ $((dram - loss)) -ge $((12 * mb)) ]

# bad values, and writes while bound, change nothing
r=$(dc_region_create $dcd $((1 << 30))) || fail "region"
n=${r#region}; s=$CXL/$r/sysram_region$n
wr sysram $CXL/$r/ram_consumer && wr $r /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $r"
expect_eq "default memmap_on_memory" 1 "$(cat $s/memmap_on_memory)"
expect_errno EINVAL "memmap_on_memory bogus" wr bogus $s/memmap_on_memory
expect_errno EINVAL "memmap_on_memory 2" wr 2 $s/memmap_on_memory
expect_eq "still 1" 1 "$(cat $s/memmap_on_memory)"
wr kmem $s/consumer && wr online_movable $s/online_type && wr sysram_region$n $drv/bind ||
	fail "bind sysram_region$n"
expect_errno EBUSY "memmap_on_memory while bound" wr 0 $s/memmap_on_memory
expect_eq "still 1 while bound" 1 "$(cat $s/memmap_on_memory)"

# online_movable with the memmap inside, a tag group's device, release
host_do dc-add 0 0:128M >/dev/null || fail "QMP add"
host_do dc-add 0 tag=$T1 256M:128M 512M:128M >/dev/null || fail "QMP tagged add"
check "3 extents in $r" wait_for 60 has_extents $r 3
rstart=$(( $(cat $CXL/$r/resource) ))
check "untagged extent online" blocks_become $rstart $((128 * mb)) "online:1"
expect_eq "untagged extent in ZONE_MOVABLE" "Movable:1" "$(blocks_zones $rstart $((128 * mb)))"
dax=$(basename "$(ls -d $s/dax_region$n/dax$n.* | head -n1)")
expect_eq "tag group's $dax carries the policy" 1 "$(cat /sys/bus/dax/devices/$dax/memmap_on_memory)"
check "group online" blocks_become $((rstart + 256 * mb)) $((128 * mb)) "online:1"
e=$(for x in $CXL/$r/extent*; do [ $(( $(cat $x/offset) )) = 0 ] && basename $x; done)
wr $e $CXL/$r/release_extent || fail "release $e"
check "untagged extent's block gone" blocks_become $rstart $((128 * mb)) "absent:1"
wr $T1 $CXL/$r/release_tag || fail "release_tag"
check "group's blocks gone" blocks_become $((rstart + 256 * mb)) $((384 * mb)) "absent:3"
destroy_region $r || fail "destroy $r"

# a RAM region: daxN.0 carries sysram's choice
for m in 0 1; do
	r=$(sysram_region_create $vm $((256 * mb))) || fail "RAM region"
	n=${r#region}; s=$CXL/sysram_region$n
	wr kmem $s/consumer && wr offline $s/online_type && wr $m $s/memmap_on_memory &&
		wr sysram_region$n $drv/bind || fail "bind sysram_region$n"
	check "dax$n.0 bound" wait_for 10 [ -e $s/dax_region$n/dax$n.0/driver ]
	expect_eq "RAM region dax$n.0/memmap_on_memory" $m "$(cat $s/dax_region$n/dax$n.0/memmap_on_memory)"
	destroy_region $r || fail "destroy $r"
done
check "blocks back to baseline" wait_for 30 [ "$(ls $MEM | grep -c '^memory[0-9]')" = $blocks0 ]
