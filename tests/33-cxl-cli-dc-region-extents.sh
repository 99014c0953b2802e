# rig: timeout=400
# Dynamic Capacity through cxl-cli: cxl list -M shows the DCD's DC partitions
# as sysfs has them (dynamic_ram_N_size and "dc_partitions", none for the
# static memdev), cxl list -D the root decoder's dynamic_ram_1_capable;
# cxl create-region -t dynamic_ram_1 makes a committed, enabled region of
# mode dynamic_ram_1 on the DCD with its endpoint decoder in mode
# dynamic_ram_1; cxl list --extents (-N) shows no extent, then the extents
# the host adds through QMP (offset, length, dpa_start, state as in sysfs,
# sorted by offset; no "uuid" for an untagged extent, which has no uuid
# attribute either), and no longer the one the device releases; without
# --extents there is no "extents" key, -v has it.  cxl destroy-region
# gives everything back (QEMU then holds nothing).  A tagged offer shows
# its tag as "uuid".  -t dynamic_ram_2 without -s takes the whole
# partition.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
rd=$(root_decoder) || fail "no RAM root decoder"
size=$((512 << 20))
TAG=6a2b6d2e-1f3c-4e8a-9d0b-5a1e2f3c4d5e

cxl list -m $dcd
M() { cxl list -m $1 | jq -r ".[0]$2"; }
expect_eq "$dcd: two DC partitions" "dynamic_ram_1 dynamic_ram_2" "$(M $dcd '.dc_partitions[].partition' | tr '\n' ' ' | sed 's/ $//')"
for i in 0 1; do
	n=$((i + 1))
	pd=$CXL/$dcd/dynamic_ram_$n
	expect_eq "dynamic_ram_${n}_size" $(( $(cat $pd/size) )) "$(M $dcd ".dynamic_ram_${n}_size")"
	expect_eq "dynamic_ram_$n size" $(( $(cat $pd/size) )) "$(M $dcd ".dc_partitions[$i].size")"
	expect_eq "dynamic_ram_$n base" $(( $(cat $pd/base) )) "$(M $dcd ".dc_partitions[$i].base")"
	expect_eq "dynamic_ram_$n decode_length" $(( $(cat $pd/decode_length) )) "$(M $dcd ".dc_partitions[$i].decode_length")"
	expect_eq "dynamic_ram_$n block_size" $(( $(cat $pd/block_size) )) "$(M $dcd ".dc_partitions[$i].block_size")"
	expect_eq "dynamic_ram_$n dsmad_handle" $(( $(cat $pd/dsmad_handle) )) "$(M $dcd ".dc_partitions[$i].dsmad_handle")"
	expect_eq "dynamic_ram_$n sanitize_on_release" false "$(M $dcd ".dc_partitions[$i].sanitize_on_release")"
done
expect_eq "$dcd: no dynamic_ram_3_size" null "$(M $dcd .dynamic_ram_3_size)"
expect_eq "-u: dynamic_ram_2 base in hex" 0x40000000 "$(cxl list -m $dcd -u | jq -r '.dc_partitions[1].base')"
expect_eq "$vm: no dc_partitions" null "$(M $vm .dc_partitions)"
expect_eq "$vm: no dynamic_ram_1_size" null "$(M $vm .dynamic_ram_1_size)"
expect_eq "cxl list -D: $rd dynamic_ram_1_capable" true "$(cxl list -d $rd | jq -r '.[0].dynamic_ram_1_capable')"

cxl create-region -t dynamic_ram_1 -d $rd -m $dcd -s $size > /tmp/create.json ||
	fail "cxl create-region -t dynamic_ram_1"
cat /tmp/create.json
reg=$(jq -r .region /tmp/create.json)
expect_eq "type" dynamic_ram_1 "$(jq -r .type /tmp/create.json)"
expect_eq "sysfs mode" dynamic_ram_1 "$(cat $CXL/$reg/mode)"
expect_eq "size" $size "$(jq -r .size /tmp/create.json)"
expect_eq "committed" 1 "$(cat $CXL/$reg/commit)"
check "bound to cxl_region" [ -e $CXL/$reg/driver ]
ed=$(cat $CXL/$reg/target0)
expect_eq "endpoint decoder $ed mode" dynamic_ram_1 "$(cat $CXL/$ed/mode)"
expect_eq "endpoint decoder $ed dpa_size" $size $(( $(cat $CXL/$ed/dpa_size) ))
expect_eq "cxl list -D: decoder mode" dynamic_ram_1 "$(cxl list -d $ed | jq -r '.[0].mode')"

