# rig: fresh timeout=600
# MANUAL (not named NN-*, so rig/run-tests skips it): QEMU 10.0 TCG crashed
# (exit -11, SIGSEGV in QEMU) on one of two runs with CXL memory online in
# ZONE_NORMAL; the other run passed (Normal:2, unplug refused with -EBUSY
# because of an unmovable page).  Run with:
#   RIG_KERNEL=... RIG_RUNDIR=sysram rig/vm-exec 'sh /rig/tests/manual-sysram-online-kernel.sh'
# sysram policy kmem + online_kernel, with the smallest region (one 128 MiB
# block... two, the decoder minimum here is 256 MiB): every block online in
# ZONE_NORMAL.  Onlining CXL memory to ZONE_NORMAL once took QEMU (TCG) down
# in this rig, so this test is kept apart and small.  Tear-down first tries
# daxN.0/state=unplugged (may fail cleanly: kernel allocations can pin
# ZONE_NORMAL memory), then destroys the region.
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
size=$((256 << 20))
nb=$((size / $(block_size)))
drv=/sys/bus/cxl/drivers/cxl_sysram_region
total0=$(meminfo MemTotal)

r=$(create_ram_region_sysfs $vm $size) || fail "region creation failed"
n=${r#region}; s=$CXL/sysram_region$n
set -- $(region_range $r); start=$1
wr sysram $CXL/$r/ram_consumer || fail "opt in"
wr $r /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $r"
wr kmem $s/consumer && wr online_kernel $s/online_type || fail "policy"
wr sysram_region$n $drv/bind || fail "bind sysram_region$n"
dax=$s/dax_region$n/dax$n.0
check "dax$n.0 under kmem" wait_for 10 [ -e $dax/driver ]
expect_eq "blocks" "online:$nb" "$(blocks_states $start $size)"
expect_eq "zones" "Normal:$nb" "$(blocks_zones $start $size)"
expect_eq "dax$n.0/state" online_kernel "$(cat $dax/state)"
expect_eq "MemTotal grew" $((total0 + size)) $(meminfo MemTotal)
if wr unplugged $dax/state; then
	log "unplugged"
	expect_eq "blocks after unplug" "absent:$nb" "$(blocks_states $start $size)"
	destroy_region $r || fail "destroy $r"
	expect_eq "MemTotal" $total0 $(meminfo MemTotal)
else
	log "ZONE_NORMAL memory could not be offlined (refused cleanly); leaving $r bound"
	expect_eq "state unchanged after refused unplug" online_kernel "$(cat $dax/state)"
fi
