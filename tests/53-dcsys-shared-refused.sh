# rig: timeout=400 qemu-env=RIG_DC_SHAREABLE=0x1
# Shared Dynamic Capacity is never System RAM.  On a VM of its own whose DCD
# marks DC region 0 shareable (RIG_DC_SHAREABLE=0x1: CDAT DSMAS "Shareable",
# extents numbered in the Shared Extent Sequence) and leaves region 1
# private, each partition gets a dynamic_ram_N region whose sysram_region is
# bound with consumer kmem.  Capacity offered in the shareable partition is
# rejected in the Add DC Response: no extent under the region, no new System
# RAM in /proc/iomem, MemTotal and the memory blocks unchanged, and QEMU does
# not hold it (it cannot be released, and the same range can be offered
# again, which the kernel refuses again).  With the region's consumer
# device_dax instead, the same shared capacity is accepted as a dax device,
# and still never System RAM, not even when the region is bound with kmem
# again while it holds it.  An offer in the private partition in the same
# boot is accepted and onlined, so the refusal is about sharing, not about
# every offer.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
size=$((512 << 20))
ext=$((128 << 20))
bs=$(block_size)
nb1=$((ext / bs))
drv=/sys/bus/cxl/drivers/cxl_sysram_region
WHY="shared capacity cannot be System RAM"

# the runner booted QEMU with the mask (vm.py tells the guest as well)
expect_eq "rig.dc_shareable on the command line" 1 \
	"$(sed -n 's/.*rig\.dc_shareable=\([0-9]*\).*/\1/p' /proc/cmdline)"

total0=$(meminfo MemTotal)
blocks0=$(ls $MEM | grep -c '^memory[0-9]')
sysram0=$(grep 'System RAM' /proc/iomem)