X() { cxl list -r $reg --extents | jq -r ".[0]$1"; }
expect_eq "no extent before any offer" 0 "$(X '.extents | length')"
expect_eq "no extents key without --extents" null "$(cxl list -r $reg | jq -r '.[0].extents')"

host_do dc-add 0 128M:64M 0:128M >/dev/null || fail "QMP add"
has2() { [ "$(X '.extents | length')" = 2 ]; }
check "two extents listed" wait_for 10 has2
cxl list -r $reg --extents
expect_eq "sorted by offset" "0 134217728" "$(X '.extents[].offset' | tr '\n' ' ' | sed 's/ $//')"
for i in 0 1; do
	e=$CXL/$reg/$(X ".extents[$i].extent")
	check "extent $i is $(basename $e) in sysfs" [ -d $e ]
	expect_eq "extent $i offset" $(( $(cat $e/offset) )) "$(X ".extents[$i].offset")"
	expect_eq "extent $i length" $(( $(cat $e/length) )) "$(X ".extents[$i].length")"
	expect_eq "extent $i dpa_start" $(( $(cat $e/dpa_start) )) "$(X ".extents[$i].dpa_start")"
	check "extent $i (untagged): no uuid attribute" [ ! -e $e/uuid ]
	expect_eq "extent $i: no uuid" false "$(X ".extents[$i] | has(\"uuid\")")"
	expect_eq "extent $i state" accepted "$(X ".extents[$i].state")"
done
expect_eq "first extent length" $((128 << 20)) "$(X '.extents[0].length')"
expect_eq "second extent dpa_start" $((128 << 20)) "$(X '.extents[1].dpa_start')"
expect_eq "-N is --extents" 2 "$(cxl list -r $reg -N | jq -r '.[0].extents | length')"
expect_eq "-v lists extents" 2 \
	"$(cxl list -v | jq -r "[.. | objects | select(.region? == \"$reg\" and has(\"type\"))][0].extents | length")"

# a tagged offer (the rig's QEMU passes the tag on)
host_do dc-add 0 tag=$TAG 256M:2M >/dev/null || fail "QMP tagged add"
has3() { [ "$(X '.extents | length')" = 3 ]; }
check "tagged extent listed" wait_for 10 has3
expect_eq "tagged extent's uuid" $TAG "$(X ".extents[] | select(.offset == $((256 << 20))) | .uuid")"
e=$CXL/$reg/$(X ".extents[] | select(.offset == $((256 << 20))) | .extent")
expect_eq "tagged extent's uuid (sysfs)" $TAG "$(cat $e/uuid)"

host_do dc-release 0 0:128M >/dev/null || fail "QMP release"
has2() { [ "$(X '.extents | length')" = 2 ]; }
check "released extent no longer listed" wait_for 10 has2
expect_eq "remaining extents" "$((128 << 20)) $((256 << 20))" "$(X '.extents[].offset' | tr '\n' ' ' | sed 's/ $//')"

cxl disable-region $reg && cxl destroy-region $reg || fail "disable/destroy $reg"
check "$reg is gone" [ ! -e $CXL/$reg ]
expect_eq "$ed freed" 0 $(( $(cat $CXL/$ed/dpa_size) ))
check "QEMU no longer holds 128M:64M" not_held 0 128M:64M

cxl create-region -t dynamic_ram_2 -d $rd -m $dcd > /tmp/create.json || fail "cxl create-region -t dynamic_ram_2"
reg=$(jq -r .region /tmp/create.json)
expect_eq "dynamic_ram_2: default size is the partition" $(( $(cat $CXL/$dcd/dynamic_ram_2/size) )) "$(jq -r .size /tmp/create.json)"
expect_eq "dynamic_ram_2: type" dynamic_ram_2 "$(jq -r .type /tmp/create.json)"
expect_eq "dynamic_ram_2: sysfs mode" dynamic_ram_2 "$(cat $CXL/$reg/mode)"
expect_eq "dynamic_ram_2: decoder mode" dynamic_ram_2 "$(cat $CXL/$(cat $CXL/$reg/target0)/mode)"
host_do dc-add 1 0:2M >/dev/null || fail "QMP add in DC region 1"
has1() { [ "$(cxl list -r $reg --extents | jq -r '.[0].extents | length')" = 1 ]; }
check "dynamic_ram_2 extent listed" wait_for 10 has1
cxl disable-region $reg && cxl destroy-region $reg || fail "disable/destroy $reg"
check "QEMU no longer holds DC region 1 0:2M" not_held 1 0:2M
