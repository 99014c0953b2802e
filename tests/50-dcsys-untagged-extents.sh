# rig: timeout=400
# Dynamic Capacity as System RAM through sysram_region, untagged extents: a
# dynamic_ram region opted into sysram (kmem, online_movable) hotplugs every
# extent the device adds, one by one: each is its own "System RAM (cxl)"
# range in /proc/iomem, its blocks are online in ZONE_MOVABLE, and
# extentN.M/state reads the memory state.  Offers not aligned to the memory
# block size are rejected.  One extent is released by the host
# (regionN/release_extent) and one by the device (QMP): each time only that
# extent's memory goes, and QEMU no longer holds it.  Unbinding sysram
# removes the memory but keeps the extents; destroying the region gives
# them back.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
size=$((1 << 30))
bs=$(block_size)
ext=$((128 << 20))
nb1=$((ext / bs))
drv=/sys/bus/cxl/drivers/cxl_sysram_region
total0=$(meminfo MemTotal)
blocks0=$(ls $MEM | grep -c '^memory[0-9]')

reg=$(dc_region_create $dcd $size) || fail "a committed dynamic_ram_1 region"
expect_errno EINVAL "ram_consumer bogus" wr bogus $CXL/$reg/ram_consumer
wr sysram $CXL/$reg/ram_consumer || fail "ram_consumer sysram"
wr $reg /sys/bus/cxl/drivers/cxl_region/bind || fail "bind"
n=${reg#region}; s=$CXL/$reg/sysram_region$n
check "sysram_region$n below $reg" [ -d $s ]
rstart=$(( $(cat $CXL/$reg/resource) ))
expect_eq "sysram_region$n state" unset "$(cat $s/state)"
wr kmem $s/consumer && wr online_movable $s/online_type || fail "policy"
wr sysram_region$n $drv/bind || fail "bind sysram_region$n"
expect_eq "sysram_region$n state" active "$(cat $s/state)"

extent_at() {
	for e in $CXL/$reg/extent*; do
		[ $(( $(cat $e/offset 2>/dev/null || echo -1) )) = $(( $1 )) ] && { echo $e; return 0; }
	done
	return 1
}
no_extent_at() { ! extent_at "$1" >/dev/null; }
state_is() { e=$(extent_at $1) && [ "$(cat $e/state)" = "$2" ]; }

# four untagged 128 MiB extents, one offer
t0=$(cut -d' ' -f1 /proc/uptime)
host_do dc-add 0 0:128M 128M:128M 256M:128M 512M:128M >/dev/null || fail "QMP add"
for off in 0 128 256 512; do
	check "extent at ${off}M online_movable" wait_for 30 state_is $((off << 20)) online_movable
done
t1=$(cut -d' ' -f1 /proc/uptime)
log "4 extents added and online in $(echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }')s"
for off in 0 128 256 512; do
	a=$((rstart + (off << 20)))
	check "/proc/iomem System RAM (cxl) at ${off}M" iomem_has $a $((a + ext - 1)) "System RAM (cxl)"
	expect_eq "blocks of ${off}M" "online:$nb1" "$(blocks_states $a $ext)"
	expect_eq "zones of ${off}M" "Movable:$nb1" "$(blocks_zones $a $ext)"
done
expect_eq "MemTotal grew by 512 MiB" $((total0 + (512 << 20))) $(meminfo MemTotal)
check "no System RAM where no extent is" sh -c "! grep -qi '^ *$(printf %x $((rstart + (384 << 20))))-' /proc/iomem"

# not aligned to the memory block size: rejected, QEMU holds nothing there
host_do dc-add 0 640M:64M >/dev/null || fail "QMP add 640M:64M"
sleep 2
check "misaligned extent not shown" no_extent_at $((640 << 20))
check "kernel logged why" sh -c "klog | grep -q 'not aligned to the memory block size'"
check "QEMU holds nothing at 640M" not_held 0 640M:64M

# host release of one extent
e=$(extent_at $ext)
expect_errno ENOENT "release_extent of a bogus name" wr extent99.99 $CXL/$reg/release_extent
expect_errno EINVAL "release_extent of a non-extent" wr sysram_region$n $CXL/$reg/release_extent
wr $(basename $e) $CXL/$reg/release_extent || fail "release $(basename $e)"
check "released extent gone" no_extent_at $ext
a=$((rstart + (128 << 20)))
expect_eq "its blocks are gone" "absent:$nb1" "$(blocks_states $a $ext)"
expect_eq "MemTotal" $((total0 + (384 << 20))) $(meminfo MemTotal)
check "QEMU no longer holds 128M:128M" not_held 0 128M:128M
check "other extents untouched" state_is 0 online_movable

# device release of an idle (offlinable) extent
host_do dc-release 0 256M:128M >/dev/null || fail "QMP release 256M:128M"
check "device-released extent gone" wait_for 30 no_extent_at $((256 << 20))
a=$((rstart + (256 << 20)))
expect_eq "its blocks are gone" "absent:$nb1" "$(blocks_states $a $ext)"
expect_eq "MemTotal" $((total0 + (256 << 20))) $(meminfo MemTotal)
check "QEMU no longer holds 256M:128M" not_held 0 256M:128M

# a user offlines one extent's blocks: its state follows
a=$((rstart + (512 << 20)))
for b in $(region_blocks $a $ext); do wr offline $MEM/memory$b/state || fail "offline memory$b"; done
check "state follows the blocks" state_is $((512 << 20)) offline

# unbind sysram: memory goes, extents stay held
wr sysram_region$n $drv/unbind || fail "unbind sysram_region$n"
expect_eq "MemTotal back to baseline" $total0 $(meminfo MemTotal)
expect_eq "memory blocks back to baseline" $blocks0 $(ls $MEM | grep -c '^memory[0-9]')
check "extent at 0 still held, no memory" state_is 0 accepted
check "no System RAM (cxl) left" sh -c "! grep -q 'System RAM (cxl)' /proc/iomem"

destroy_region $reg || fail "destroy $reg"
check "QEMU no longer holds 0:128M" not_held 0 0:128M
check "QEMU no longer holds 512M:128M" not_held 0 512M:128M
