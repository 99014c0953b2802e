# regionN/ram_consumer: without opt-in ("dax", the default) a bound RAM region
# gets the 7.3 tree regionN/dax_regionN/daxN.0 and no sysram_regionN; with
# ram_consumer=sysram written before bind it gets regionN/sysram_regionN with
# an unset policy, no dax_regionN, no memory block and nothing in /proc/iomem.
# ram_consumer is refused on a bound region (-EBUSY) and for bad values.
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
size=$((256 << 20))
nb=$((size / $(block_size)))
total0=$(meminfo MemTotal)

# Legacy: no opt-in.
r=$(create_ram_region_sysfs $vm $size) || fail "region creation failed"
n=${r#region}
expect_eq "default ram_consumer" dax "$(cat $CXL/$r/ram_consumer)"
wr $r /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $r"
check "legacy: $r/dax_region$n exists" [ -d $CXL/$r/dax_region$n ]
check "legacy: no sysram_region$n" [ ! -e $CXL/sysram_region$n ]
check "legacy: dax$n.0 under kmem" wait_for 10 [ -e /sys/bus/dax/drivers/kmem/dax$n.0 ]
expect_errno EBUSY "ram_consumer write on a bound region" wr sysram $CXL/$r/ram_consumer
expect_eq "ram_consumer unchanged" dax "$(cat $CXL/$r/ram_consumer)"
st=/sys/bus/dax/devices/dax$n.0/state
[ "$(cat $st)" = unplugged ] || wr unplugged $st || fail "unplug legacy"
destroy_region $r || fail "destroy $r"

# Opt-in.
r=$(create_ram_region_sysfs $vm $size) || fail "region creation failed"
n=${r#region}
set -- $(region_range $r); start=$1
expect_errno EINVAL "ram_consumer 'bogus'" wr bogus $CXL/$r/ram_consumer
expect_errno EINVAL "ram_consumer ''" wr "" $CXL/$r/ram_consumer
expect_eq "ram_consumer after bad writes" dax "$(cat $CXL/$r/ram_consumer)"
wr sysram $CXL/$r/ram_consumer || fail "write ram_consumer"
expect_eq "ram_consumer" sysram "$(cat $CXL/$r/ram_consumer)"
wr $r /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $r"
check "sysram_region$n below $r" [ -d $CXL/$r/sysram_region$n ]
expect_eq "sysram_region$n devtype" cxl_sysram_region "$(cat $CXL/sysram_region$n/devtype)"
check "no dax_region$n" [ ! -e $CXL/dax_region$n ]
check "sysram_region$n not bound" [ ! -e $CXL/sysram_region$n/driver ]
expect_eq "consumer before policy" unset "$(cat $CXL/sysram_region$n/consumer)"
expect_eq "online_type before policy" unset "$(cat $CXL/sysram_region$n/online_type)"
sleep 1
expect_eq "no memory block before bind" "absent:$nb" "$(blocks_states $start $size)"
check "no dax device" [ ! -e /sys/bus/dax/devices/dax$n.0 ]
no_kmem_ram() { ! grep -q "System RAM (kmem)" /proc/iomem; }
check "no System RAM (kmem) in /proc/iomem" no_kmem_ram
expect_eq "MemTotal unchanged" $total0 $(meminfo MemTotal)
expect_errno EBUSY "ram_consumer write on a bound region" wr dax $CXL/$r/ram_consumer
expect_eq "ram_consumer unchanged" sysram "$(cat $CXL/$r/ram_consumer)"

wr $r /sys/bus/cxl/drivers/cxl_region/unbind || fail "unbind $r"
check "sysram_region$n gone with the region driver" [ ! -e $CXL/sysram_region$n ]
wr dax $CXL/$r/ram_consumer || fail "ram_consumer writable again after unbind"
destroy_region $r || fail "destroy $r"
