# sysram_regionN policy: bad values are rejected (-EINVAL) and change nothing;
# binding with an incomplete policy is declined and hotplugs nothing; once
# bound, policy writes fail (-EBUSY) and change nothing; after unbind the
# policy is writable again.  sysram_regionN/state (read-only) follows:
# unset -> ready -> active -> ready.
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
size=$((256 << 20))
nb=$((size / $(block_size)))
drv=/sys/bus/cxl/drivers/cxl_sysram_region

r=$(sysram_region_create $vm $size) || fail "sysram region creation failed"
n=${r#region}; s=$CXL/sysram_region$n
set -- $(region_range $r); start=$1
check "sysram_region$n" [ -d $s ]
expect_eq "state with no policy" unset "$(cat $s/state)"
for v in ready active unset; do
	expect_errno EACCES "state is read-only ('$v')" wr $v $s/state
done

for v in bogus unset "" KMEM online_movable; do
	expect_errno EINVAL "consumer '$v'" wr "$v" $s/consumer
done
expect_eq "consumer after bad writes" unset "$(cat $s/consumer)"
for v in bogus unset "" unplugged kmem partial; do
	expect_errno EINVAL "online_type '$v'" wr "$v" $s/online_type
done
expect_eq "online_type after bad writes" unset "$(cat $s/online_type)"

expect_errno ENXIO "bind with no policy" wr sysram_region$n $drv/bind
wr kmem $s/consumer || fail "write consumer"
expect_eq "state with kmem, no online_type" unset "$(cat $s/state)"
expect_errno ENXIO "bind with kmem but no online_type" wr sysram_region$n $drv/bind
check "not bound" [ ! -e $s/driver ]
expect_eq "no memory block after refused binds" "absent:$nb" "$(blocks_states $start $size)"
check "no dax_region$n" [ ! -e $CXL/dax_region$n ]

wr online_movable $s/online_type || fail "write online_type"
wr offline $s/online_type || fail "rewrite online_type while unbound"
expect_eq "online_type" offline "$(cat $s/online_type)"
expect_eq "state with complete policy" ready "$(cat $s/state)"
wr sysram_region$n $drv/bind || fail "bind with complete policy"
expect_eq "state when bound" active "$(cat $s/state)"
check "bound" [ -e $s/driver ]
check "dax_region$n below sysram_region$n" [ -d $s/dax_region$n ]
expect_errno EBUSY "consumer write while bound" wr device_dax $s/consumer
expect_errno EBUSY "online_type write while bound" wr online_movable $s/online_type
expect_errno EBUSY "same online_type write while bound" wr offline $s/online_type
expect_eq "consumer unchanged" kmem "$(cat $s/consumer)"
expect_eq "online_type unchanged" offline "$(cat $s/online_type)"
blocks_are() { [ "$(blocks_states $start $size)" = "$1" ]; }
check "blocks present and offline" wait_for 10 blocks_are "offline:$nb"

wr sysram_region$n $drv/unbind || fail "unbind sysram_region$n"
expect_eq "no memory block after unbind" "absent:$nb" "$(blocks_states $start $size)"
check "dax_region$n gone" [ ! -e $CXL/dax_region$n ]
expect_eq "state after unbind" ready "$(cat $s/state)"
wr device_dax $s/consumer || fail "consumer writable after unbind"
expect_eq "consumer" device_dax "$(cat $s/consumer)"
expect_eq "state with device_dax" ready "$(cat $s/state)"
destroy_region $r || fail "destroy $r"
check "sysram_region$n gone" [ ! -e $s ]
