# rig: timeout=900 fresh discard allow-known=lockdep-kernfs-memhp
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
# on its own VM for that reason.  Lockdep switches itself off after any
# report, so the rounds after it would go unchecked: after every round the
# test reads debug_locks, and once it is 0 with rounds left it tears the
# region down and kexecs into a fresh kernel (rig.race_done=N on its command
# line), which runs the remaining rounds with lockdep on again.  A round
# only counts if the race happened: the user loop counts its block/state
# writes that succeeded while the releases were under way (the window), and
# every round needs at least one.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
size=$((1 << 30))
ext=$((128 << 20))
rounds=4
drv=/sys/bus/cxl/drivers/cxl_sysram_region
total0=$(meminfo MemTotal)
blocks0=$(ls $MEM | grep -c '^memory[0-9]')

# rounds done in earlier boots of this test (see kexec below)
done0=$(tr ' ' '\n' < /proc/cmdline | sed -n 's/^rig.race_done=//p' | tail -n1)
done0=${done0:-0}
[ "$(phase)" = 1 ] || log "phase $(phase): $done0 rounds done before the kexec"
lockdep_on() { grep -q 'debug_locks: *1' /proc/lockdep_stats; }
check "lockdep on at the start" lockdep_on
# landed: the user loop's successful writes while /tmp/window exists
landed() { cat /tmp/landed 2>/dev/null || echo 0; }
user_loop() {	# user_loop BLOCKS [DAXDEV]: write states until /tmp/stop
	local n=0
	while [ ! -e /tmp/stop ]; do
		if [ -n "$2" ]; then
			echo unplugged > $2/state 2>/dev/null && [ -e /tmp/window ] && n=$((n + 1))
			echo online_movable > $2/state 2>/dev/null && [ -e /tmp/window ] && n=$((n + 1))
		fi
		for b in $1; do
			echo offline > $MEM/memory$b/state 2>/dev/null && [ -e /tmp/window ] && n=$((n + 1))
			echo online_movable > $MEM/memory$b/state 2>/dev/null && [ -e /tmp/window ] && n=$((n + 1))
		done
	done
	echo $n > /tmp/landed
}
# after_round NAME STEP: the race happened, and lockdep still watches; if
# it is off with rounds left, split: tear down, kexec, go on from STEP+1
after_round() {
	local w
	w=$(landed)
	log "$1: $w user writes landed while the releases were under way"
	[ "$w" -gt 0 ] || fail "$1: no user write landed in the release window (no race)"
	rm -f /tmp/landed
	if ! lockdep_on; then
		log "$1: lockdep switched itself off (a report; the runner tolerates only the known one)"
		if [ $2 -lt $((2 * rounds)) ]; then
			destroy_region $reg || fail "destroy $reg before the kexec"
			log "kexec: rounds $(($2 + 1))..$((2 * rounds)) on a fresh kernel"
			export RIG_KEXEC_APPEND="rig.race_done=$2"
			kexec_reboot
		fi
	fi
}

reg=$(dc_region_create $dcd $size) || fail "a committed dynamic_ram_1 region"
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

round=$((done0 + 1))
while [ $round -le $rounds ]; do
	host_do dc-add 0 0:128M 128M:128M >/dev/null || fail "round $round: QMP add"
	wait_for 30 all_online || fail "round $round: extents not online"
	# user writes to the same blocks, until told to stop
	user_loop "$blocks" &
	user=$!
	sleep 1
	touch /tmp/window
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
	touch /tmp/stop; wait $user; rm -f /tmp/stop /tmp/window
	# a device release refused while a user held a block online is retried
	wait_for 30 none_left || {
		for e in $CXL/$reg/extent*; do log "left: $(basename $e) $(cat $e/offset) $(cat $e/state)"; done
		fail "round $round: extents left"
	}
	expect_eq "round $round: MemTotal" $total0 $(meminfo MemTotal)
	expect_eq "round $round: memory blocks" $blocks0 $(ls $MEM | grep -c '^memory[0-9]')
	check "round $round: no System RAM (cxl)" sh -c "! grep -q 'System RAM (cxl)' /proc/iomem"
	check "round $round: QEMU holds nothing at 0" not_held 0 0:128M
	check "round $round: QEMU holds nothing at 128M" not_held 0 128M:128M
	after_round "round $round" $round
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
[ $done0 -gt $rounds ] && round=$((done0 - rounds + 1))
while [ $round -le $rounds ]; do
	host_do dc-add 0 tag=$T 256M:128M 384M:128M >/dev/null || fail "group round $round: QMP add"
	wait_for 30 group_online || fail "group round $round: group not online"
	user_loop "$gblocks" $dx &
	user=$!
	sleep 1
	touch /tmp/window
	( i=0; while [ $i -lt 50 ]; do
		wr $T $CXL/$reg/release_tag 2>/dev/null && break
		[ "$(nr_extents)" = 0 ] && break
		i=$((i + 1)); sleep 0.2
	  done ) &
	host=$!
	# the host may have given it back already: then QEMU refuses
	host_do dc-release 0 256M:128M >/dev/null 2>&1
	wait $host
	touch /tmp/stop; wait $user; rm -f /tmp/stop /tmp/window
	wait_for 30 none_left || {
		for e in $CXL/$reg/extent*; do log "left: $(basename $e) $(cat $e/offset) $(cat $e/state)"; done
		fail "group round $round: extents left"
	}
	check "group round $round: no dax device" sh -c "! ls $dr | grep -q '^dax$n\.'"
	expect_eq "group round $round: MemTotal" $total0 $(meminfo MemTotal)
	expect_eq "group round $round: memory blocks" $blocks0 $(ls $MEM | grep -c '^memory[0-9]')
	check "group round $round: no System RAM (kmem)" sh -c "! grep -q 'System RAM (kmem)' /proc/iomem"
	check "group round $round: QEMU holds nothing at 256M" not_held 0 256M:128M
	check "group round $round: QEMU holds nothing at 384M" not_held 0 384M:128M
	after_round "group round $round" $((rounds + round))
	round=$((round + 1))
done
destroy_region $reg || fail "destroy $reg"
