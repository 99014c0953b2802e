# sysram policy kmem + online_movable: binding sysram_regionN creates
# regionN/sysram_regionN/dax_regionN/daxN.0 under kmem and onlines every
# block into ZONE_MOVABLE (checked block by block), whatever the system
# default policy (offline in the rig).  Unbinding sysram_regionN with the
# memory online offlines and removes it: /proc/iomem, MemTotal and the block
# list return to baseline.  A second bind works the same.
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
size=$((512 << 20))
bs=$(block_size)
nb=$((size / bs))
drv=/sys/bus/cxl/drivers/cxl_sysram_region
total0=$(meminfo MemTotal)
blocks0=$(ls $MEM | grep -c '^memory[0-9]')
iomem00=$(grep -c . /proc/iomem)

r=$(sysram_region_create $vm $size) || fail "sysram region creation failed"
n=${r#region}; s=$CXL/sysram_region$n
set -- $(region_range $r); start=$1
wr kmem $s/consumer || fail "consumer"
# The bound region itself has its own /proc/iomem line.
iomem0=$(grep -c . /proc/iomem)
wr online_movable $s/online_type || fail "online_type"

for round in 1 2; do
	wr sysram_region$n $drv/bind || fail "round $round: bind sysram_region$n"
	dax=$s/dax_region$n/dax$n.0
	check "round $round: tree $r/sysram_region$n/dax_region$n/dax$n.0" wait_for 10 [ -e $dax/driver ]
	expect_eq "round $round: dax$n.0 driver" kmem "$(basename "$(readlink -f $dax/driver)")"
	check "round $round: blocks online:$nb" blocks_become $start $size "online:$nb"
	for b in $(region_blocks $start $size); do
		expect_eq "round $round: memory$b zone" Movable "$(cat $MEM/memory$b/valid_zones)"
	done
	expect_eq "round $round: dax$n.0/state" online_movable "$(cat $dax/state)"
	check "round $round: /proc/iomem System RAM (kmem)" iomem_has $start $((start + size - 1)) "System RAM (kmem)"
	expect_eq "round $round: MemTotal grew" $((total0 + size)) $(meminfo MemTotal)

	wr sysram_region$n $drv/unbind || fail "round $round: unbind with memory online"
	check "round $round: dax_region$n gone" [ ! -e $CXL/dax_region$n ]
	expect_eq "round $round: blocks after unbind" "absent:$nb" "$(blocks_states $start $size)"
	expect_eq "round $round: MemTotal" $total0 $(meminfo MemTotal)
	expect_eq "round $round: memory blocks" $blocks0 $(ls $MEM | grep -c '^memory[0-9]')
	expect_eq "round $round: /proc/iomem lines" $iomem0 $(grep -c . /proc/iomem)
done
destroy_region $r || fail "destroy $r"
expect_eq "/proc/iomem lines after destroy" $iomem00 $(grep -c . /proc/iomem)
