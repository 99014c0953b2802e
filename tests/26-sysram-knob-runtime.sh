# cxl_core.ram_consumer sets the initial regionN/ram_consumer of new regions:
# default "dax"; with "sysram" a new region reads "sysram" and binding it
# stops at an unbound sysram_regionN; existing regions keep their value; bad
# values are refused.  The knob is restored to "dax" at the end.
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
size=$((256 << 20))
nb=$((size / $(block_size)))
knob=/sys/module/cxl_core/parameters/ram_consumer
check "knob exists" [ -e $knob ]
expect_eq "knob default" dax "$(cat $knob)"
expect_errno EINVAL "knob 'bogus'" wr bogus $knob
expect_eq "knob after bad write" dax "$(cat $knob)"

wr sysram $knob || fail "set knob"
trap 'echo dax > $knob' EXIT
r=$(create_ram_region_sysfs $vm $size) || fail "region creation failed"
n=${r#region}
set -- $(region_range $r); start=$1
expect_eq "new region's ram_consumer" sysram "$(cat $CXL/$r/ram_consumer)"
wr dax $knob || fail "reset knob"
expect_eq "existing region keeps its value" sysram "$(cat $CXL/$r/ram_consumer)"
wr $r /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $r"
check "sysram_region$n" [ -d $CXL/$r/sysram_region$n ]
check "no dax_region$n" [ ! -e $CXL/dax_region$n ]
check "sysram_region$n unbound" [ ! -e $CXL/sysram_region$n/driver ]
expect_eq "no memory block" "absent:$nb" "$(blocks_states $start $size)"
destroy_region $r || fail "destroy $r"

r=$(create_ram_region_sysfs $vm $size) || fail "region creation failed"
expect_eq "region after reset knob" dax "$(cat $CXL/$r/ram_consumer)"
destroy_region $r || fail "destroy $r"
