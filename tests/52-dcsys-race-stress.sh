# rig: timeout=600 fresh discard allow-known=lockdep-kernfs-memhp
# Races between what the driver does and what users do: for a fixed number
# of rounds, two untagged extents are added as System RAM (online_movable)
# while a background loop offlines and onlines their memory blocks through
# /sys/devices/system/memory; then one extent is released by the host
# (release_extent) and the other by the device (QMP) at the same time, with
# the block writes still going on.  After every round: no extent, no
# "System RAM (cxl)", MemTotal and the block list at baseline, and QEMU holds
# nothing; the runner checks the kernel log (lockdep, KASAN, WARN) as after
# every test.  Then the same for a tag group (one dax device, kmem): while
# a loop writes daxN.M/state (unplugged, online_movable) and the blocks'
# state, the host releases the tag and the device one member at the same
# time; after every round the group's device, memory and extents are gone
# and QEMU holds nothing.  One lockdep report is expected sooner or later and
# tolerated by name: mm removes memory block devices under mem_hotplug_lock
# while a user's write holds the block's state file open, which lockdep
# cannot tell from a deadlock (see KNOWN in rig/run-tests); the test runs
# on its own VM for that reason.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
size=$((1 << 30))
ext=$((128 << 20))
rounds=8
drv=/sys/bus/cxl/drivers/cxl_sysram_region
total0=$(meminfo MemTotal)
blocks0=$(ls $MEM | grep -c '^memory[0-9]')

reg=$(dc_region_create $dcd $size) || fail "a committed dynamic_ram region"
dc_sysram_bind $reg kmem online_movable || fail "sysram_region of $reg (kmem, online_movable)"
n=${reg#region}; s=$CXL/$reg/sysram_region$n
rstart=$(( $(cat $CXL/$reg/resource) ))
blocks=$(region_blocks $rstart $((2 * ext)))

nr_extents() { ls -d $CXL/$reg/extent* 2>/dev/null | wc -l; }
all_online() {
	[ "$(nr_extents)" = 2 ] || return 1
	for e in $CXL/$reg/extent*; do [ "$(cat $e/state 2>/dev/null)" = online_movable ] || return 1; done
}
none_left() { [ "$(nr_extents)" = 0 ]; }

round=1
while [ $round -le $rounds ]; do
	host_do dc-add 0 0:128M 128M:128M >/dev/null || fail "round $round: QMP add"
	wait_for 30 all_online || fail "round $round: extents not online"
	# user writes to the same blocks, until told to stop
	( while [ ! -e /tmp/stop ]; do
		for b in $blocks; do
			echo offline > $MEM/memory$b/state 2>/dev/null
			echo online_movable > $MEM/memory$b/state 2>/dev/null
		done
	  done ) &
	user=$!
	sleep 1
	e0=$(basename $(ls -d $CXL/$reg/extent* | head -1))
	for e in $CXL/$reg/extent*; do
		[ $(( $(cat $e/offset) )) = 0 ] && e0=$(basename $e)
	done
	( i=0; while [ $i -lt 50 ]; do
		wr $e0 $CXL/$reg/release_extent 2>/dev/null && break
		i=$((i + 1)); sleep 0.2
	  done ) &
	host=$!
	host_do dc-release 0 128M:128M >/dev/null || fail "round $round: QMP release"
	wait $host
	touch /tmp/stop; wait $user; rm -f /tmp/stop
	# a device release refused while a user held a block online is retried
	wait_for 30 none_left || {
		for e in $CXL/$reg/extent*; do log "left: $(basename $e) $(cat $e/offset) $(cat $e/state)"; done
		fail "round $round: extents left"
	}
	expect_eq "round $round: MemTotal" $total0 $(meminfo MemTotal)
	expect_eq "round $round: memory blocks" $blocks0 $(ls $MEM | grep -c '^memory[0-9]')
	check "round $round: no System RAM (cxl)" sh -c "! grep -q 'System RAM (cxl)' /proc/iomem"
	expect_fail "round $round: QEMU holds nothing at 0" host_do dc-release 0 0:128M
	expect_fail "round $round: QEMU holds nothing at 128M" host_do dc-release 0 128M:128M
	round=$((round + 1))
done

T=99999999-8888-4777-8666-555555555555
dr=$s/dax_region$n
gblocks=$(region_blocks $((rstart + (256 << 20))) $((2 * ext)))
group_online() {
	dx=$(ls -d $dr/dax$n.* 2>/dev/null | head -1)
	[ -n "$dx" ] && [ "$(cat $dx/state 2>/dev/null)" = online_movable ]
}
round=1
while [ $round -le $rounds ]; do
	host_do dc-add 0 tag=$T 256M:128M 384M:128M >/dev/null || fail "group round $round: QMP add"
	wait_for 30 group_online || fail "group round $round: group not online"
	( while [ ! -e /tmp/stop ]; do
		echo unplugged > $dx/state 2>/dev/null
		echo online_movable > $dx/state 2>/dev/null
		for b in $gblocks; do
			echo offline > $MEM/memory$b/state 2>/dev/null
			echo online_movable > $MEM/memory$b/state 2>/dev/null
		done
	  done ) &
	user=$!
	sleep 1
	( i=0; while [ $i -lt 50 ]; do
		wr $T $CXL/$reg/release_tag 2>/dev/null && break
		[ "$(nr_extents)" = 0 ] && break
		i=$((i + 1)); sleep 0.2
	  done ) &
	host=$!
	# the host may have given it back already: then QEMU refuses
	host_do dc-release 0 256M:128M >/dev/null 2>&1
	wait $host
	touch /tmp/stop; wait $user; rm -f /tmp/stop
	wait_for 30 none_left || {
		for e in $CXL/$reg/extent*; do log "left: $(basename $e) $(cat $e/offset) $(cat $e/state)"; done
		fail "group round $round: extents left"
	}
	check "group round $round: no dax device" sh -c "! ls $dr | grep -q '^dax$n\.'"
	expect_eq "group round $round: MemTotal" $total0 $(meminfo MemTotal)
	expect_eq "group round $round: memory blocks" $blocks0 $(ls $MEM | grep -c '^memory[0-9]')
	check "group round $round: no System RAM (kmem)" sh -c "! grep -q 'System RAM (kmem)' /proc/iomem"
	expect_fail "group round $round: QEMU holds nothing at 256M" host_do dc-release 0 256M:128M
	expect_fail "group round $round: QEMU holds nothing at 384M" host_do dc-release 0 384M:128M
	round=$((round + 1))
done
destroy_region $reg || fail "destroy $reg"
