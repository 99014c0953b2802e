# The Dynamic Capacity Device enumerates, and QMP add-capacity requests
# (untagged and tagged) reach the kernel, which turns them down: no region
# maps the DC partition here (tests 4x cover extents that land in a region).
# The kernel must log each rejection with its DPA range and the reason,
# answer the device with an empty list so that QEMU drops the offered
# capacity (QEMU's own answer to a release: "non-existing DPA range"), and
# show no extent anywhere.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
log "DCD: $dcd"
check "$dcd has an endpoint" endpoint_of $dcd
expect_eq "$dcd dynamic_ram_1 size" $((1 << 30)) "$(( $(cat $CXL/$dcd/dynamic_ram_1/size) ))"
expect_eq "$dcd dynamic_ram_2 size" $((1 << 30)) "$(( $(cat $CXL/$dcd/dynamic_ram_2/size) ))"
host_do dc-add 0 0:128M >/dev/null || fail "QMP untagged add refused"
log "ok: untagged add accepted by QEMU"
host_do dc-add 0 tag=6a2b6d2e-1f3c-4e8a-9d0b-5a1e2f3c4d5e 128M:128M >/dev/null ||
	fail "QMP tagged add refused"
log "ok: tagged add accepted by QEMU"
check "QMP add outside the DC region is refused by QEMU" \
	qemu_refuses "extent range is beyond the region end" dc-add 0 4G:128M
WHY="no committed dynamic_ram region maps it"
rejected() { klog | grep -q "rejecting extent $1: $WHY"; }
check "kernel rejected 0:128M" wait_for 20 rejected 0x0-0x7ffffff
check "kernel rejected 128M:128M (tagged)" wait_for 20 rejected 0x8000000-0xfffffff
# the (empty) response follows the rejections at once; QEMU refuses a
# release of capacity still pending with another error, which not_held
# does not take for "not held"
sleep 1
check "QEMU does not hold 0:128M" not_held 0 0:128M
check "QEMU does not hold 128M:128M" not_held 0 128M:128M
check "no extent in sysfs" sh -c "! ls -d $CXL/region*/extent* 2>/dev/null"
check "no add response failed" sh -c "! klog | grep -q 'Add Dynamic Capacity Response failed'"
check "kernel still answers" cat $CXL/$dcd/serial
