# rig: timeout=400
# cxl release-extents and extent memory in cxl list: a dynamic_ram_1 region
# made by cxl create-region -t dynamic_ram_1 and opted into System RAM
# through sysfs
# (ram_consumer=sysram, sysram_regionN kmem/online_movable) hot-plugs each
# untagged extent the host adds, and makes the extents of a tagged offer
# one dax device (uuid = tag) that kmem onlines the same way; cxl list
# --extents (and -v) shows every extent as sysfs has it, with
# "memory_blocks" naming the blocks of its HPA range, "dax_device" the
# device of the group's members, and the region's "dax_devices" the
# device with its uuid.  cxl release-extents --id releases one untagged
# extent (its memory and sysfs directory go, QEMU no longer holds it, the
# others stay), --uuid the whole group (device, memory, extents); --id of
# a group member is refused, naming the uuid.  A second group stays to the
# end: sysram_regionN is unbound with it live (its device and memory go,
# its extent is held); with it, kmem keeps the node's memory type until
# the untagged memory is gone (test 54 has the memory-tier bug of the
# other orders).  Bad input (no region,
# neither/both of --id/--uuid, bad id, unknown id, bad/null/unknown uuid,
# the old --tag, unknown region, a RAM region) is refused with a clear
# message and changes nothing.  An extent's "uuid" is its tag, left out
# for an untagged extent (which has no uuid attribute either).
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
rd=$(root_decoder) || fail "no RAM root decoder"
size=$((1 << 30))
ext=$((128 << 20))
bs=$(block_size)
drv=/sys/bus/cxl/drivers/cxl_sysram_region
NULL_UUID=00000000-0000-0000-0000-000000000000
TAG=3f1e2d4c-5b6a-4789-9a0b-1c2d3e4f5a6b
TAG2=0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f
TAG3=5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d
total0=$(meminfo MemTotal)

cxl create-region -t dynamic_ram_1 -d $rd -m $dcd -s $size > /tmp/create.json ||
	fail "cxl create-region -t dynamic_ram_1"
reg=$(jq -r .region /tmp/create.json)
n=${reg#region}; s=$CXL/$reg/sysram_region$n
# opt into sysram: ram_consumer is read when the region binds
wr $reg /sys/bus/cxl/drivers/cxl_region/unbind || fail "unbind $reg"
wr sysram $CXL/$reg/ram_consumer || fail "ram_consumer sysram"
wr $reg /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $reg"
check "sysram_region$n below $reg" [ -d $s ]
wr kmem $s/consumer && wr online_movable $s/online_type || fail "policy"
wr sysram_region$n $drv/bind || fail "bind sysram_region$n"
rstart=$(( $(cat $CXL/$reg/resource) ))

X() { cxl list -r $reg --extents | jq -r ".[0]$1"; }
E() { X ".extents[] | select(.offset == $(( $1 ))) | $2"; }
extent_at() {
	for e in $CXL/$reg/extent*; do
		[ $(( $(cat $e/offset 2>/dev/null || echo -1) )) = $(( $1 )) ] && { echo $e; return 0; }
	done
	return 1
}
no_extent_at() { ! extent_at "$1" >/dev/null; }
state_is() { e=$(extent_at $1) && [ "$(cat $e/state)" = "$2" ]; }
blocks_of() {	# the block names of [START, START+LEN), as cxl list prints them
	for b in $(region_blocks $1 $2); do echo memory$b; done | tr '\n' ' ' | sed 's/ $//'
}

# a tagged group of two (one dax device), a group of one, then three
# untagged extents (System RAM).  The groups come first: kmem registers
# the node's memory type for them, which the untagged memory, added
# later, relies on (the order test 54 is about crashes the kernel until
# sysram takes its own reference)
host_do dc-add 0 tag=$TAG 512M:128M 640M:128M >/dev/null || fail "QMP tagged add"
host_do dc-add 0 tag=$TAG3 768M:128M >/dev/null || fail "QMP tagged add $TAG3"
for off in 512 640 768; do
	check "tagged extent at ${off}M online_movable" wait_for 30 state_is $((off << 20)) online_movable
done
host_do dc-add 0 0:128M 128M:128M 256M:128M >/dev/null || fail "QMP add"
for off in 0 128 256; do
	check "extent at ${off}M online_movable" wait_for 30 state_is $((off << 20)) online_movable
done
cxl list -r $reg --extents

expect_eq "six extents listed" 6 "$(X '.extents | length')"
for off in 0 128 256 512 640 768; do
	o=$((off << 20)); e=$(extent_at $o)
	expect_eq "${off}M: name" $(basename $e) "$(E $o .extent)"
	expect_eq "${off}M: length" $(( $(cat $e/length) )) "$(E $o .length)"
	expect_eq "${off}M: dpa_start" $(( $(cat $e/dpa_start) )) "$(E $o .dpa_start)"
	case $off in
	512|640|768) expect_eq "${off}M: uuid" "$(cat $e/uuid)" "$(E $o .uuid)" ;;
	*) check "${off}M (untagged): no uuid attribute" [ ! -e $e/uuid ]
	   expect_eq "${off}M: no uuid" null "$(E $o .uuid)" ;;
	esac
	expect_eq "${off}M: state" "$(cat $e/state)" "$(E $o .state)"
