# rig: timeout=400 discard
# cxl release-extents on an extent whose memory is in use: with the DC
# region's sysram policy online_kernel and slab pinned on the extent's node
# (rig/bin/nodefill), the kernel refuses to offline the memory (EBUSY) and
# cxl release-extents says "memory in use, nothing released", exits non-zero
# and prints no listing; the extent, its state, its memory blocks,
# MemTotal and /proc/iomem are unchanged, and QEMU still holds the
# capacity.  The VM is discarded after (the pinned slab stays).
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
rd=$(root_decoder) || fail "no RAM root decoder"
size=$((1 << 30))
ext=$((128 << 20))
nb1=$((ext / $(block_size)))
drv=/sys/bus/cxl/drivers/cxl_sysram_region

cxl create-region -t dynamic_ram_1 -d $rd -m $dcd -s $size > /tmp/create.json ||
	fail "cxl create-region -t dynamic_ram_1"
reg=$(jq -r .region /tmp/create.json)
n=${reg#region}; s=$CXL/$reg/sysram_region$n
wr $reg /sys/bus/cxl/drivers/cxl_region/unbind && wr sysram $CXL/$reg/ram_consumer &&
	wr $reg /sys/bus/cxl/drivers/cxl_region/bind || fail "opt $reg into sysram"
wr kmem $s/consumer && wr online_kernel $s/online_type || fail "policy"
wr sysram_region$n $drv/bind || fail "bind sysram_region$n"
rstart=$(( $(cat $CXL/$reg/resource) ))

host_do dc-add 0 0:128M >/dev/null || fail "QMP add"
e=
found() { e=$(ls -d $CXL/$reg/extent* 2>/dev/null | head -1); [ -n "$e" ] && [ "$(cat $e/state)" = online_kernel ]; }
check "extent online in ZONE_NORMAL" wait_for 30 found
name=$(basename $e); id=${name#extent*.}
node=$(node_of $rstart)
pin_node_slab $node

before=$(cxl list -r $reg --extents)
echo "$before"
total1=$(meminfo MemTotal)
iomem1=$(cat /proc/iomem)
if cxl release-extents $reg --id=$id > /tmp/rel.out 2> /tmp/rel.err; then
	fail "release of an extent in use succeeded"
fi
cat /tmp/rel.err
check "says the memory is in use" grep -q "$name: memory in use, nothing released" /tmp/rel.err
check "no listing printed" [ ! -s /tmp/rel.out ]
check "extent still there" [ -d $e ]
expect_eq "extent state" online_kernel "$(cat $e/state)"
expect_eq "blocks still online" "online:$nb1" "$(blocks_states $rstart $ext)"
expect_eq "cxl list unchanged" "$before" "$(cxl list -r $reg --extents)"
expect_eq "MemTotal unchanged" $total1 $(meminfo MemTotal)
check "/proc/iomem unchanged" [ "$(cat /proc/iomem)" = "$iomem1" ]
# QEMU still holds it: it takes a release request for the range (the
# kernel then keeps the extent, release_pending, its memory being in use)
host_do dc-release 0 0:128M >/dev/null || fail "QEMU no longer holds 0:128M"
pending() { [ "$(cxl list -r $reg --extents | jq -r '.[0].extents[0].state')" = release_pending ]; }
check "cxl list shows release_pending" wait_for 20 pending
expect_eq "release_pending extent keeps its memory_blocks" "$(cxl list -r $reg --extents | jq -c '.[0].extents[0].memory_blocks')" \
	"$(echo "$before" | jq -c '.[0].extents[0].memory_blocks')"
