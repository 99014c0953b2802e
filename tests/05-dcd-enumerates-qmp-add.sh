# The Dynamic Capacity Device enumerates, and QMP add-capacity requests
# (untagged and tagged) are accepted by QEMU while the kernel stays healthy.
# No region maps the DC partition here, so the kernel turns the offers down
# (tests 4x cover extents that land in a region).
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
log "DCD: $dcd"
check "$dcd has an endpoint" endpoint_of $dcd
host_do dc-add 0 0:128M >/dev/null || fail "QMP untagged add refused"
log "ok: untagged add accepted by QEMU"
host_do dc-add 0 tag=6a2b6d2e-1f3c-4e8a-9d0b-5a1e2f3c4d5e 128M:128M >/dev/null ||
	fail "QMP tagged add refused"
log "ok: tagged add accepted by QEMU"
expect_fail "QMP add outside the DC region is refused by QEMU" host_do dc-add 0 4G:128M
sleep 1
check "kernel still answers" cat $CXL/$dcd/serial
