# Dynamic Capacity partitions of the DCD (QEMU: 2 GiB volatile-dc-memdev,
# num-dc-regions=2 -> two 1 GiB DC regions with 2 MiB blocks, right at DPA 0
# since the device has no static capacity) appear as memX/dc0 and memX/dc1;
# the static RAM memdev has none. Endpoint decoder 'mode' takes dcN.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
log "DCD: $dcd, static: $vm"

expect_eq "$dcd ram/size (no static capacity)" 0x0 "$(cat $CXL/$dcd/ram/size)"
expect_eq "$dcd pmem/size" 0x0 "$(cat $CXL/$dcd/pmem/size)"
for n in 0 1; do
	pd=$CXL/$dcd/dc$n
	check "$dcd/dc$n exists" [ -d $pd ]
	expect_eq "dc$n/size" 0x40000000 "$(cat $pd/size)"
	expect_eq "dc$n/base" "$(hex $((n << 30)))" "$(cat $pd/base)"
	expect_eq "dc$n/decode_length" 0x40000000 "$(cat $pd/decode_length)"
	expect_eq "dc$n/block_size" 0x200000 "$(cat $pd/block_size)"
	expect_eq "dc$n/sanitize_on_release" 0 "$(cat $pd/sanitize_on_release)"
	check "dc$n/dsmad_handle readable" grep -q '^0x[0-9a-f]*$' $pd/dsmad_handle
	expect_errno EACCES "dc$n/size is read-only" wr 0 $pd/size
done
for n in 2 3 4 5 6 7; do
	check "$dcd has no dc$n" [ ! -e $CXL/$dcd/dc$n ]
done
check "$vm has no DC partitions" sh -c "! ls -d $CXL/$vm/dc* 2>/dev/null"
expect_eq "$vm ram/size unchanged" 0x40000000 "$(cat $CXL/$vm/ram/size)"

ep=$(endpoint_of $dcd) || fail "no endpoint for $dcd"
ed=$(free_decoder $ep) || fail "no free decoder on $ep"
log "decoder: $ed"
wr dc1 $CXL/$ed/mode || fail "mode dc1"
expect_eq "$ed mode" dc1 "$(cat $CXL/$ed/mode)"
wr dc0 $CXL/$ed/mode || fail "mode dc0"
expect_eq "$ed mode" dc0 "$(cat $CXL/$ed/mode)"
expect_errno EINVAL "mode dc2 (no such partition)" wr dc2 $CXL/$ed/mode
expect_errno EINVAL "mode dc8" wr dc8 $CXL/$ed/mode
expect_errno EINVAL "mode dcx" wr dcx $CXL/$ed/mode
expect_errno EINVAL "mode ram (DCD has no static RAM)" wr ram $CXL/$ed/mode
expect_eq "$ed mode after refusals" dc0 "$(cat $CXL/$ed/mode)"

# allocation in dc1 skips the free capacity of dc0
wr dc1 $CXL/$ed/mode || fail "mode dc1"
wr $((256 << 20)) $CXL/$ed/dpa_size || fail "dpa_size in dc1"
expect_eq "$ed dpa_resource" 0x40000000 "$(cat $CXL/$ed/dpa_resource)"
expect_errno ENOSPC "dpa_size beyond dc1" wr $((2 << 30)) $CXL/$ed/dpa_size
wr 0 $CXL/$ed/dpa_size || fail "free dpa"
wr dc0 $CXL/$ed/mode || fail "mode dc0"
wr $((1 << 30)) $CXL/$ed/dpa_size || fail "all of dc0"
expect_eq "$ed dpa_resource" 0x0 "$(cat $CXL/$ed/dpa_resource)"
wr 0 $CXL/$ed/dpa_size || fail "free dpa"
expect_eq "$ed dpa_size after free" 0 "$(( $(cat $CXL/$ed/dpa_size) ))"
