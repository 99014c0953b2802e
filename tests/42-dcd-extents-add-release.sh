# rig: timeout=300
# Dynamic Capacity extents end to end, driven through QMP: a dynamic_ram_1
# region over the first 512 MiB of DC partition dynamic_ram_1 (DC region
# 0); the device offers extents; valid ones become regionZ/extentZ.N
# (offset, length, dpa_start, state, and uuid = the tag for a tagged one
# only), invalid ones are rejected and never appear. What QEMU
# believes the host holds is probed with release requests (QEMU refuses to
# release capacity the host does not hold). Device release requests remove
# extents; tearing the region down gives the rest back to the device.
# The rig's QEMU passes an offer's tag on (rig/qemu/; more in test 48).
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
rd=$(root_decoder) || fail "no RAM root decoder"
ep=$(endpoint_of $dcd) || fail "no endpoint for $dcd"
size=$((512 << 20))

ed=$(free_decoder $ep) || fail "no free decoder on $ep"
reg=$(region_alloc dynamic_ram_1 $size) || fail "create a dynamic_ram_1 region"
wr dynamic_ram_1 $CXL/$ed/mode || fail "mode"
wr $size $CXL/$ed/dpa_size || fail "dpa_size"
wr $ed $CXL/$reg/target0 || fail "target"
wr 1 $CXL/$reg/commit || fail "commit"
wr $reg /sys/bus/cxl/drivers/cxl_region/bind || fail "bind"
log "$reg over $ed (DPA $(cat $CXL/$ed/dpa_resource))"

nr_extents() { ls -d $CXL/$reg/extent* 2>/dev/null | wc -l; }
# extent_at OFFSET: the extent of $reg at that region offset
extent_at() {
	for e in $CXL/$reg/extent*; do
		[ $(( $(cat $e/offset 2>/dev/null || echo -1) )) = $(( $1 )) ] && { echo $e; return 0; }
	done
	return 1
}
no_extent_at() { ! extent_at "$1" >/dev/null; }
has_extents() { [ "$(nr_extents)" = "$1" ]; }
expect_eq "no extent before any offer" 0 $(nr_extents)

# one untagged extent
host_do dc-add 0 0:128M >/dev/null || fail "QMP add 0:128M"
check "extent appears" wait_for 10 extent_at 0
e=$(extent_at 0)
log "extent: $(basename $e)"
expect_eq "length" 0x8000000 "$(cat $e/length)"
expect_eq "dpa_start" 0x0 "$(cat $e/dpa_start)"
check "untagged: no uuid attribute" [ ! -e $e/uuid ]
check "no tag attribute (old name)" [ ! -e $e/tag ]
expect_eq "state" accepted "$(cat $e/state)"
expect_errno EACCES "offset is read-only" wr 0 $e/offset

# a tagged offer: the extent carries its tag as uuid
host_do dc-add 0 tag=6a2b6d2e-1f3c-4e8a-9d0b-5a1e2f3c4d5e 128M:64M >/dev/null ||
	fail "QMP tagged add"
check "tagged extent appears" wait_for 10 extent_at $((128 << 20))
expect_eq "its uuid" 6a2b6d2e-1f3c-4e8a-9d0b-5a1e2f3c4d5e "$(cat $(extent_at $((128 << 20)))/uuid)"

# many extents in one offer: 8 x 2 MiB, one event record each (QEMU's DC
# event log holds 8 records: an offer cannot be larger in one go)
many=""
i=0
while [ $i -lt 8 ]; do many="$many $((256 + 4 * i))M:2M"; i=$((i + 1)); done
t0=$(cut -d' ' -f1 /proc/uptime)
host_do dc-add 0 $many >/dev/null || fail "QMP add of 8 extents"
check "8 more extents" wait_for 20 has_extents 10
t1=$(cut -d' ' -f1 /proc/uptime)
log "8-extent offer accepted in $(echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }')s"
e=$(extent_at $(( (256 + 7 * 4) << 20 ))) || fail "last extent of the offer"
expect_eq "last extent length" 0x200000 "$(cat $e/length)"

# 12 extents in one offer overflow QEMU's log: the last 4 records (with the
# end of the offer) are lost; the kernel answers the 8 it got
many=""
i=0
while [ $i -lt 12 ]; do many="$many $((320 + 4 * i))M:2M"; i=$((i + 1)); done
host_do dc-add 0 $many >/dev/null || fail "QMP add of 12 extents"
check "8 of 12 extents accepted" wait_for 20 has_extents 18
check "overflow logged" sh -c "klog | grep -q 'event log overflow, answering 8 extents'"
check "QEMU does not hold the 9th extent" not_held 0 352M:2M
host_do dc-release 0 348M:2M >/dev/null || fail "QEMU holds the 8th extent"
check "8th extent released" wait_for 10 no_extent_at $((348 << 20))

# invalid offers: beyond the decoder's DPA range, and in DC partition 1
# which no region maps; QEMU then holds nothing there
host_do dc-add 0 768M:128M >/dev/null || fail "QMP add outside the decoder"
host_do dc-add 1 0:128M >/dev/null || fail "QMP add in DC region 1"
sleep 2
expect_eq "rejected extents are not shown" 17 $(nr_extents)
check "kernel logged the rejections" sh -c "klog | grep -q 'rejecting extent 0x30000000-0x37ffffff'"
check "QEMU holds nothing at dynamic_ram_1+768M" not_held 0 768M:128M
check "QEMU holds nothing at dynamic_ram_2+0" not_held 1 0:128M
# an offer straddling the decoder end: rejected as a whole extent
host_do dc-add 0 480M:64M >/dev/null || fail "QMP add across the decoder end"
sleep 1
expect_eq "straddling extent not shown" 17 $(nr_extents)
check "QEMU holds nothing at dynamic_ram_1+480M" not_held 0 480M:32M

# device release of an idle extent
host_do dc-release 0 0:128M >/dev/null || fail "QMP release 0:128M"
check "released extent disappears" wait_for 10 no_extent_at 0
expect_eq "extents after release" 16 $(nr_extents)
check "QEMU no longer holds 0:128M" not_held 0 0:128M
# the same capacity can be offered and accepted again
host_do dc-add 0 0:128M >/dev/null || fail "QMP re-add 0:128M"
check "re-added extent appears" wait_for 10 extent_at 0

# teardown: the region gives every extent back to the device
destroy_region $reg || fail "destroy $reg"
check "$reg is gone" [ ! -e $CXL/$reg ]
check "QEMU no longer holds 0:128M after teardown" not_held 0 0:128M
check "QEMU no longer holds 256M:2M after teardown" not_held 0 256M:2M
