# rig: timeout=400
# Dynamic Capacity as device-dax through cxl-cli: cxl create-region
# -t dynamic_ram_1 --driver=sysram --consumer=device_dax makes a
# dynamic_ram_1 region whose sysram_regionN (consumer device_dax) has an
# empty, sparse dax_regionN.  Each untagged extent the host adds becomes a
# device of its own (uuid: the null UUID, which neither cxl list nor
# daxctl list shows), the extents of a tagged offer one device whose uuid
# is the tag,
# one mapping per extent, all bound to device_dax; none of it is System
# RAM (/proc/iomem, memory blocks, MemTotal).  cxl list --extents names
# each extent's dax_device and the region's dax_devices (uuid, mode
# devdax).  /dev/daxN.M of the group, whose extents are not contiguous,
# is mapped across both, written and read back.  cxl release-extents --id
# gives an untagged extent back (its device goes), refuses --id of a
# group member naming the uuid, and --uuid gives the group back: device,
# /dev node and extents go, and QEMU no longer holds the capacity.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
rd=$(root_decoder) || fail "no RAM root decoder"
size=$((1 << 30))
TAG=7e3c1a52-94d0-4b6f-8a21-3c5d7e9f0b14
total0=$(meminfo MemTotal)
blocks0=$(ls $MEM | grep -c '^memory[0-9]')

cxl create-region -t dynamic_ram_1 -d $rd -m $dcd -s $size --driver=sysram --consumer=device_dax > /tmp/create.json ||
	fail "cxl create-region -t dynamic_ram_1 --driver=sysram --consumer=device_dax"
