# rig: timeout=500
# Tagged Dynamic Capacity through sysram_region (kmem, online_movable): the
# extents of one tagged offer are one group, handed to DAX as one device of
# dax_regionN whose uuid is the tag, with one mapping per extent, hotplugged
# by kmem with the region's online type.  An untagged extent of the same
# region is System RAM of its own, not a DAX device.  dax_regionN is
# sparse: users cannot carve devices out of it.  A later offer with a tag
# the region holds is rejected (the group was complete with its offer).  A
# member of a group cannot be released on its own (release_extent: EINVAL);
# release_tag releases the whole group: device, memory and extents go, and
# QEMU no longer holds any of it.  A device release of one member takes the
# group's device; the other member stays held, without memory, until its
# tag is released.  Unbinding sysram with a live group removes the device
# and the memory and keeps the extents; destroying the region gives them
# back.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
size=$((1 << 30))
bs=$(block_size)
ext=$((128 << 20))
nb1=$((ext / bs))
T1=11111111-2222-4333-8444-555555555555
T2=66666666-7777-4888-9999-aaaaaaaaaaaa
T3=bbbbbbbb-cccc-4ddd-8eee-ffffffffffff
drv=/sys/bus/cxl/drivers/cxl_sysram_region
total0=$(meminfo MemTotal)
blocks0=$(ls $MEM | grep -c '^memory[0-9]')

