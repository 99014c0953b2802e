# rig: timeout=400 discard
# Decoders are never reset under System RAM, whichever door asks for it.
# A RAM region through sysram is online_kernel and pinned by slab
# (rig/bin/nodefill); its sysram_region and the region are unbound, which
# leaves the memory online (kmem's last resort).  Then: writing 0 to
# commit, clearing target0 and deleting the region (delete_region) must
# each fail with EBUSY and leave the region committed with its target;
# unbinding the memdev from cxl_mem cannot be refused, but must leave the
# decoders committed, so that the memory keeps working: new kernel
# allocations on the node and the pinned objects stay usable, and the
# kernel says why.  Before the fix, clearing target0 or deleting the
# region reset the decoders under the online memory and the kernel died in
# an unrelated allocation moments later.  DOORS (default all, in this
# order) picks doors for a run by hand.  The VM is discarded after.
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
size=$((256 << 20))
nb=$((size / $(block_size)))
drv=/sys/bus/cxl/drivers/cxl_sysram_region
doors=${DOORS:-"commit target delete memdev"}

r=$(sysram_region_create $vm $size) || fail "sysram region creation failed"
n=${r#region}; s=$CXL/sysram_region$n
set -- $(region_range $r); start=$1
rd=$(basename "$(readlink -f $CXL/$r/..)")
ed=$(cat $CXL/$r/target0)
wr kmem $s/consumer && wr online_kernel $s/online_type || fail "policy"
wr sysram_region$n $drv/bind || fail "bind sysram_region$n"
check "every block online" blocks_become $start $size "online:$nb"
node=$(node_of $start)
pin_node_slab $node

wr sysram_region$n $drv/unbind || fail "unbind sysram_region$n"
wr $r /sys/bus/cxl/drivers/cxl_region/unbind || fail "unbind $r"
expect_eq "blocks still online after unbind" "online:$nb" "$(blocks_states $start $size)"
total1=$(meminfo MemTotal)

still() {
	expect_eq "$1: $r still committed" 1 "$(cat $CXL/$r/commit)"
	expect_eq "$1: $r target0" "$ed" "$(cat $CXL/$r/target0)"
	expect_eq "$1: blocks still online" "online:$nb" "$(blocks_states $start $size)"
	expect_eq "$1: MemTotal" $total1 $(meminfo MemTotal)
}
for d in $doors; do
	case $d in
	commit)
		expect_errno EBUSY "decommit refused" wr 0 $CXL/$r/commit
		still commit ;;
	target)
		expect_errno EBUSY "clearing target0 refused" wr "" $CXL/$r/target0
		still target ;;
	delete)
		expect_errno EBUSY "delete_region refused" wr $r $CXL/$rd/delete_region
		check "$r still exists" [ -d $CXL/$r ]
		still delete ;;
	memdev)
		wr $vm /sys/bus/cxl/drivers/cxl_mem/unbind || fail "unbind $vm from cxl_mem"
		expect_eq "memdev: blocks still online" "online:$nb" "$(blocks_states $start $size)"
		check "kernel said the decoders stay" sh -c "klog | grep -q 'decoders left committed'" ;;
	esac
done
# the memory still decodes: the pinned objects and new ones on that node
sync; echo 3 > /proc/sys/vm/drop_caches
mkdir -p /tmp/pin2
/rig/bin/nodefill $node 3000 /tmp/pin2 >/dev/null || fail "nodefill after the doors"
check "pinned files still there" sh -c "ls /tmp/pin | wc -l | grep -qx 5000"
check "new files there" sh -c "ls /tmp/pin2 | wc -l | grep -qx 3000"
# touch every page the node has free, through a task bound to it
check "node $node still has free memory" [ "$(awk '$3 == "MemFree:" { print $4 }' /sys/devices/system/node/node$node/meminfo)" -gt 0 ]
