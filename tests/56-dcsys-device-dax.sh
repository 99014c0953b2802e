# rig: timeout=400
# Dynamic Capacity through sysram_region with consumer device_dax: every
# untagged extent is a dax device of its own (its uuid the null UUID),
# every tagged offer one device whose uuid is the tag, all bound to
# device_dax.  Nothing
# becomes System RAM.  /dev/daxN.M of a group maps all of its extents in
# order (written and read back across the extent boundary).  Extents need
# only the DAX alignment (2 MiB), not the memory block size.  An untagged
# extent is released on its own (release_extent), a group by tag; a device
# release of an untagged extent takes its device.  QEMU agrees each time.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
size=$((1 << 30))
T=0f0e0d0c-0b0a-4908-8706-050403020100
drv=/sys/bus/cxl/drivers/cxl_sysram_region
total0=$(meminfo MemTotal)
blocks0=$(ls $MEM | grep -c '^memory[0-9]')

reg=$(dc_region_create $dcd $size) || fail "a committed dynamic_ram_1 region"
dc_sysram_bind $reg device_dax || fail "sysram_region of $reg (device_dax)"
n=${reg#region}; s=$CXL/$reg/sysram_region$n
expect_eq "sysram_region$n state" active "$(cat $s/state)"
rstart=$(( $(cat $CXL/$reg/resource) ))
dr=$s/dax_region$n
check "dax_region$n below sysram_region$n" wait_for 10 [ -d $dr/dax_region ]

extent_at() {
	for e in $CXL/$reg/extent*; do
		[ $(( $(cat $e/offset 2>/dev/null || echo -1) )) = $(( $1 )) ] && { echo $e; return 0; }
	done
	return 1
}
no_extent_at() { ! extent_at "$1" >/dev/null; }
# the dax device whose first mapping starts at region offset $1
dax_at() {
	for x in $dr/dax$n.*; do
		[ $(( $(cat $x/mapping0/start 2>/dev/null || echo -1) )) = $((rstart + $1)) ] &&
			{ basename $x; return 0; }
	done
	return 1
}
no_dax_at() { ! dax_at "$1" >/dev/null; }
held_by_qemu() { host_do dc-release 0 "$@" >/dev/null; }
bound_dd() { [ "$(basename "$(readlink -f $dr/$1/driver)")" = device_dax ] && [ -c /dev/$1 ]; }

# untagged 128 MiB, and a tagged group of 64 MiB + 2 MiB (DAX-aligned only)
host_do dc-add 0 0:128M >/dev/null || fail "QMP untagged add"
host_do dc-add 0 tag=$T 256M:64M 384M:2M >/dev/null || fail "QMP tagged add"
check "untagged extent has a dax device" wait_for 30 dax_at 0
check "group has a dax device" wait_for 30 dax_at $((256 << 20))
du=$(dax_at 0); dg=$(dax_at $((256 << 20)))
check "$du bound to device_dax" wait_for 10 bound_dd $du
check "$dg bound to device_dax" wait_for 10 bound_dd $dg
expect_eq "$du uuid: the null UUID (untagged)" 00000000-0000-0000-0000-000000000000 "$(cat $dr/$du/uuid)"
expect_eq "$dg uuid" $T "$(cat $dr/$dg/uuid)"
expect_eq "$dg size" $(((64 + 2) << 20)) $(cat $dr/$dg/size)
check "$dg: two mappings" wait_for 10 [ -d $dr/$dg/mapping1 ]
expect_eq "$dg mapping1 start" $(hex $((rstart + (384 << 20)))) $(hex $(cat $dr/$dg/mapping1/start))
expect_eq "$du size" $((128 << 20)) $(cat $dr/$du/size)
expect_eq "extent states" accepted "$(cat $(extent_at $((384 << 20)))/state)"
expect_eq "MemTotal unchanged" $total0 $(meminfo MemTotal)
expect_eq "no memory block added" $blocks0 $(ls $MEM | grep -c '^memory[0-9]')
check "no System RAM in the region" sh -c "! grep -Eq 'System RAM \((cxl|kmem)\)' /proc/iomem"
expect_eq "$du mapped, written, read back" ok "$(/rig/bin/daxmap /dev/$du $((8 << 20)))"
expect_eq "$dg mapped across both extents" ok "$(/rig/bin/daxmap /dev/$dg $(((64 + 2) << 20)))"

# a tagged member is not released alone; an untagged extent is
expect_errno EINVAL "release_extent of a tagged member" wr $(basename $(extent_at $((384 << 20)))) $CXL/$reg/release_extent
check "$dg still there" [ -e $dr/$dg ]
wr $(basename $(extent_at 0)) $CXL/$reg/release_extent || fail "release_extent of the untagged extent"
check "untagged extent gone" no_extent_at 0
check "$du gone" wait_for 10 [ ! -e $dr/$du ]
check "/dev/$du gone" wait_for 10 [ ! -e /dev/$du ]
check "QEMU no longer holds 0:128M" not_held 0 0:128M

# the group by tag
wr $T $CXL/$reg/release_tag || fail "release_tag"
check "$dg gone" [ ! -e $dr/$dg ]
check "group's extents gone" sh -c "! ls $CXL/$reg | grep -q '^extent'"
check "QEMU no longer holds 256M:64M" not_held 0 256M:64M
check "QEMU no longer holds 384M:2M" not_held 0 384M:2M

# device release of an untagged extent takes its device
host_do dc-add 0 512M:32M >/dev/null || fail "QMP add 512M:32M"
check "new device" wait_for 30 dax_at $((512 << 20))
dn=$(dax_at $((512 << 20)))
check "$dn bound" wait_for 10 bound_dd $dn
host_do dc-release 0 512M:32M >/dev/null || fail "QMP release 512M:32M"
check "device-released extent gone" wait_for 30 no_extent_at $((512 << 20))
check "$dn gone" wait_for 10 no_dax_at $((512 << 20))
check "QEMU no longer holds 512M:32M" not_held 0 512M:32M

# unbind with a live device: it goes, the extent stays held
host_do dc-add 0 768M:16M >/dev/null || fail "QMP add 768M:16M"
check "device at 768M" wait_for 30 dax_at $((768 << 20))
wr sysram_region$n $drv/unbind || fail "unbind sysram_region$n"
check "dax_region$n gone" [ ! -e $dr ]
expect_eq "extent at 768M held" accepted "$(cat $(extent_at $((768 << 20)))/state)"
destroy_region $reg || fail "destroy $reg"
check "QEMU no longer holds 768M:16M" not_held 0 768M:16M
expect_eq "MemTotal unchanged" $total0 $(meminfo MemTotal)
