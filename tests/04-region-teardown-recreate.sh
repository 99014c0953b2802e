# Tear-down with memory online: unplug, unbind, destroy; /proc/iomem,
# MemTotal and the memory block list return to their baseline, and the same
# capacity can be assembled again into a working region.
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
size=$((512 << 20))
total0=$(meminfo MemTotal)
blocks0=$(ls $MEM | grep -c '^memory[0-9]')
iomem0=$(grep -c . /proc/iomem)

for round in 1 2; do
	r=$(create_ram_region_sysfs $vm $size) || fail "round $round: create"
	wr $r /sys/bus/cxl/drivers/cxl_region/bind || fail "round $round: bind"
	st=/sys/bus/dax/devices/dax${r#region}.0/state
	wait_for 10 [ -e $st ] || fail "round $round: no dax device"
	wr unplugged $st && wr online_movable $st || fail "round $round: online"
	expect_eq "round $round: MemTotal with region online" $((total0 + size)) $(meminfo MemTotal)
	wr unplugged $st || fail "round $round: unplug"
	destroy_region $r || fail "round $round: destroy"
	check "round $round: $r is gone" [ ! -e $CXL/$r ]
	expect_eq "round $round: MemTotal" $total0 $(meminfo MemTotal)
	expect_eq "round $round: memory blocks" $blocks0 $(ls $MEM | grep -c '^memory[0-9]')
	expect_eq "round $round: /proc/iomem lines" $iomem0 $(grep -c . /proc/iomem)
	dpa=0
	for f in $CXL/$(endpoint_of $vm)/decoder*/dpa_size; do dpa=$((dpa + $(cat $f))); done
	expect_eq "round $round: $vm DPA allocated" 0 $dpa
done