reg=$(dc_region_create $dcd $size) || fail "a committed dynamic_ram_1 region"
dc_sysram_bind $reg kmem online_movable || fail "sysram_region of $reg (kmem, online_movable)"
n=${reg#region}; s=$CXL/$reg/sysram_region$n
rstart=$(( $(cat $CXL/$reg/resource) ))
dr=$s/dax_region$n
check "dax_region$n below sysram_region$n" wait_for 10 [ -d $dr/dax_region ]
check "no dax device before any extent" sh -c "! ls $dr | grep -q '^dax$n\.'"
check "sparse: no create attribute" [ ! -e $dr/dax_region/create ]
check "sparse: no available_size attribute" [ ! -e $dr/dax_region/available_size ]

extent_at() {
	for e in $CXL/$reg/extent*; do
		[ $(( $(cat $e/offset 2>/dev/null || echo -1) )) = $(( $1 )) ] && { echo $e; return 0; }
	done
	return 1
}
no_extent_at() { ! extent_at "$1" >/dev/null; }
state_is() { e=$(extent_at $1) && [ "$(cat $e/state)" = "$2" ]; }
# the dax device whose uuid is $1
dax_of() {
	for x in $dr/dax$n.*; do
		[ "$(cat $x/uuid 2>/dev/null)" = "$1" ] && { basename $x; return 0; }
	done
	return 1
}
no_dax_of() { ! dax_of "$1" >/dev/null; }
held_by_qemu() { host_do dc-release 0 "$@" >/dev/null; }

# one tagged offer of two extents, one apart, and an untagged one
host_do dc-add 0 tag=$T1 0:128M 256M:128M >/dev/null || fail "QMP tagged add"
host_do dc-add 0 512M:128M >/dev/null || fail "QMP untagged add"
check "group $T1 has a dax device" wait_for 30 dax_of $T1
dx=$(dax_of $T1)
D=$dr/$dx
expect_eq "$dx size" $((2 * ext)) $(cat $D/size)
# the mapping devices follow the device's registration
check "$dx: a mapping per extent" wait_for 10 [ -d $D/mapping0 -a -d $D/mapping1 ]
check "$dx: no third mapping" [ ! -e $D/mapping2 ]
expect_eq "$dx mapping0 start" $(hex $rstart) $(hex $(cat $D/mapping0/start))
expect_eq "$dx mapping1 start" $(hex $((rstart + (256 << 20)))) $(hex $(cat $D/mapping1/start))
expect_eq "$dx driver" kmem "$(basename "$(readlink -f $D/driver)")"
expect_errno EACCES "$dx/uuid is read-only" wr $T2 $D/uuid
for off in 0 256; do
	a=$((rstart + (off << 20)))
	check "blocks of ${off}M online" blocks_become $a $ext online:$nb1
	expect_eq "zones of ${off}M" "Movable:$nb1" "$(blocks_zones $a $ext)"
	check "/proc/iomem: ${off}M is System RAM (kmem)" iomem_has $a $((a + ext - 1)) "System RAM (kmem)"
	check "extent at ${off}M reads online_movable" state_is $((off << 20)) online_movable
done
expect_eq "$dx state" online_movable "$(cat $D/state)"
check "untagged 512M online" wait_for 30 state_is $((512 << 20)) online_movable
a=$((rstart + (512 << 20)))
check "/proc/iomem: 512M is System RAM (cxl), not DAX" iomem_has $a $((a + ext - 1)) "System RAM (cxl)"
expect_eq "one dax device only" 1 $(ls $dr | grep -c "^dax$n\.")
expect_eq "MemTotal grew by 384 MiB" $((total0 + 3 * ext)) $(meminfo MemTotal)
check "no memory where no extent is" sh -c "! grep -qi '^ *$(printf %x $((rstart + ext)))-' /proc/iomem"

# a later offer with a tag the region holds: the group was complete
host_do dc-add 0 tag=$T1 640M:128M >/dev/null || fail "QMP add to a complete group"
sleep 2
check "late member not shown" no_extent_at $((640 << 20))
check "kernel logged why" sh -c "klog | grep -q 'tag of a group already complete'"
check "QEMU holds nothing at 640M" not_held 0 640M:128M
expect_eq "$dx still 256 MiB" $((2 * ext)) $(cat $D/size)

# a member of a group is not released on its own
e=$(extent_at 0)
expect_errno EINVAL "release_extent of a group member" wr $(basename $e) $CXL/$reg/release_extent
check "member still there" state_is 0 online_movable
expect_eq "$dx still there" $dx "$(dax_of $T1)"
expect_errno ENOENT "release_tag of a tag nobody holds" wr $T3 $CXL/$reg/release_tag
expect_errno EINVAL "release_tag of a non-uuid" wr not-a-uuid $CXL/$reg/release_tag

# the whole group goes by tag
wr $T1 $CXL/$reg/release_tag || fail "release_tag $T1"
check "$dx gone" no_dax_of $T1
check "member at 0 gone" no_extent_at 0
check "member at 256M gone" no_extent_at $((256 << 20))
for off in 0 256; do
	a=$((rstart + (off << 20)))
	expect_eq "blocks of ${off}M gone" "absent:$nb1" "$(blocks_states $a $ext)"
	check "/proc/iomem: no RAM or DAX at ${off}M" sh -c "! grep -Eqi '^ *$(printf %x $a)-.* : (System RAM|dax)' /proc/iomem"
done
check "QEMU no longer holds 0:128M" not_held 0 0:128M
check "QEMU no longer holds 256M:128M" not_held 0 256M:128M
expect_eq "MemTotal: the untagged extent only" $((total0 + ext)) $(meminfo MemTotal)
check "untagged extent untouched" state_is $((512 << 20)) online_movable

# a device release of one member takes the group's device
host_do dc-add 0 tag=$T2 0:128M 128M:128M >/dev/null || fail "QMP add $T2"
check "group $T2 has a dax device" wait_for 30 dax_of $T2
check "blocks of $T2 online" blocks_become $rstart $((2 * ext)) online:$((2 * nb1))
host_do dc-release 0 0:128M >/dev/null || fail "QMP release 0:128M"
check "released member gone" wait_for 30 no_extent_at 0
check "group's device gone" wait_for 30 no_dax_of $T2
expect_eq "blocks of both members gone" "absent:$((2 * nb1))" "$(blocks_states $rstart $((2 * ext)))"
check "other member held, no memory" state_is $((128 << 20)) accepted
check "QEMU no longer holds 0:128M" not_held 0 0:128M
wr $T2 $CXL/$reg/release_tag || fail "release_tag $T2"
check "other member gone" no_extent_at $((128 << 20))
check "QEMU no longer holds 128M:128M" not_held 0 128M:128M

# unbind with a live group: device and memory go, extents stay held
host_do dc-add 0 tag=$T3 768M:128M >/dev/null || fail "QMP add $T3"
check "group $T3 has a dax device" wait_for 30 dax_of $T3
a=$((rstart + (768 << 20)))
check "blocks of $T3 online" blocks_become $a $ext online:$nb1
wr sysram_region$n $drv/unbind || fail "unbind sysram_region$n"
check "dax_region$n gone" [ ! -e $dr ]
expect_eq "MemTotal back to baseline" $total0 $(meminfo MemTotal)
expect_eq "memory blocks back to baseline" $blocks0 $(ls $MEM | grep -c '^memory[0-9]')
check "$T3 member held, no memory" state_is $((768 << 20)) accepted
check "no System RAM of the region left" sh -c "! grep -Eq 'System RAM \((cxl|kmem)\)' /proc/iomem"

destroy_region $reg || fail "destroy $reg"
check "QEMU no longer holds 512M:128M" not_held 0 512M:128M
check "QEMU no longer holds 768M:128M" not_held 0 768M:128M
