# sysram policy device_dax: binding sysram_regionN gives daxN.0 under
# device_dax and a /dev/daxN.0 that is mapped, written and read back; no
# memory block and no System RAM appear.  Tear-down by region unbind.
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
size=$((256 << 20))
nb=$((size / $(block_size)))
drv=/sys/bus/cxl/drivers/cxl_sysram_region
total0=$(meminfo MemTotal)
iomem0=$(grep -c . /proc/iomem)

r=$(sysram_region_create $vm $size) || fail "sysram region creation failed"
n=${r#region}; s=$CXL/sysram_region$n
set -- $(region_range $r); start=$1
wr device_dax $s/consumer || fail "consumer"
expect_eq "online_type not needed, still unset" unset "$(cat $s/online_type)"
wr sysram_region$n $drv/bind || fail "bind sysram_region$n"
dax=$s/dax_region$n/dax$n.0
check "dax$n.0 bound" wait_for 10 [ -e $dax/driver ]
expect_eq "dax$n.0 driver" device_dax "$(basename "$(readlink -f $dax/driver)")"
check "/dev/dax$n.0" wait_for 10 [ -c /dev/dax$n.0 ]
expect_eq "no memory block" "absent:$nb" "$(blocks_states $start $size)"
no_kmem_ram() { ! grep -q "System RAM (kmem)" /proc/iomem; }
check "no System RAM (kmem) in /proc/iomem" no_kmem_ram
expect_eq "MemTotal unchanged" $total0 $(meminfo MemTotal)
expect_eq "dax$n.0 size" $size "$(cat $dax/size)"
out=$(/rig/bin/daxmap /dev/dax$n.0 $((8 << 20)))
klog | tail -3 | grep -q "vma is not DAX capable" &&
	log "device_dax refuses mmap: the guest kernel needs CONFIG_FS_DAX=y"
expect_eq "mapped, written, read back" ok "$out"

wr $r /sys/bus/cxl/drivers/cxl_region/unbind || fail "unbind $r"
check "sysram_region$n gone" [ ! -e $s ]
check "/dev/dax$n.0 gone" wait_for 10 [ ! -e /dev/dax$n.0 ]
destroy_region $r || fail "destroy $r"
expect_eq "/proc/iomem lines" $iomem0 $(grep -c . /proc/iomem)
