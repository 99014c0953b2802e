# rig: timeout=300
# cxl create-region --driver=sysram --consumer=device_dax gives daxN.0 under
# device_dax and a /dev/daxN.0 that is mapped, written and read back, with
# no memory block and no System RAM.  --driver=dax takes the direct dax
# path even when cxl_core.ram_consumer makes sysram the default, while no
# --driver leaves the kernel's default alone (the region stops at
# sysram_regionN, policy unset).
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
rd=$(root_decoder) || fail "no RAM root decoder"
size=$((256 << 20))
nb=$((size / $(block_size)))
knob=/sys/module/cxl_core/parameters/ram_consumer
total0=$(meminfo MemTotal)
iomem0=$(grep -c . /proc/iomem)

create() {
	cxl create-region -t ram -d $rd -m $vm -s $size "$@" > /tmp/create.json ||
		return 1
	jq -r .region /tmp/create.json
}
teardown() {
	cxl disable-region $1 && cxl destroy-region $1 || fail "disable/destroy $1"
	check "$1 is gone" [ ! -e $CXL/$1 ]
	expect_eq "MemTotal back to baseline" $total0 $(meminfo MemTotal)
	expect_eq "/proc/iomem back to baseline" $iomem0 $(grep -c . /proc/iomem)
}

r=$(create --driver=sysram --consumer=device_dax) || fail "create-region --consumer=device_dax"
n=${r#region}; s=$CXL/sysram_region$n
set -- $(region_range $r); start=$1
expect_eq "consumer" device_dax "$(cat $s/consumer)"
expect_eq "online_type not written" unset "$(cat $s/online_type)"
dax=$s/dax_region$n/dax$n.0
check "dax$n.0 bound" wait_for 10 [ -e $dax/driver ]
expect_eq "dax$n.0 driver" device_dax "$(basename "$(readlink -f $dax/driver)")"
check "/dev/dax$n.0" wait_for 10 [ -c /dev/dax$n.0 ]
expect_eq "no memory block" "absent:$nb" "$(blocks_states $start $size)"
expect_eq "MemTotal unchanged" $total0 $(meminfo MemTotal)
expect_eq "mapped, written, read back" ok "$(/rig/bin/daxmap /dev/dax$n.0 $((8 << 20)))"
teardown $r
check "/dev/dax$n.0 gone" wait_for 10 [ ! -e /dev/dax$n.0 ]

wr sysram $knob || fail "set cxl_core.ram_consumer=sysram"
r=$(create --driver=dax) || { wr dax $knob; fail "create-region --driver=dax"; }
n=${r#region}
expect_eq "--driver=dax overrides the knob" dax "$(cat $CXL/$r/ram_consumer)"
check "--driver=dax: $r/dax_region$n" [ -d $CXL/$r/dax_region$n ]
check "--driver=dax: no sysram_region$n" [ ! -e $CXL/sysram_region$n ]
teardown $r

r=$(create) || { wr dax $knob; fail "create-region with the knob at sysram"; }
n=${r#region}; s=$CXL/sysram_region$n
wr dax $knob
expect_eq "no --driver: the knob applies" sysram "$(cat $CXL/$r/ram_consumer)"
check "no --driver: sysram_region$n exists" [ -d $s ]
check "no --driver: sysram_region$n not bound" [ ! -e $s/driver ]
expect_eq "no --driver: policy untouched" unset "$(cat $s/consumer)"
expect_eq "no --driver: sysram_region$n state" unset "$(cat $s/state)"
check "no --driver: no dax_region$n" [ ! -e $s/dax_region$n ]
set -- $(region_range $r); start=$1
expect_eq "no --driver: no memory block" "absent:$nb" "$(blocks_states $start $size)"
teardown $r
