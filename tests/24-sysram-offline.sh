# sysram policy kmem + offline: the blocks are added and stay offline, and
# daxN.0/state says so; MemTotal does not change.  Destroying the region
# (without unbinding sysram_regionN first) removes them again.
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
size=$((256 << 20))
nb=$((size / $(block_size)))
drv=/sys/bus/cxl/drivers/cxl_sysram_region
total0=$(meminfo MemTotal)
blocks0=$(ls $MEM | grep -c '^memory[0-9]')
iomem0=$(grep -c . /proc/iomem)

r=$(sysram_region_create $vm $size) || fail "sysram region creation failed"
n=${r#region}; s=$CXL/sysram_region$n
set -- $(region_range $r); start=$1
wr offline $s/online_type || fail "online_type"
wr kmem $s/consumer || fail "consumer"
wr sysram_region$n $drv/bind || fail "bind sysram_region$n"
dax=$s/dax_region$n/dax$n.0
check "dax$n.0 under kmem" wait_for 10 [ -e $dax/driver ]
check "blocks present and offline" blocks_become $start $size "offline:$nb"
expect_eq "dax$n.0/state" offline "$(cat $dax/state)"
check "/proc/iomem System RAM (kmem)" iomem_has $start $((start + size - 1)) "System RAM (kmem)"
expect_eq "MemTotal unchanged" $total0 $(meminfo MemTotal)

destroy_region $r || fail "destroy $r with sysram_region$n bound"
check "$r gone" [ ! -e $CXL/$r ]
expect_eq "blocks after destroy" "absent:$nb" "$(blocks_states $start $size)"
expect_eq "memory blocks" $blocks0 $(ls $MEM | grep -c '^memory[0-9]')
expect_eq "/proc/iomem lines" $iomem0 $(grep -c . /proc/iomem)
