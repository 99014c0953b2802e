# The emulated CXL topology enumerates: both memdevs (found by serial) with
# their partitions, a RAM-capable root decoder, host-bridge (switch)
# decoders and endpoint decoders for each memdev, and cxl-cli sees the same.
. /rig/lib.sh

vm=$(memdev_by_serial $SN_VMEM) || fail "no memdev with serial $SN_VMEM"
dcd=$(memdev_by_serial $SN_DCD) || fail "no memdev with serial $SN_DCD"
log "static RAM memdev: $vm, DCD: $dcd"
expect_eq "$vm ram/size (1 GiB volatile)" 0x40000000 "$(cat $CXL/$vm/ram/size)"
check "$dcd is a distinct memdev" [ "$vm" != "$dcd" ]
check "$vm has a pmem partition attribute" [ -e $CXL/$vm/pmem/size ]

rd=$(root_decoder) || fail "no root decoder with cap_ram=1"
log "root decoder: $rd"
check "$rd has a size" [ "$(( $(cat $CXL/$rd/size) ))" -gt 0 ]
check "$rd has create_ram_region" [ -e $CXL/$rd/create_ram_region ]

n=0
for d in $CXL/port*/decoder*; do [ -e "$d" ] && n=$((n + 1)); done
check "switch (host bridge) decoders exist ($n)" [ $n -gt 0 ]
for m in $vm $dcd; do
	ep=$(endpoint_of $m) || fail "no endpoint port for $m"
	nd=$(ls -d $CXL/$ep/decoder* 2>/dev/null | wc -l)
	check "$ep ($m) has endpoint decoders ($nd)" [ "$nd" -gt 0 ]
done

json=$(cxl list -M) || fail "cxl list -M failed"
echo "$json"
expect_eq "cxl list -M: memdevs" 2 "$(echo "$json" | jq length)"
expect_eq "cxl list -M: $vm serial" $((SN_VMEM)) \
	"$(echo "$json" | jq ".[] | select(.memdev == \"$vm\") | .serial")"
expect_eq "cxl list -M: $vm ram_size" $((0x40000000)) \
	"$(echo "$json" | jq ".[] | select(.memdev == \"$vm\") | .ram_size")"
expect_eq "cxl list -D -d root: one root decoder" 1 "$(cxl list -D -d root | jq length)"
