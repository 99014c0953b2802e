# Dynamic Capacity partitions of the DCD (QEMU: 2 GiB volatile-dc-memdev,
# num-dc-regions=2 -> two 1 GiB DC regions with 2 MiB blocks, right at DPA 0
# since the device has no static capacity) appear as memX/dynamic_ram_1 and
# memX/dynamic_ram_2 (DC regions 0 and 1); the static RAM memdev has none.
# Endpoint decoder 'mode' takes dynamic_ram_N, and no longer the old dcN.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
log "DCD: $dcd, static: $vm"

expect_eq "$dcd ram/size (no static capacity)" 0x0 "$(cat $CXL/$dcd/ram/size)"
expect_eq "$dcd pmem/size" 0x0 "$(cat $CXL/$dcd/pmem/size)"
for n in 1 2; do
	p=dynamic_ram_$n pd=$CXL/$dcd/dynamic_ram_$n
	check "$dcd/$p exists" [ -d $pd ]
	expect_eq "$p/size" 0x40000000 "$(cat $pd/size)"
	expect_eq "$p/base" "$(hex $(((n - 1) << 30)))" "$(cat $pd/base)"
	expect_eq "$p/decode_length" 0x40000000 "$(cat $pd/decode_length)"
	expect_eq "$p/block_size" 0x200000 "$(cat $pd/block_size)"
	expect_eq "$p/sanitize_on_release" 0 "$(cat $pd/sanitize_on_release)"
	check "$p/dsmad_handle readable" grep -q '^0x[0-9a-f]*$' $pd/dsmad_handle
	expect_errno EACCES "$p/size is read-only" wr 0 $pd/size
done
for n in 3 4 5 6 7 8; do
	check "$dcd has no dynamic_ram_$n" [ ! -e $CXL/$dcd/dynamic_ram_$n ]
done
for n in 0 1 2 3 4 5 6 7; do
	check "$dcd has no dc$n (old name)" [ ! -e $CXL/$dcd/dc$n ]
done
check "$vm has no DC partitions" sh -c "! ls -d $CXL/$vm/dynamic_ram_* $CXL/$vm/dc* 2>/dev/null"
expect_eq "$vm ram/size unchanged" 0x40000000 "$(cat $CXL/$vm/ram/size)"

ep=$(endpoint_of $dcd) || fail "no endpoint for $dcd"
ed=$(free_decoder $ep) || fail "no free decoder on $ep"
log "decoder: $ed"
wr dynamic_ram_2 $CXL/$ed/mode || fail "mode dynamic_ram_2"
expect_eq "$ed mode" dynamic_ram_2 "$(cat $CXL/$ed/mode)"
wr dynamic_ram_1 $CXL/$ed/mode || fail "mode dynamic_ram_1"
expect_eq "$ed mode" dynamic_ram_1 "$(cat $CXL/$ed/mode)"
expect_errno EINVAL "mode dynamic_ram_3 (no such partition)" wr dynamic_ram_3 $CXL/$ed/mode
expect_errno EINVAL "mode dynamic_ram_9" wr dynamic_ram_9 $CXL/$ed/mode
expect_errno EINVAL "mode dynamic_ram_0" wr dynamic_ram_0 $CXL/$ed/mode
expect_errno EINVAL "mode dynamic_ram" wr dynamic_ram $CXL/$ed/mode
expect_errno EINVAL "mode dc0 (old name)" wr dc0 $CXL/$ed/mode
expect_errno EINVAL "mode dc1 (old name)" wr dc1 $CXL/$ed/mode
expect_errno EINVAL "mode ram (DCD has no static RAM)" wr ram $CXL/$ed/mode
expect_eq "$ed mode after refusals" dynamic_ram_1 "$(cat $CXL/$ed/mode)"

# allocation in dynamic_ram_2 skips the free capacity of dynamic_ram_1
wr dynamic_ram_2 $CXL/$ed/mode || fail "mode dynamic_ram_2"
wr $((256 << 20)) $CXL/$ed/dpa_size || fail "dpa_size in dynamic_ram_2"
expect_eq "$ed dpa_resource" 0x40000000 "$(cat $CXL/$ed/dpa_resource)"
expect_errno ENOSPC "dpa_size beyond dynamic_ram_2" wr $((2 << 30)) $CXL/$ed/dpa_size
wr 0 $CXL/$ed/dpa_size || fail "free dpa"
wr dynamic_ram_1 $CXL/$ed/mode || fail "mode dynamic_ram_1"
wr $((1 << 30)) $CXL/$ed/dpa_size || fail "all of dynamic_ram_1"
expect_eq "$ed dpa_resource" 0x0 "$(cat $CXL/$ed/dpa_resource)"
wr 0 $CXL/$ed/dpa_size || fail "free dpa"
expect_eq "$ed dpa_size after free" 0 "$(( $(cat $CXL/$ed/dpa_size) ))"