# dc_region PARTITION: a dynamic_ram_N region over the first $size of the
# partition, opted into sysram and bound with kmem / online_movable.
# Prints the region name.
dc_region() {
	local reg s
	reg=$(dc_region_create $dcd $size $1) || return 1
	dc_sysram_bind $reg kmem online_movable || return 1
	s=$CXL/$reg/sysram_region${reg#region}
	[ "$(cat $s/state)" = active ] || { echo "$s: $(cat $s/state)" >&2; return 1; }
	echo $reg
}
# nothing that follows may fail half-way with the regions left behind
cleanup() { for r in $regs; do destroy_region $r; done; }
fail() { echo "FAIL: $*"; cleanup; exit 1; }

shr=$(dc_region dynamic_ram_1) || fail "dynamic_ram_1 region with sysram kmem"
regs=$shr
prv=$(dc_region dynamic_ram_2) || fail "dynamic_ram_2 region with sysram kmem"
regs="$prv $shr"	# destroyed in reverse order of their decoders
log "shareable dynamic_ram_1: $shr, private dynamic_ram_2: $prv"

extent_at() {	# extent_at REGION OFFSET
	for e in $CXL/$1/extent*; do
		[ $(( $(cat $e/offset 2>/dev/null || echo -1) )) = $(( $2 )) ] && { echo $e; return 0; }
	done
	return 1
}
state_is() { e=$(extent_at $1 $2) && [ "$(cat $e/state)" = "$3" ]; }
nr_extents() { ls -d $CXL/$1/extent* 2>/dev/null | wc -l; }
no_extents() { [ $(nr_extents $1) = 0 ]; }
refusals() { klog | grep -c "rejecting extent .*: $WHY"; }
refused() { [ "$(refusals)" -ge "$1" ]; }
unchanged() {	# /proc/iomem System RAM, MemTotal and blocks as at the start
	expect_eq "$1: MemTotal" $total0 $(meminfo MemTotal)
	expect_eq "$1: memory blocks" $blocks0 $(ls $MEM | grep -c '^memory[0-9]')
	check "$1: System RAM in /proc/iomem unchanged" \
		[ "$(grep 'System RAM' /proc/iomem)" = "$sysram0" ]
}
sstart=$(( $(cat $CXL/$shr/resource) ))

# -- shareable capacity: two block-aligned extents, one offer ---------------
# Block-aligned and untagged, they would pass every other check: only their
# Shared Extent Sequence (1 and 2) makes the kernel refuse them.
r0=$(refusals)
host_do dc-add 0 0:128M 128M:128M >/dev/null || fail "QMP add to shareable dynamic_ram_1 (DC region 0)"
check "the kernel refused both extents as shared" wait_for 30 refused $((r0 + 2))
sleep 1
expect_eq "no extent under $shr" 0 $(nr_extents $shr)
unchanged "after the shared offer"
check "no System RAM (cxl)" sh -c "! grep -q 'System RAM (cxl)' /proc/iomem"
expect_eq "blocks of $shr" "absent:$((size / bs))" "$(blocks_states $sstart $size)"
expect_eq "sysram_region of $shr still active" active \
	"$(cat $CXL/$shr/sysram_region${shr#region}/state)"
# QEMU's view: capacity the Add DC Response did not list is not held, and
# no longer pending either (QEMU refuses to offer held or pending capacity)
check "QEMU does not hold 0:128M" not_held 0 0:128M
check "QEMU does not hold 128M:128M" not_held 0 128M:128M
r1=$(refusals)
host_do dc-add 0 128M:128M >/dev/null || fail "QEMU would not offer 128M:128M again"
check "the kernel refused the second offer too" wait_for 30 refused $((r1 + 1))
sleep 1
expect_eq "still no extent under $shr" 0 $(nr_extents $shr)
unchanged "after the second shared offer"
check "QEMU does not hold 128M:128M" not_held 0 128M:128M

# -- shareable capacity as device_dax ----------------------------------------
# The same capacity, offered once $shr's sysram_region has consumer
# device_dax (what a shared-memory file system such as famfs uses), is
# accepted: it becomes a dax device bound to device_dax, and is still never
# System RAM.  QEMU holds it then, and gets it back by tag.
TS=5e5e5e5e-1111-4222-8333-444444444444
ns=${shr#region}; ss=$CXL/$shr/sysram_region$ns
wr sysram_region$ns $drv/unbind || fail "unbind sysram_region$ns"
wr device_dax $ss/consumer || fail "consumer device_dax"
wr sysram_region$ns $drv/bind || fail "bind sysram_region$ns with device_dax"
r3=$(refusals)
host_do dc-add 0 tag=$TS 0:128M 128M:128M >/dev/null || fail "QMP shared add for device_dax"
two_extents() { [ $(nr_extents $shr) = 2 ]; }
check "both shared extents accepted" wait_for 30 two_extents
sdax() { dx=$(ls -d $ss/dax_region$ns/dax$ns.* 2>/dev/null | head -1); [ -n "$dx" ] &&
	[ "$(basename "$(readlink -f $dx/driver)")" = device_dax ]; }
check "one dax device, bound to device_dax" wait_for 30 sdax
expect_eq "its uuid is the tag" $TS "$(cat $dx/uuid)"
expect_eq "its size" $((2 * ext)) $(cat $dx/size)
check "/dev/$(basename $dx)" wait_for 10 [ -c /dev/$(basename $dx) ]
expect_eq "no refusal this time" $r3 $(refusals)
unchanged "with shared capacity as device_dax"
check "no System RAM (cxl|kmem)" sh -c "! grep -Eq 'System RAM \((cxl|kmem)\)' /proc/iomem"
expect_eq "blocks of $shr" "absent:$((size / bs))" "$(blocks_states $sstart $size)"
expect_eq "written and read back through /dev/$(basename $dx)" ok \
	"$(/rig/bin/daxmap /dev/$(basename $dx) $((8 << 20)))"
# back to kmem with the shared extents still held: they stay unused
wr sysram_region$ns $drv/unbind || fail "unbind sysram_region$ns (device_dax)"
check "the dax device went with the unbind" [ ! -e $dx ]
wr kmem $ss/consumer && wr online_movable $ss/online_type || fail "policy kmem"
wr sysram_region$ns $drv/bind || fail "bind sysram_region$ns with kmem again"
sleep 2
expect_eq "shared extents still held" 2 $(nr_extents $shr)
expect_eq "and unused" accepted "$(cat $(extent_at $shr 0)/state)"
unchanged "shared extents held under kmem"
check "still no System RAM (cxl|kmem)" sh -c "! grep -Eq 'System RAM \((cxl|kmem)\)' /proc/iomem"
wr $TS $CXL/$shr/release_tag || fail "release_tag $TS"
check "shared extents gone" no_extents $shr
check "QEMU no longer holds 0:128M" not_held 0 0:128M
check "QEMU no longer holds 128M:128M" not_held 0 128M:128M

# -- private capacity in the same boot: accepted and onlined ----------------
pstart=$(( $(cat $CXL/$prv/resource) ))
r2=$(refusals)
host_do dc-add 1 0:128M >/dev/null || fail "QMP add to private dynamic_ram_2 (DC region 1)"
check "private extent online_movable" wait_for 30 state_is $prv 0 online_movable
check "/proc/iomem System RAM (cxl) for it" \
	iomem_has $pstart $((pstart + ext - 1)) "System RAM (cxl)"
expect_eq "its blocks" "online:$nb1" "$(blocks_states $pstart $ext)"
expect_eq "MemTotal grew by 128 MiB" $((total0 + ext)) $(meminfo MemTotal)
expect_eq "no refusal for private capacity" $r2 $(refusals)
expect_eq "still no extent under $shr" 0 $(nr_extents $shr)
# QEMU holds it: the device can ask it back, and it goes
host_do dc-release 1 0:128M >/dev/null || fail "QEMU does not hold DC region 1 0:128M"
check "device-released extent gone" wait_for 30 no_extents $prv
expect_eq "its blocks are gone" "absent:$nb1" "$(blocks_states $pstart $ext)"
unchanged "after the device release"

# -- teardown ---------------------------------------------------------------
for r in $regs; do destroy_region $r || fail "destroy $r"; done
regs=
check "$shr gone" [ ! -e $CXL/$shr ]
check "$prv gone" [ ! -e $CXL/$prv ]
check "no release failed on the way" sh -c "! klog | grep -q 'release 0x.* failed'"
