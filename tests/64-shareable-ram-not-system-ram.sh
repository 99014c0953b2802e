# rig: timeout=400 qemu-env=RIG_VMEM_SHAREABLE=1
# Static capacity that the device's CDAT calls shareable (DSMAS flag,
# QEMU volatile-shareable=on) never becomes System RAM.  The Linux 7.3 flow
# (create_ram_region, commit, bind) hands it to device_dax instead of
# kmem: daxN.0 under device_dax, no memory block, no "System RAM (kmem)",
# MemTotal unchanged, and the kernel says why.  Through sysram, consumer
# kmem is refused at bind (EPERM) with nothing hotplugged, and consumer
# device_dax is accepted.  Before the fix the shareable capacity went to
# kmem like any other.
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
size=$((256 << 20))
nb=$((size / $(block_size)))
drv=/sys/bus/cxl/drivers/cxl_sysram_region
total0=$(meminfo MemTotal)
no_kmem_ram() { ! grep -q "System RAM (kmem)" /proc/iomem; }

r=$(create_ram_region_sysfs $vm $size) || fail "region creation failed"
wr $r /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $r"
set -- $(region_range $r); start=$1
dax=/sys/bus/dax/devices/dax${r#region}.0
check "dax${r#region}.0 bound" wait_for 10 [ -e $dax/driver ]
expect_eq "dax${r#region}.0 driver" device_dax "$(basename "$(readlink -f $dax/driver)")"
expect_eq "no memory block" "absent:$nb" "$(blocks_states $start $size)"
check "no System RAM (kmem)" no_kmem_ram
expect_eq "MemTotal unchanged" $total0 $(meminfo MemTotal)
check "kernel said why" sh -c "klog | grep -q 'shareable capacity: device_dax, not System RAM'"
destroy_region $r || fail "destroy $r"

r=$(sysram_region_create $vm $size) || fail "sysram region creation failed"
n=${r#region}; s=$CXL/sysram_region$n
set -- $(region_range $r); start=$1
wr kmem $s/consumer && wr online_movable $s/online_type || fail "policy kmem"
expect_errno EPERM "kmem refused for shareable capacity" wr sysram_region$n $drv/bind
check "sysram_region$n not bound" [ ! -e $s/driver ]
expect_eq "no memory block" "absent:$nb" "$(blocks_states $start $size)"
check "no System RAM (kmem)" no_kmem_ram
expect_eq "MemTotal unchanged" $total0 $(meminfo MemTotal)
wr device_dax $s/consumer || fail "consumer device_dax"
wr sysram_region$n $drv/bind || fail "bind sysram_region$n (device_dax)"
check "dax$n.0 under device_dax" wait_for 10 [ -e $s/dax_region$n/dax$n.0/driver ]
expect_eq "dax$n.0 driver" device_dax "$(basename "$(readlink -f $s/dax_region$n/dax$n.0/driver)")"
check "no System RAM (kmem)" no_kmem_ram
wr $r /sys/bus/cxl/drivers/cxl_region/unbind || fail "unbind $r"
destroy_region $r || fail "destroy $r"
