# rig: timeout=300 discard
# online_kernel puts every block of the region in ZONE_NORMAL (checked block
# by block).  Kernel allocations may then land there and pin it: with slab
# pages on the region's node (rig/bin/nodefill), unplugging the memory
# (daxN.0/state = unplugged) must be refused cleanly: -EBUSY, every block
# still online in ZONE_NORMAL, MemTotal and /proc/iomem unchanged, the
# sysram_region still active; after a forced unbind, decommitting the
# region is refused (-EBUSY) for the same reason.  Freed slab pages do not
# reliably leave the node again, so the VM is discarded after this test
# rather than torn down: later tests must not inherit pinned memory.
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
size=$((256 << 20))
nb=$((size / $(block_size)))
drv=/sys/bus/cxl/drivers/cxl_sysram_region

r=$(sysram_region_create $vm $size) || fail "sysram region creation failed"
n=${r#region}; s=$CXL/sysram_region$n
set -- $(region_range $r); start=$1
wr kmem $s/consumer || fail "consumer"
wr online_kernel $s/online_type || fail "online_type"
wr sysram_region$n $drv/bind || fail "bind sysram_region$n"
dax=$s/dax_region$n/dax$n.0
check "dax$n.0 under kmem" wait_for 10 [ -e $dax/driver ]
check "every block online" blocks_become $start $size "online:$nb"
for b in $(region_blocks $start $size); do
	expect_eq "memory$b zone" Normal "$(cat $MEM/memory$b/valid_zones)"
done
expect_eq "dax$n.0/state" online_kernel "$(cat $dax/state)"
node=$(node_of $start)
log "region memory is on node $node"
check "region memory on its own node" [ "$node" != 0 ]

# Pin it: slab pages on the region's node cannot be migrated.
pin_node_slab $node
total1=$(meminfo MemTotal)
iomem1=$(cat /proc/iomem)

expect_errno EBUSY "unplugged refused while kernel memory pins the region" wr unplugged $dax/state
expect_eq "blocks still online" "online:$nb" "$(blocks_states $start $size)"
for b in $(region_blocks $start $size); do
	[ "$(cat $MEM/memory$b/valid_zones)" = Normal ] || fail "memory$b left ZONE_NORMAL"
done
expect_eq "dax$n.0/state after refusal" online_kernel "$(cat $dax/state)"
expect_eq "MemTotal after refusal" $total1 $(meminfo MemTotal)
check "/proc/iomem unchanged" [ "$(cat /proc/iomem)" = "$iomem1" ]
expect_eq "sysram_region$n still active" active "$(cat $s/state)"

# Unbinding cannot be refused: the memory stays online (kmem's last
# resort).  Decommitting the region under it would pull memory in use out
# from under the kernel: refused, the region stays committed.
wr sysram_region$n $drv/unbind || fail "unbind sysram_region$n"
expect_eq "blocks still online after unbind" "online:$nb" "$(blocks_states $start $size)"
wr $r /sys/bus/cxl/drivers/cxl_region/unbind || fail "unbind $r"
expect_errno EBUSY "decommit refused while the memory is System RAM" wr 0 $CXL/$r/commit
expect_eq "$r still committed" 1 "$(cat $CXL/$r/commit)"
expect_eq "blocks still online after refusal" "online:$nb" "$(blocks_states $start $size)"
expect_eq "MemTotal after refusal" $total1 $(meminfo MemTotal)
check "kernel said why" sh -c "klog | grep -q 'System RAM still online'"

# Still usable: a task bound to that node gets its memory from there
# (every page of 16 MiB, located by get_mempolicy).
free1=$(awk '$3 == "MemFree:" { print $4 * 1024 }' /sys/devices/system/node/node$node/meminfo)
check "node $node has 16 MiB free" [ "$free1" -gt $((16 << 20)) ]
out=$(/rig/bin/nodealloc $node 16) || fail "a task bound to node $node: $out"
log "ok: a task bound to node $node got its memory there ($out)"
