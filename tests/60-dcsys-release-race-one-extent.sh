# rig: timeout=900 fresh discard allow-known=lockdep-kernfs-memhp
# One untagged extent, four releases at once: two host writers of
# regionN/release_extent, the device (QMP Release Capacity) and an unbind
# of sysram_regionN, all started together on the same extent, for a fixed
# number of rounds.  Ownership of the extent must pass in one critical
# section: whoever wins frees sysram's state once (KASAN reports a double
# free or a use after free otherwise), and after every round the kernel and
# QEMU agree: no extent, no "System RAM (cxl)", MemTotal and the memory
# block list at baseline, and QEMU holds nothing.  The same mm lockdep
# false positive as in test 52 may be reported once (blocks removed while
# a user holds a block's state file open), hence the VM of its own.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
size=$((1 << 30))
rounds=12
drv=/sys/bus/cxl/drivers/cxl_sysram_region
total0=$(meminfo MemTotal)
blocks0=$(ls $MEM | grep -c '^memory[0-9]')

reg=$(dc_region_create $dcd $size) || fail "a committed dynamic_ram_1 region"
dc_sysram_bind $reg kmem online_movable || fail "sysram_region of $reg (kmem, online_movable)"
n=${reg#region}; s=$CXL/$reg/sysram_region$n

nr_extents() { ls -d $CXL/$reg/extent* 2>/dev/null | wc -l; }
online() {
	e=$(ls -d $CXL/$reg/extent* 2>/dev/null | head -1)
	[ -n "$e" ] && [ "$(cat $e/state 2>/dev/null)" = online_movable ]
}
none_left() { [ "$(nr_extents)" = 0 ]; }
# writer NAME: release the extent by name until it is gone
writer() {
	i=0
	while [ $i -lt 100 ] && [ -d $CXL/$reg/$1 ]; do
		wr $1 $CXL/$reg/release_extent 2>/dev/null && return 0
		i=$((i + 1))
	done
	return 0
}

round=1
while [ $round -le $rounds ]; do
	[ -e $s/driver ] || wr sysram_region$n $drv/bind || fail "round $round: rebind sysram_region$n"
	host_do dc-add 0 0:128M >/dev/null || fail "round $round: QMP add"
	wait_for 30 online || fail "round $round: extent not online"
	name=$(basename $e)
	writer $name & w1=$!
	writer $name & w2=$!
	# unbind cannot be refused; it detaches the extent if it still can
	( [ $((round % 2)) = 1 ] && wr sysram_region$n $drv/unbind 2>/dev/null ) & u=$!
	# the host may have given it back already: then QEMU refuses
	host_do dc-release 0 0:128M >/dev/null 2>&1
	wait $w1; wait $w2; wait $u
	# whatever order the releases took, the extent ends up given back:
	# a release_extent without consumer, or the device's request
	wait_for 30 none_left || {
		for x in $CXL/$reg/extent*; do log "left: $(basename $x) $(cat $x/state)"; done
		fail "round $round: extent left"
	}
	expect_eq "round $round: MemTotal" $total0 $(meminfo MemTotal)
	expect_eq "round $round: memory blocks" $blocks0 $(ls $MEM | grep -c '^memory[0-9]')
	check "round $round: no System RAM (cxl)" sh -c "! grep -q 'System RAM (cxl)' /proc/iomem"
	check "round $round: QEMU holds nothing at 0" not_held 0 0:128M
	round=$((round + 1))
done
[ -e $s/driver ] || wr sysram_region$n $drv/bind || fail "rebind sysram_region$n"
destroy_region $reg || fail "destroy $reg"
