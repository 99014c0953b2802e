# Forced Capacity Release (rig QEMU: `dc-release ... forced`) of parts of
# extents: the device has already dropped the capacity, so the kernel
# removes what it held of it at once, keeps the rest of each extent as new
# extents (with the tag of the old one), logs every removal and sends no
# Release Dynamic Capacity back (QEMU would refuse it: the kernel would log
# a failed release).  Afterwards QEMU holds exactly what the kernel shows:
# the pieces kept can be released normally, the dropped ones cannot.
# (Whole extents, several ranges and tags: test 48.)
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
ep=$(endpoint_of $dcd) || fail "no endpoint for $dcd"
size=$((512 << 20))
M=$((1 << 20))
T1=3d0c5e1a-7b2f-4c6d-8e9a-0b1c2d3e4f5a

ed=$(free_decoder $ep) || fail "no free decoder on $ep"
reg=$(region_alloc dynamic_ram_1 $size) || fail "create a dynamic_ram_1 region"
wr dynamic_ram_1 $CXL/$ed/mode && wr $size $CXL/$ed/dpa_size && wr $ed $CXL/$reg/target0 &&
	wr 1 $CXL/$reg/commit && wr $reg /sys/bus/cxl/drivers/cxl_region/bind ||
	fail "dynamic_ram_1 region"

nr_extents() { ls -d $CXL/$reg/extent* 2>/dev/null | wc -l; }
extent_at() {
	for e in $CXL/$reg/extent*; do
		[ $(( $(cat $e/offset 2>/dev/null || echo -1) )) = $(( $1 * M )) ] && { echo $e; return 0; }
	done
	return 1
}
# extents_are "OFF:LEN ..." (MiB): exactly these extents
extents_are() {
	[ "$(nr_extents)" = "$#" ] || return 1
	for x in "$@"; do
		e=$(extent_at ${x%:*}) || return 1
		[ $(( $(cat $e/length) )) = $(( ${x#*:} * M )) ] || return 1
	done
}
held() { host_do dc-release 0 "$1" >/dev/null; }
nforced() { klog | grep -c 'forcibly removed by the device'; }
forced_logged() { [ "$(nforced)" = "$1" ]; }
n0=$(nforced)

# the middle of one extent
host_do dc-add 0 0:128M >/dev/null || fail "QMP add 0:128M"
check "0:128M accepted" wait_for 10 extents_are 0:128
host_do dc-release 0 forced 32M:16M >/dev/null || fail "QMP forced release of the middle"
check "0:32M and 48M:80M kept" wait_for 10 extents_are 0:32 48:80
check "logged" wait_for 5 forced_logged $((n0 + 1))
check "log names the range" sh -c "klog | grep -q '0x2000000-0x2ffffff forcibly removed by the device'"
check "QEMU dropped 32M:16M" not_held 0 32M:16M

# parts of two extents of a tagged offer
host_do dc-add 0 tag=$T1 300M:4M 304M:4M >/dev/null || fail "QMP tagged add 2 x 4M"
check "2 tagged extents" wait_for 10 extents_are 0:32 48:80 300:4 304:4
host_do dc-release 0 forced 302M:4M >/dev/null || fail "QMP forced release across 2 extents"
check "300M:2M and 306M:2M kept" wait_for 10 extents_are 0:32 48:80 300:2 306:2
check "2 more removals logged" wait_for 5 forced_logged $((n0 + 3))
expect_eq "kept piece below keeps the tag (uuid)" $T1 "$(cat $(extent_at 300)/uuid)"
expect_eq "kept piece above keeps the tag (uuid)" $T1 "$(cat $(extent_at 306)/uuid)"
check "QEMU dropped 302M:4M" not_held 0 302M:4M

no_failed_release() { ! klog | grep -q 'release 0x.* failed'; }
check "no Release was sent for forced capacity" no_failed_release

# what the kernel kept, QEMU still holds: normal releases go through
for x in 0:32 48:80 300:2 306:2; do
	held ${x%:*}M:${x#*:}M || fail "QEMU holds ${x%:*}M:${x#*:}M"
done
check "all released" wait_for 10 extents_are
destroy_region $reg || fail "destroy $reg"
check "still no failed release" no_failed_release
