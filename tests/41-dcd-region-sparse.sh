# A dynamic_ram_N region over DC partition N: created with
# create_dynamic_ram_N_region (one for each N = 1 .. 8, no longer one
# create_dynamic_ram_region), mode dynamic_ram_N, one interleave way only,
# commits and binds with no capacity added by the device, and publishes
# nothing for memory use (no dax_region, no System RAM). Mode mismatches
# are refused: a DC decoder in a ram region, a RAM decoder in a
# dynamic_ram_N region, and a decoder of the other DC partition.  Torn
# down, the same DPA can be assembled again.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
rd=$(root_decoder) || fail "no RAM root decoder"
ep=$(endpoint_of $dcd) || fail "no endpoint for $dcd"
size=$((512 << 20))
total0=$(meminfo MemTotal)
iomem0=$(grep -c . /proc/iomem)
for n in 1 2 3 4 5 6 7 8; do
	check "$rd/create_dynamic_ram_${n}_region exists" [ -e $CXL/$rd/create_dynamic_ram_${n}_region ]
done
check "$rd has no create_dynamic_ram_region (old name)" [ ! -e $CXL/$rd/create_dynamic_ram_region ]

# create_dc_region PART: region of $size over DC partition PART (dynamic_ram_N)
create_dc_region() {
	ed=$(free_decoder $ep) || { echo "no free decoder on $ep" >&2; return 1; }
	r=$(region_alloc $1 $size) || return 1
	wr "$1" $CXL/$ed/mode || return 1
	wr $size $CXL/$ed/dpa_size || return 1
	wr "$ed" $CXL/$r/target0 || return 1
	wr 1 $CXL/$r/commit || return 1
	echo "$r"
}

for part in dynamic_ram_2 dynamic_ram_1; do
	r=$(create_dc_region $part) || fail "$part: region creation failed"
	ed=$(cat $CXL/$r/target0)
	log "$part: $r with $ed at DPA $(cat $CXL/$ed/dpa_resource)"
	expect_eq "$r mode" $part "$(cat $CXL/$r/mode)"
	expect_eq "$ed mode" $part "$(cat $CXL/$ed/mode)"
	expect_eq "$r commit" 1 "$(cat $CXL/$r/commit)"
	wr $r /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $r"
	expect_eq "$r driver" cxl_region "$(basename "$(readlink -f $CXL/$r/driver)")"
	check "$r has no dax_region" sh -c "! ls -d $CXL/$r/dax_region* 2>/dev/null"
	sleep 1
	check "no dax device for $r" [ ! -e /sys/bus/dax/devices/dax${r#region}.0 ]
	set -- $(region_range $r); start=$1
	check "/proc/iomem: no System RAM in $r" sh -c "! grep -qi '^ *$(printf %x $start)-.*System RAM' /proc/iomem"
	expect_eq "MemTotal unchanged" $total0 $(meminfo MemTotal)
	destroy_region $r || fail "destroy $r"
	check "$r is gone" [ ! -e $CXL/$r ]
done
expect_eq "/proc/iomem back to baseline" $iomem0 $(grep -c . /proc/iomem)

# dynamic_ram_N regions are not interleaved
r=$(cat $CXL/$rd/create_dynamic_ram_1_region)
wr "$r" $CXL/$rd/create_dynamic_ram_1_region || fail "create $r"
expect_eq "$r mode before any target" dynamic_ram_1 "$(cat $CXL/$r/mode)"
expect_errno EINVAL "interleave_ways=2 on a dynamic_ram_1 region" wr 2 $CXL/$r/interleave_ways
wr "$r" $CXL/$rd/delete_region || fail "delete $r"

# a DC decoder cannot join a ram region ...
ed=$(free_decoder $ep) || fail "no free decoder on $ep"
r=$(region_alloc ram $size) || fail "create a ram region"
wr dynamic_ram_1 $CXL/$ed/mode && wr $size $CXL/$ed/dpa_size || fail "dynamic_ram_1 dpa"
expect_errno EINVAL "DC decoder as target of a ram region" wr $ed $CXL/$r/target0
wr "$r" $CXL/$rd/delete_region || fail "delete $r"

# ... nor a region of the other DC partition ...
r=$(region_alloc dynamic_ram_2 $size) || fail "create a dynamic_ram_2 region"
expect_errno EINVAL "dynamic_ram_1 decoder as target of a dynamic_ram_2 region" wr $ed $CXL/$r/target0
wr "$r" $CXL/$rd/delete_region || fail "delete $r"
wr 0 $CXL/$ed/dpa_size || fail "free dpa"

# ... and a static RAM decoder cannot join a dynamic_ram_N region
ved=$(free_decoder $(endpoint_of $vm)) || fail "no free decoder on $vm"
r=$(region_alloc dynamic_ram_1 $size) || fail "create a dynamic_ram_1 region"
wr ram $CXL/$ved/mode && wr $size $CXL/$ved/dpa_size || fail "ram dpa"
expect_errno EINVAL "RAM decoder as target of a dynamic_ram_1 region" wr $ved $CXL/$r/target0
wr 0 $CXL/$ved/dpa_size || fail "free dpa"
wr "$r" $CXL/$rd/delete_region || fail "delete $r"

dpa=0
for f in $CXL/$ep/decoder*/dpa_size; do dpa=$((dpa + $(cat $f))); done
expect_eq "no DPA left allocated on $dcd" 0 $dpa
expect_eq "$ved DPA freed" 0 $(( $(cat $CXL/$ved/dpa_size) ))
