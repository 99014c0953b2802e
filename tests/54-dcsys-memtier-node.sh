# rig: timeout=500 fresh discard
# The CXL window's NUMA node holds memory from two consumers at once:
# Dynamic Capacity extents made System RAM by sysram_regionN, and a RAM
# region's kmem device.  Each keeps the node's memory type (its memory
# tier) registered while it has memory there, and neither may drop it
# for the other.  The order that broke (an Oops in the memory-tiers
# hotplug notifier, a NULL memory type): DC extents online, a kmem
# region created and destroyed on the same node, then the extents'
# memory removed (sysram_regionN unbound, or the extents released).
# After that the memory must be gone cleanly, and the node in no tier; a
# second bind brings the node back into its tier.
# Also: DC memory through sysram lands in the tier kmem gives the node,
# not in another one depending on which consumer came first.
# Crashes the kernel where the bug is present: fresh VM, thrown away.
. /rig/lib.sh
TIERS=/sys/devices/virtual/memory_tiering
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
bs=$(block_size)
ext=$((128 << 20))
nb1=$((ext / bs))
drv=/sys/bus/cxl/drivers/cxl_sysram_region
total0=$(meminfo MemTotal)
blocks0=$(ls $MEM | grep -c '^memory[0-9]')

# in_nodelist NID LIST: LIST ("0-1,3") names node NID
in_nodelist() {
	echo "$2" | tr ',' '\n' | while IFS=- read -r lo hi; do
		[ -n "$lo" ] || continue
		[ "$1" -ge "$lo" ] && [ "$1" -le "${hi:-$lo}" ] && echo yes
	done | grep -q yes
}
# tiers_of NID: the memory tiers whose nodelist names NID, space separated
tiers_of() {
	for t in $TIERS/memory_tier*; do
		[ -e $t/nodelist ] && in_nodelist $1 "$(cat $t/nodelist)" && echo ${t##*/}
	done | tr '\n' ' ' | sed 's/ $//'
}
# one_tier TIERS: exactly one tier named
one_tier() { [ -n "$1" ] && [ "$1" = "${1%% *}" ]; }
# node_of_block BLOCK: the node memory block BLOCK belongs to
node_of_block() {
	n=$(ls -d $MEM/memory$1/node[0-9]* 2>/dev/null | head -n1) || return 1
	[ -n "$n" ] && echo ${n##*/node}
}
check "memory tiers in sysfs" [ -d $TIERS ]
log "tiers at boot: $(for t in $TIERS/memory_tier*; do printf '%s=%s ' ${t##*/} $(cat $t/nodelist); done)"

# 1. reference: the tier kmem gives the CXL window's node
r=$(create_ram_region_sysfs $vm $((256 << 20))) || fail "kmem region"
wr $r /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $r"
dax=/sys/bus/dax/devices/dax${r#region}.0
check "$r: kmem state attribute" wait_for 10 [ -e $dax/state ]
nid=$(cat $dax/target_node) || fail "target_node of $dax"
log "CXL window node: $nid"
check "node $nid is not node 0 (the window has a node of its own)" [ "$nid" != 0 ]
expect_eq "node $nid in no tier while it has no memory" "" "$(tiers_of $nid)"
wr unplugged $dax/state && wr online_movable $dax/state || fail "online $r"
tier_kmem=$(tiers_of $nid)
check "kmem memory online puts node $nid in one tier" one_tier "$tier_kmem"
log "kmem: node $nid in $tier_kmem"
wr unplugged $dax/state || fail "unplug $r"
destroy_region $r || fail "destroy $r"
expect_eq "node $nid in no tier once kmem memory is gone" "" "$(tiers_of $nid)"

# 2. DC extents as System RAM through sysram_regionN, on that node
size=$((1 << 30))
reg=$(dc_region_create $dcd $size) || fail "a committed dynamic_ram_1 region"
wr sysram $CXL/$reg/ram_consumer || fail "ram_consumer sysram"
wr $reg /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $reg"
n=${reg#region}; s=$CXL/$reg/sysram_region$n
wr kmem $s/consumer && wr online_movable $s/online_type || fail "policy"
wr sysram_region$n $drv/bind || fail "bind sysram_region$n"
rstart=$(( $(cat $CXL/$reg/resource) ))

extent_at() {
	for e in $CXL/$reg/extent*; do
		[ $(( $(cat $e/offset 2>/dev/null || echo -1) )) = $(( $1 )) ] && { echo $e; return 0; }
	done
	return 1
}
state_is() { e=$(extent_at $1) && [ "$(cat $e/state)" = "$2" ]; }
dc_online() {
	for off in 0 128; do
		check "extent at ${off}M online_movable" wait_for 30 state_is $((off << 20)) online_movable
		a=$((rstart + (off << 20)))
		check "/proc/iomem System RAM (cxl) at ${off}M" iomem_has $a $((a + ext - 1)) "System RAM (cxl)"
		expect_eq "blocks of ${off}M" "online:$nb1" "$(blocks_states $a $ext)"
	done
}
host_do dc-add 0 0:128M 128M:128M >/dev/null || fail "QMP add"
dc_online
expect_eq "DC memory is on node $nid" $nid "$(node_of_block $((rstart / bs)))"
tier_dc=$(tiers_of $nid)
log "sysram DC: node $nid in $tier_dc"
check "DC memory online puts node $nid in one tier" one_tier "$tier_dc"

# 3. a kmem region comes and goes on the same node while DC memory stays
kmem_comes_and_goes() {
	r=$(create_ram_region_sysfs $vm $((256 << 20))) || fail "kmem region"
	wr $r /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $r"
	dax=/sys/bus/dax/devices/dax${r#region}.0
	check "$r: kmem state attribute" wait_for 10 [ -e $dax/state ]
	expect_eq "$r is on node $nid too" $nid "$(cat $dax/target_node)"
	destroy_region $r || fail "destroy $r"
	expect_eq "node $nid keeps its tier while DC memory is online" "$tier_dc" "$(tiers_of $nid)"
	check "DC extents still online" state_is 0 online_movable
}
kmem_comes_and_goes

# 4. the DC memory goes: with the bug, the node's last memory leaving
#    dereferenced a memory type the kmem region had dropped
wr sysram_region$n $drv/unbind || fail "unbind sysram_region$n"
expect_eq "MemTotal back to baseline" $total0 $(meminfo MemTotal)
expect_eq "memory blocks back to baseline" $blocks0 $(ls $MEM | grep -c '^memory[0-9]')
check "no System RAM (cxl) left" sh -c "! grep -q 'System RAM (cxl)' /proc/iomem"
check "extent at 0 still held, no memory" state_is 0 accepted
expect_eq "sysram_region$n state" ready "$(cat $s/state)"
expect_eq "node $nid in no tier once its memory is gone" "" "$(tiers_of $nid)"

# 5. again, and this time the extents' memory goes by release_extent:
#    the node comes back into the same tier, and leaves it again
wr sysram_region$n $drv/bind || fail "bind sysram_region$n again"
dc_online
expect_eq "node $nid back in its tier" "$tier_dc" "$(tiers_of $nid)"
kmem_comes_and_goes
for off in 0 128; do
	e=$(extent_at $((off << 20))) || fail "no extent at ${off}M"
	wr ${e##*/} $CXL/$reg/release_extent || fail "release ${e##*/}"
	check "QEMU no longer holds ${off}M:128M" not_held 0 ${off}M:128M
done
expect_eq "MemTotal back to baseline" $total0 $(meminfo MemTotal)
expect_eq "memory blocks back to baseline" $blocks0 $(ls $MEM | grep -c '^memory[0-9]')
expect_eq "node $nid in no tier" "" "$(tiers_of $nid)"
wr sysram_region$n $drv/unbind || fail "unbind sysram_region$n again"
destroy_region $reg || fail "destroy $reg"

# DC capacity is CXL memory like the kmem region's: the same node must not
# land in a faster tier because sysram, not kmem, put memory there first
expect_eq "sysram DC memory in the tier kmem gives node $nid" "$tier_kmem" "$tier_dc"
