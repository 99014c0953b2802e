# rig: timeout=900
# Many extents: a dynamic_ram_1 region over all of DC partition dynamic_ram_1 (1 GiB)
# takes 512 extents of 2 MiB, QEMU's limit of accepted extents, offered 8 at
# a time (the size of QEMU's DC event log).  Every one shows up with its own
# offset; the add/accept round trip is measured per offer.  A device
# release spanning 16 of them removes exactly those; teardown gives the
# rest back (QEMU then holds nothing) and is timed too.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
ep=$(endpoint_of $dcd) || fail "no endpoint for $dcd"
size=$((1 << 30))
M=$((1 << 20))
N=512

ed=$(free_decoder $ep) || fail "no free decoder on $ep"
reg=$(region_alloc dynamic_ram_1 $size) || fail "create a dynamic_ram_1 region"
wr dynamic_ram_1 $CXL/$ed/mode && wr $size $CXL/$ed/dpa_size && wr $ed $CXL/$reg/target0 &&
	wr 1 $CXL/$reg/commit && wr $reg /sys/bus/cxl/drivers/cxl_region/bind ||
	fail "dynamic_ram_1 region over all of it"
# a region left over dynamic_ram_1 would starve the tests after this one
trap '[ -e $CXL/$reg ] && destroy_region $reg' EXIT

nr_extents() { ls -d $CXL/$reg/extent* 2>/dev/null | wc -l; }
has_extents() { [ "$(nr_extents)" = "$1" ]; }
now() { cut -d' ' -f1 /proc/uptime; }
elapsed() { echo "$1 $2" | awk '{ printf "%.2f", $2 - $1 }'; }

n=0
t0=$(now)
while [ $n -lt $N ]; do
	ext=""
	i=0
	while [ $i -lt 8 ]; do ext="$ext $(( (n + i) * 2 ))M:2M"; i=$((i + 1)); done
	host_do dc-add 0 $ext >/dev/null || fail "QMP add of extents $n-$((n + 7))"
	n=$((n + 8))
	wait_for 20 has_extents $n || fail "offer up to extent $n: $(nr_extents) extents shown"
done
t1=$(now)
log "$N extents in $((N / 8)) offers: $(elapsed $t0 $t1)s, $(echo "$t0 $t1" | awk -v n=$((N / 8)) '{ printf "%.2f", ($2 - $1) / n }')s per 8-extent offer"
expect_eq "extents shown" $N $(nr_extents)
expect_eq "every extent is 2 MiB" "$N 0x200000" "$(cat $CXL/$reg/extent*/length | sort | uniq -c | awk '{ print $1, $2 }')"
expect_eq "every offset once" $N "$(cat $CXL/$reg/extent*/offset | sort -u | wc -l)"
last=$(for o in $(cat $CXL/$reg/extent*/offset); do echo $((o)); done | sort -n | tail -1)
expect_eq "last offset" $((size - 2 * M)) "$last"
expect_eq "every extent accepted" "$N accepted" "$(cat $CXL/$reg/extent*/state | sort | uniq -c | awk '{ print $1, $2 }')"
check "no rejection logged" sh -c "! klog | grep -q 'rejecting extent'"

# one device release over 16 of them
host_do dc-release 0 100M:32M >/dev/null || fail "QMP release of 16 extents"
check "16 extents released" wait_for 20 has_extents $((N - 16))
gone() { for o in $(cat $CXL/$reg/extent*/offset); do
	[ $((o)) -ge $((100 * M)) ] && [ $((o)) -lt $((132 * M)) ] && return 1; done; return 0; }
check "none left in 100M-132M" gone
check "QEMU no longer holds 100M:32M" not_held 0 100M:32M

t0=$(now)
destroy_region $reg || fail "destroy $reg"
t1=$(now)
log "teardown releasing $((N - 16)) extents: $(elapsed $t0 $t1)s"
check "QEMU holds nothing at 0" not_held 0 0:2M
check "QEMU holds nothing at the end" not_held 0 1022M:2M
check "no release failed" sh -c "! klog | grep -q 'release 0x.* failed'"