cat /tmp/create.json
reg=$(jq -r .region /tmp/create.json)
n=${reg#region}; s=$CXL/$reg/sysram_region$n; dr=$s/dax_region$n
expect_eq "type" dynamic_ram_1 "$(jq -r .type /tmp/create.json)"
expect_eq "ram_consumer" sysram "$(cat $CXL/$reg/ram_consumer)"
expect_eq "sysram consumer" device_dax "$(cat $s/consumer)"
expect_eq "cxl list: sysram consumer" device_dax "$(jq -r .sysram_region.consumer /tmp/create.json)"
check "sysram_region$n bound" [ -e $s/driver ]
check "dax_region$n below sysram_region$n" wait_for 10 [ -d $dr/dax_region ]
check "no dax device before any extent" sh -c "! ls $dr | grep -q '^dax$n\.'"
rstart=$(( $(cat $CXL/$reg/resource) ))

X() { cxl list -r $reg --extents | jq -r ".[0]$1"; }
E() { X ".extents[] | select(.offset == $(( $1 ))) | $2"; }
expect_eq "dax_devices: none yet" 0 "$(X '.dax_devices | length')"
ndax() { ls $dr | grep -c "^dax$n\." ; }
dax_at() {	# the dax device with a mapping starting at region offset $1
	for m in $dr/dax$n.*/mapping*; do
		[ $(( $(cat $m/start) )) = $((rstart + $1)) ] && { basename $(dirname $m); return 0; }
	done 2>/dev/null
	return 1
}

# two untagged extents (one 2 MiB: device_dax needs 2 MiB alignment only),
# and a tagged offer of two extents with a gap between them
host_do dc-add 0 0:64M 128M:2M >/dev/null || fail "QMP untagged add"
host_do dc-add 0 tag=$TAG 256M:64M 512M:64M >/dev/null || fail "QMP tagged add"
three() { [ "$(ndax)" = 3 ] && dax_at 0 && dax_at $((128 << 20)) && dax_at $((256 << 20)) && dax_at $((512 << 20)); }
check "three dax devices, every extent mapped" wait_for 30 three
cxl list -r $reg --extents
u0=$(dax_at 0); u1=$(dax_at $((128 << 20))); g=$(dax_at $((256 << 20)))
check "untagged extents: devices of their own" [ $u0 != $u1 -a $u0 != $g -a $u1 != $g ]
expect_eq "group: one device for both extents" $g "$(dax_at $((512 << 20)))"
expect_eq "$u0 size" $((64 << 20)) "$(cat $dr/$u0/size)"
expect_eq "$u1 size" $((2 << 20)) "$(cat $dr/$u1/size)"
expect_eq "$g size" $((128 << 20)) "$(cat $dr/$g/size)"
expect_eq "$u0 uuid: the null UUID" 00000000-0000-0000-0000-000000000000 "$(cat $dr/$u0/uuid)"
expect_eq "$g uuid" $TAG "$(cat $dr/$g/uuid)"
DX() { daxctl list -d $1 | jq -r "if type == \"array\" then .[0] else . end | $2"; }
expect_eq "daxctl list: $g uuid" $TAG "$(DX $g .uuid)"
expect_eq "daxctl list: $u0 has no uuid" null "$(DX $u0 .uuid)"
check "$g: a mapping per extent" [ -d $dr/$g/mapping0 -a -d $dr/$g/mapping1 -a ! -e $dr/$g/mapping2 ]
# (not $d: check and expect_fail use it)
for x in $u0 $u1 $g; do
	check "$x bound" wait_for 10 [ -e $dr/$x/driver ]
	expect_eq "$x driver" device_dax "$(basename "$(readlink -f $dr/$x/driver)")"
	check "/dev/$x" wait_for 10 [ -c /dev/$x ]
done

# cxl list: extents name their device, the region lists the devices
for off in 0 128 256 512; do
	o=$((off << 20))
	expect_eq "${off}M: state" accepted "$(E $o .state)"
	expect_eq "${off}M: no memory_blocks" null "$(E $o .memory_blocks)"
done
expect_eq "0: dax_device" $u0 "$(E 0 .dax_device)"
expect_eq "128M: dax_device" $u1 "$(E $((128 << 20)) .dax_device)"
expect_eq "256M: dax_device" $g "$(E $((256 << 20)) .dax_device)"
expect_eq "512M: dax_device" $g "$(E $((512 << 20)) .dax_device)"
expect_eq "dax_devices: three" 3 "$(X '.dax_devices | length')"
DD() { X ".dax_devices[] | select(.dax_device == \"$1\") | $2"; }
expect_eq "dax_devices: $g uuid" $TAG "$(DD $g .uuid)"
expect_eq "dax_devices: $g size" $((128 << 20)) "$(DD $g .size)"
expect_eq "dax_devices: $u0 has no uuid" null "$(DD $u0 .uuid)"
for x in $u0 $u1 $g; do
	expect_eq "dax_devices: $x mode" devdax "$(DD $x .mode)"
done
expect_eq "-v: dax_devices" 3 \
	"$(cxl list -v | jq -r "[.. | objects | select(.region? == \"$reg\" and has(\"type\"))][0].dax_devices | length")"

# none of it is System RAM
expect_eq "MemTotal unchanged" $total0 $(meminfo MemTotal)
expect_eq "no memory block added" $blocks0 $(ls $MEM | grep -c '^memory[0-9]')
expect_eq "no memory block in the region" "absent:$((size / $(block_size)))" "$(blocks_states $rstart $size)"
check "/proc/iomem: no System RAM of CXL" sh -c "! grep -Eq 'System RAM \((cxl|kmem)\)' /proc/iomem"

# the group's device is mapped across both extents, written, read back
expect_eq "/dev/$g mapped, written, read back" ok "$(/rig/bin/daxmap /dev/$g $((128 << 20)))"
expect_eq "/dev/$u1 mapped, written, read back" ok "$(/rig/bin/daxmap /dev/$u1 $((2 << 20)))"

# release an untagged extent by id: its device goes, the others stay
id=$(E $((128 << 20)) .extent); id=${id#extent*.}
cxl release-extents $reg --id=$id > /tmp/rel.json 2> /tmp/rel.err || { cat /tmp/rel.err; fail "release --id=$id"; }
expect_eq "reported its dax device" $u1 "$(jq -r '.[0].dax_device' /tmp/rel.json)"
check "$u1 gone" wait_for 10 [ ! -e $dr/$u1 ]
check "/dev/$u1 gone" wait_for 10 [ ! -e /dev/$u1 ]
check "QEMU no longer holds 128M:2M" not_held 0 128M:2M
check "$u0 untouched" [ -e $dr/$u0/driver ]

# a member of the group is not released on its own
before=$(cxl list -r $reg --extents)
idg=$(E $((512 << 20)) .extent); idg=${idg#extent*.}
if cxl release-extents $reg --id=$idg > /tmp/rel.out 2> /tmp/rel.err; then
	fail "release --id of a group member succeeded"
fi
cat /tmp/rel.err
check "says it is part of tag group $TAG" grep -q "extent $idg is part of tag group $TAG: release it with --uuid=$TAG" /tmp/rel.err
check "no listing printed" [ ! -s /tmp/rel.out ]
expect_eq "cxl list unchanged" "$before" "$(cxl list -r $reg --extents)"
check "$g still bound" [ -e $dr/$g/driver ]

# the group goes by its uuid
cxl release-extents $reg --uuid=$TAG > /tmp/rel.json 2> /tmp/rel.err || { cat /tmp/rel.err; fail "release --uuid"; }
cat /tmp/rel.json /tmp/rel.err
expect_eq "reported both members" "$((256 << 20)) $((512 << 20))" "$(jq -r '.[].offset' /tmp/rel.json | tr '\n' ' ' | sed 's/ $//')"
expect_eq "reported their device" "$g $g" "$(jq -r '.[].dax_device' /tmp/rel.json | tr '\n' ' ' | sed 's/ $//')"
check "$g gone" wait_for 10 [ ! -e $dr/$g ]
check "/dev/$g gone" wait_for 10 [ ! -e /dev/$g ]
expect_eq "one extent left" 0 "$(X '.extents[].offset')"
expect_eq "one dax device left" $u0 "$(X '.dax_devices[].dax_device')"
check "QEMU no longer holds 256M:64M" not_held 0 tag=$TAG 256M:64M
check "QEMU no longer holds 512M:64M" not_held 0 tag=$TAG 512M:64M

cxl disable-region $reg && cxl destroy-region $reg || fail "disable/destroy $reg"
check "$reg gone" [ ! -e $CXL/$reg ]
check "/dev/$u0 gone" wait_for 10 [ ! -e /dev/$u0 ]
check "QEMU no longer holds 0:64M" not_held 0 0:64M
expect_eq "MemTotal at the end" $total0 $(meminfo MemTotal)
