# Chapter 4: Dynamic Capacity from cxl-cli.  The DCD has no static memory,
# only two DC partitions, dynamic_ram_1 and dynamic_ram_2; cxl
# create-region -t dynamic_ram_1 makes a region of that mode that commits
# with nothing behind it.  The host then adds capacity
# through QMP (as a fabric manager would), the kernel accepts it as
# extents, and cxl list --extents shows them; a release from the host
# removes one again.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD)
rd=$(root_decoder)

echo "The Dynamic Capacity Device and its DC partitions:"
show cxl list -m $dcd -u
echo
echo "A 512 MiB dynamic_ram_1 region over the first DC partition:"
show cxl create-region -t dynamic_ram_1 -d $rd -m $dcd -s 512M || exit 1
r=$(newest_region)
show sh -c "cxl list -r $r --extents | jq -c '.[0] | {region, type, size, decode_state, extents}'"
echo
echo "The host offers 128 MiB at DPA 0, then 64 MiB at DPA 256 MiB with a tag:"
show host_do dc-add 0 0:128M
show host_do dc-add 0 tag=6a2b6d2e-1f3c-4e8a-9d0b-5a1e2f3c4d5e 256M:64M
wait_for 10 sh -c "[ \$(ls -d $CXL/$r/extent* 2>/dev/null | wc -l) = 2 ]"
show cxl list -r $r --extents -u
echo
echo "The host releases the first one:"
show host_do dc-release 0 0:128M
wait_for 10 sh -c "[ \$(ls -d $CXL/$r/extent* 2>/dev/null | wc -l) = 1 ]"
show sh -c "cxl list -r $r --extents | jq -c '.[0].extents'"
echo
echo "Tear-down gives the rest back to the device:"
show cxl disable-region $r
show cxl destroy-region $r
echo "QEMU no longer holds 256M:64M, so releasing it again is refused:"
show host_do dc-release 0 256M:64M
true
