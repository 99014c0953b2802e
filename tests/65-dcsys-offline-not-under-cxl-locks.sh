# rig: timeout=600 fresh discard
# A device release whose offline keeps retrying stalls nothing else.  An
# untagged extent is System RAM (online_movable) and a process holds
# references on some of its pages through a pipe (rig/bin/pagehold,
# vmsplice), so offlining it keeps retrying migration; the device asks for
# the extent back (QMP).  Meanwhile a region is created, committed and
# destroyed on the other DC partition, and an offer to it is accepted and
# shown: none of that may wait for the offline.  When the pages are let go
# the release completes: the extent and its memory are gone and QEMU no
# longer holds it.  Before the fix the event thread ran the offline holding
# cxl_rwsem.region and the event log, and everything else waited for it.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
size=$((1 << 30))
ext=$((128 << 20))
total0=$(meminfo MemTotal)

reg=$(dc_region_create $dcd $size dynamic_ram_1) || fail "a committed dynamic_ram_1 region"
dc_sysram_bind $reg kmem online_movable || fail "sysram_region of $reg (kmem, online_movable)"
rstart=$(( $(cat $CXL/$reg/resource) ))
host_do dc-add 0 0:128M >/dev/null || fail "QMP add"
e=
found() { e=$(ls -d $CXL/$reg/extent* 2>/dev/null | head -1); [ -n "$e" ] && [ "$(cat $e/state)" = online_movable ]; }
check "extent online" wait_for 30 found
node=$(node_of $rstart)

/rig/bin/pagehold $node $((1 << 20)) 300 > /tmp/hold.out &
hold=$!
check "pages of node $node held" wait_for 30 grep -q '^held' /tmp/hold.out
host_do dc-release 0 0:128M >/dev/null || fail "QMP release 0:128M"
sleep 2
check "extent still there while its pages are held" [ -d $e ]

# the other partition: a region's life, and an offer, while that goes on
( r2=$(dc_region_create $dcd $size dynamic_ram_2) && echo "$r2" > /tmp/r2 &&
	wr $r2 /sys/bus/cxl/drivers/cxl_region/bind && touch /tmp/r2.bound ) &
maker=$!
check "region on dynamic_ram_2 created, committed and bound" wait_for 60 [ -e /tmp/r2.bound ]
r2=$(cat /tmp/r2)
host_do dc-add 1 0:128M >/dev/null || fail "QMP add on DC region 1"
shown() { ls -d $CXL/$r2/extent* >/dev/null 2>&1; }
check "later offer processed and shown under $r2" wait_for 60 shown
wait $maker
check "release still pending meanwhile" [ -d $e ]

kill $hold; wait $hold 2>/dev/null
gone() { [ ! -d $e ]; }
check "release completes once the pages are let go" wait_for 120 gone
check "no System RAM (cxl)" sh -c "! grep -q 'System RAM (cxl)' /proc/iomem"
expect_eq "MemTotal back" $total0 $(meminfo MemTotal)
check "QEMU no longer holds 0:128M" not_held 0 0:128M
destroy_region $r2 || fail "destroy $r2"
destroy_region $reg || fail "destroy $reg"