done
for off in 0 128 256 512 640 768; do
	a=$((rstart + (off << 20)))
	check "${off}M: blocks online" blocks_become $a $ext online:$((ext / bs))
	want=$(blocks_of $a $ext)
	expect_eq "${off}M: memory_blocks" "$want" "$(E $((off << 20)) '.memory_blocks[]' | tr '\n' ' ' | sed 's/ $//')"
	for b in $want; do
		expect_eq "$b online" online "$(cat $MEM/$b/state)"
	done
done
expect_eq "${ext}-byte extent: $((ext / bs)) block(s)" $((ext / bs)) "$(E 0 '.memory_blocks | length')"
expect_eq "tagged extent's uuid" $TAG "$(E $((512 << 20)) .uuid)"
expect_eq "$TAG3 extent's uuid" $TAG3 "$(E $((768 << 20)) .uuid)"
for off in 0 128 256; do
	expect_eq "untagged ${off}M: no dax_device" null "$(E $((off << 20)) .dax_device)"
done
dx=$(E $((512 << 20)) .dax_device)
D=$s/dax_region$n/$dx
check "group's dax_device $dx exists" [ -d $D ]
expect_eq "both members name $dx" $dx "$(E $((640 << 20)) .dax_device)"
expect_eq "$dx uuid (sysfs)" $TAG "$(cat $D/uuid)"
dx3=$(E $((768 << 20)) .dax_device)
check "$TAG3: a device of its own ($dx3)" [ -n "$dx3" -a "$dx3" != null -a "$dx3" != $dx ]
expect_eq "$dx3 uuid (sysfs)" $TAG3 "$(cat $s/dax_region$n/$dx3/uuid)"
DD() { X ".dax_devices[] | select(.uuid == \"$1\") | $2"; }
expect_eq "dax_devices: two" 2 "$(X '.dax_devices | length')"
expect_eq "dax_devices: $TAG" $dx "$(DD $TAG .dax_device)"
expect_eq "dax_devices: $TAG3" $dx3 "$(DD $TAG3 .dax_device)"
expect_eq "dax_devices: $dx size" $((2 * ext)) "$(DD $TAG .size)"
expect_eq "dax_devices: $dx size as sysfs" $(cat $D/size) "$(DD $TAG .size)"
expect_eq "dax_devices: $dx3 size" $ext "$(DD $TAG3 .size)"
expect_eq "dax_devices: $dx mode" system-ram "$(DD $TAG .mode)"
expect_eq "-v: dax_devices uuids" "$TAG $TAG3" \
	"$(cxl list -v | jq -r "[.. | objects | select(.region? == \"$reg\" and has(\"type\"))][0].dax_devices[].uuid" | sort | tr '\n' ' ' | sed 's/ $//')"
expect_eq "no dax_devices without --extents" null "$(cxl list -r $reg | jq -r '.[0].dax_devices')"
expect_eq "-v shows memory_blocks" "$(blocks_of $rstart $ext)" \
	"$(cxl list -v | jq -r "[.. | objects | select(.region? == \"$reg\" and has(\"type\"))][0].extents[] | select(.offset == 0) | .memory_blocks[]" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "no extents without --extents" null "$(cxl list -r $reg | jq -r '.[0].extents')"

# bad input: refused with a clear message, nothing changes
before=$(cxl list -r $reg --extents)
memtotal1=$(meminfo MemTotal)
refused() {	# refused MESSAGE-PATTERN ARGS...: cxl release-extents fails saying so
	pat=$1; shift
	if cxl release-extents "$@" > /tmp/rel.out 2> /tmp/rel.err; then
		fail "cxl release-extents $* succeeded"
	fi
	grep -q -- "$pat" /tmp/rel.err || { cat /tmp/rel.err; fail "cxl release-extents $*: no '$pat'"; }
	[ ! -s /tmp/rel.out ] || fail "cxl release-extents $* printed a listing"
	log "ok: release-extents $* refused: $(head -1 /tmp/rel.err)"
}
id0=$(E 0 .extent); id0=${id0#extent*.}
refused "give one region" --id=$id0
refused "give one region" $reg $reg --id=$id0
refused "exactly one of --id and --uuid" $reg
refused "exactly one of --id and --uuid" $reg --id=$id0 --uuid=$TAG
refused "unknown option" $reg --tag=$TAG
refused "is not an extent id" $reg --id=abc
refused "is not an extent id" $reg --id=-1
refused "is not an extent id" $reg --id=${id0}x
refused "no extent$n.999" $reg --id=999
refused "is not a UUID" $reg --uuid=not-a-uuid
refused "is not a UUID" $reg --uuid=${TAG}0
refused "null UUID" $reg --uuid=$NULL_UUID
refused "no extent tagged $TAG2" $reg --uuid=$TAG2
refused "no such region" region999 --id=$id0
idg=$(E $((640 << 20)) .extent); idg=${idg#extent*.}
refused "extent $idg is part of tag group $TAG: release it with --uuid=$TAG" $reg --id=$idg
check "group member still online" state_is $((640 << 20)) online_movable
check "$dx still there" [ -d $D ]
# a RAM region as device_dax: kmem beside sysram extents on the same node
# trips a memory-tier bug in 7.3 (kmem's unbind drops the node's memtype)
cxl create-region -t ram -d $rd -m $vm -s $((256 << 20)) --driver=sysram --consumer=device_dax > /tmp/ram.json ||
	fail "cxl create-region -t ram"
ramreg=$(jq -r .region /tmp/ram.json)
refused "not a dynamic_ram_N region" $ramreg --id=0
cxl disable-region $ramreg && cxl destroy-region $ramreg || fail "destroy $ramreg"
expect_eq "extents unchanged by bad input" "$before" "$(cxl list -r $reg --extents)"
expect_eq "MemTotal unchanged by bad input" $memtotal1 $(meminfo MemTotal)
expect_eq "bad input: QEMU still holds 0:128M (release then re-add)" ok \
	"$(host_do dc-release 0 0:128M >/dev/null && echo ok)"
check "device release of 0:128M went through" wait_for 30 no_extent_at 0
host_do dc-add 0 0:128M >/dev/null || fail "QMP re-add 0:128M"
check "0:128M back online" wait_for 30 state_is 0 online_movable

# release one extent by id
e=$(extent_at $ext); name=$(basename $e); id=${name#extent*.}
blocks=$(blocks_of $((rstart + ext)) $ext)
cxl release-extents $reg --id=$id > /tmp/rel.json 2> /tmp/rel.err || { cat /tmp/rel.err; fail "release --id=$id"; }
cat /tmp/rel.json /tmp/rel.err
expect_eq "reported the released extent" $name "$(jq -r '.[].extent' /tmp/rel.json)"
expect_eq "reported its blocks" "$blocks" "$(jq -r '.[0].memory_blocks[]' /tmp/rel.json | tr '\n' ' ' | sed 's/ $//')"
check "summary line" grep -q "released 1 extent$" /tmp/rel.err
check "$name gone from sysfs" [ ! -e $e ]
expect_eq "its blocks are gone" "absent:$((ext / bs))" "$(blocks_states $((rstart + ext)) $ext)"
expect_eq "MemTotal dropped by 128 MiB" $((memtotal1 - ext)) $(meminfo MemTotal)
check "not listed" [ "$(E $ext .extent)" = "" ]
expect_eq "five extents listed" 5 "$(X '.extents | length')"
check "QEMU no longer holds 128M:128M" not_held 0 128M:128M
check "extent at 0 untouched" state_is 0 online_movable
check "extent at 256M untouched" state_is $((256 << 20)) online_movable
refused "no extent$n.$id" $reg --id=$id

# release the tagged group
memtotal2=$(meminfo MemTotal)
cxl release-extents $reg --uuid=$TAG > /tmp/rel.json 2> /tmp/rel.err || { cat /tmp/rel.err; fail "release --uuid"; }
cat /tmp/rel.json /tmp/rel.err
expect_eq "reported both tagged extents" "$((512 << 20)) $((640 << 20))" \
	"$(jq -r '.[].offset' /tmp/rel.json | tr '\n' ' ' | sed 's/ $//')"
check "summary line" grep -q "released 2 extents$" /tmp/rel.err
expect_eq "reported their dax device" "$dx $dx" "$(jq -r '.[].dax_device' /tmp/rel.json | tr '\n' ' ' | sed 's/ $//')"
check "$dx gone" [ ! -e $D ]
for off in 512 640; do
	expect_eq "${off}M: blocks gone" "absent:$((ext / bs))" "$(blocks_states $((rstart + (off << 20))) $ext)"
done
expect_eq "MemTotal dropped by 256 MiB" $((memtotal2 - 2 * ext)) $(meminfo MemTotal)
expect_eq "dax_devices: $dx3 left" $dx3 "$(X '.dax_devices[].dax_device')"
check "512M gone" no_extent_at $((512 << 20))
check "640M gone" no_extent_at $((640 << 20))
expect_eq "three extents left" "0 $((256 << 20)) $((768 << 20))" "$(X '.extents[].offset' | tr '\n' ' ' | sed 's/ $//')"
check "QEMU no longer holds 512M:128M" not_held 0 tag=$TAG 512M:128M
check "QEMU no longer holds 640M:128M" not_held 0 tag=$TAG 640M:128M
refused "no extent tagged $TAG" $reg --uuid=$TAG

# teardown: memory goes with sysram, the rest with the region
wr sysram_region$n $drv/unbind || fail "unbind sysram_region$n"
expect_eq "MemTotal back to baseline" $total0 $(meminfo MemTotal)
check "held extent has no memory_blocks" [ "$(E 0 .memory_blocks)" = null ]
check "$dx3 gone with sysram_region$n" [ ! -e $s/dax_region$n ]
check "$TAG3 member held: no memory_blocks" [ "$(E $((768 << 20)) .memory_blocks)" = null ]
check "$TAG3 member held: no dax_device" [ "$(E $((768 << 20)) .dax_device)" = null ]
expect_eq "$TAG3 member state" accepted "$(E $((768 << 20)) .state)"
expect_eq "no dax_devices without sysram bound" null "$(X .dax_devices)"
cxl disable-region $reg && cxl destroy-region $reg || fail "disable/destroy $reg"
check "QEMU no longer holds 0:128M" not_held 0 0:128M
check "QEMU no longer holds 768M:128M" not_held 0 tag=$TAG3 768M:128M
check "QEMU no longer holds 256M:128M" not_held 0 256M:128M
