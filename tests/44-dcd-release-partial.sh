# Release Capacity requests that do not match one extent: a request for
# part of an extent (head, tail, middle) gives back that part and replaces
# the extent by new extents for what the host keeps; a request covering
# several extents, or parts of two, gives back each covered piece.  After
# each step QEMU is probed (it refuses to release capacity the host does
# not hold): what the kernel shows is what the device believes the host
# holds.  Teardown gives the rest back.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
ep=$(endpoint_of $dcd) || fail "no endpoint for $dcd"
size=$((512 << 20))
M=$((1 << 20))

ed=$(free_decoder $ep) || fail "no free decoder on $ep"
reg=$(region_alloc dynamic_ram_1 $size) || fail "create a dynamic_ram_1 region"
wr dynamic_ram_1 $CXL/$ed/mode && wr $size $CXL/$ed/dpa_size && wr $ed $CXL/$reg/target0 &&
	wr 1 $CXL/$reg/commit && wr $reg /sys/bus/cxl/drivers/cxl_region/bind ||
	fail "dynamic_ram_1 region"
log "$reg over $ed (DPA $(cat $CXL/$ed/dpa_resource))"

nr_extents() { ls -d $CXL/$reg/extent* 2>/dev/null | wc -l; }
has_extents() { [ "$(nr_extents)" = "$1" ]; }
# extent_at OFFSET_MB: the extent of $reg at that offset (MiB)
extent_at() {
	for e in $CXL/$reg/extent*; do
		[ $(( $(cat $e/offset 2>/dev/null || echo -1) )) = $(( $1 * M )) ] && { echo $e; return 0; }
	done
	return 1
}
no_extent_at() { ! extent_at "$1" >/dev/null; }
# extents_are "OFF:LEN ..." (MiB): exactly these extents, in any order
extents_are() {
	[ "$(nr_extents)" = "$#" ] || return 1
	for x in "$@"; do
		e=$(extent_at ${x%:*}) || return 1
		[ $(( $(cat $e/length) )) = $(( ${x#*:} * M )) ] || return 1
		[ "$(cat $e/dpa_start)" = "$(hex $(( ${x%:*} * M )))" ] || return 1
		[ "$(cat $e/state)" = accepted ] || return 1
	done
}
show_extents() {
	for e in $CXL/$reg/extent*; do
		[ -e $e ] && log "  $(basename $e): offset $(cat $e/offset) length $(cat $e/length)"
	done
}
held() { host_do dc-release 0 "$1" >/dev/null; }

# --- part of one extent: middle, head, tail
host_do dc-add 0 0:128M >/dev/null || fail "QMP add 0:128M"
check "0:128M accepted" wait_for 10 extents_are 0:128
old=$(basename $(extent_at 0))
host_do dc-release 0 32M:16M >/dev/null || fail "QMP release of the middle"
check "middle released: 0:32M and 48M:80M left" wait_for 10 extents_are 0:32 48:80
show_extents
check "$old was replaced" [ ! -e $CXL/$reg/$old ]
check "QEMU no longer holds 32M:16M" not_held 0 32M:16M
host_do dc-release 0 48M:16M >/dev/null || fail "QMP release of a head"
check "head released" wait_for 10 extents_are 0:32 64:64
host_do dc-release 0 112M:16M >/dev/null || fail "QMP release of a tail"
check "tail released" wait_for 10 extents_are 0:32 64:48
check "QEMU no longer holds 48M:16M" not_held 0 48M:16M
check "QEMU no longer holds 112M:16M" not_held 0 112M:16M
# what is left is held, whole: a device release of it goes through
held 64M:48M || fail "QEMU holds 64M:48M"
check "64M:48M released" wait_for 10 extents_are 0:32

# --- several extents in one request
host_do dc-add 0 256M:2M 258M:2M 260M:2M 262M:2M >/dev/null || fail "QMP add 4 x 2M"
check "4 contiguous extents" wait_for 10 extents_are 0:32 256:2 258:2 260:2 262:2
host_do dc-release 0 258M:4M >/dev/null || fail "QMP release over 2 extents"
check "the 2 covered extents released" wait_for 10 extents_are 0:32 256:2 262:2
check "QEMU no longer holds 258M:4M" not_held 0 258M:4M

# --- parts of two extents in one request
host_do dc-add 0 300M:4M 304M:4M >/dev/null || fail "QMP add 2 x 4M"
check "2 extents of 4M" wait_for 10 extents_are 0:32 256:2 262:2 300:4 304:4
host_do dc-release 0 302M:4M >/dev/null || fail "QMP release across 2 extents"
check "both split: 300M:2M and 306M:2M kept" wait_for 10 extents_are 0:32 256:2 262:2 300:2 306:2
show_extents
check "QEMU no longer holds 302M:4M" not_held 0 302M:4M
no_ignored() { ! klog | grep -q 'not held, ignored\|in use, '; }
check "nothing was logged as ignored or in use" no_ignored

# the pieces kept are held on the device, and can be offered next to again
held 306M:2M || fail "QEMU holds 306M:2M"
check "306M:2M released" wait_for 10 extents_are 0:32 256:2 262:2 300:2
host_do dc-add 0 302M:4M >/dev/null || fail "QMP re-add 302M:4M"
check "302M:4M accepted again" wait_for 10 extents_are 0:32 256:2 262:2 300:2 302:4

# teardown gives back everything, split pieces included
destroy_region $reg || fail "destroy $reg"
for x in 0M:32M 256M:2M 262M:2M 300M:2M 302M:4M; do
	check "QEMU no longer holds $x after teardown" not_held 0 $x
done
