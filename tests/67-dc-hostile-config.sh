# rig: timeout=400 qemu-env=RIG_DC_FAULT=config-overlap
# A Dynamic Capacity configuration from the device is checked before any of
# it is used.  On a VM of its own whose DCD reports, from boot on, DC region
# 1 based inside region 0 (RIG_DC_FAULT=config-overlap: the rig's QEMU
# lies in Get DC Configuration, x-dc-fault, rig/qemu/0006-...), the kernel
# names the bad record and disables Dynamic Capacity on that device only:
# the memdev probes with no DC partition, no dynamic_ram_N region can be
# made on it, and the static RAM device still gives System RAM through
# kmem.  Then the DCD reports its last region based 256 MiB below 2^64
# (config-wrap, set with qom-set) and cxl_pci is rebound to the DCD: same
# refusal, for the wrap.  With the fault off, the next rebind brings both
# DC partitions back and an offer is accepted, so the refusals were the
# kernel's answer to the configuration and nothing else.
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
size=$((256 << 20))
pcidrv=/sys/bus/pci/drivers/cxl_pci

expect_eq "rig.dc_fault on the command line" config-overlap \
	"$(sed -n 's/.*rig\.dc_fault=\([a-z-]*\).*/\1/p' /proc/cmdline)"
check "x-dc-fault is config-overlap" dc_fault_is config-overlap

dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev (probe must not fail)"
pdev=$(basename "$(readlink -f $CXL/$dcd/..)")
log "DCD: $dcd on $pdev"

# no_dc: the DCD's memdev has no DC partition, and its endpoint decoders
# take no DC mode (no dynamic_ram_N region can be made on it)
no_dc() {
	local ed
	check "$dcd: no DC partition" sh -c "! ls -d $CXL/$dcd/dynamic_ram_* 2>/dev/null"
	ed=$(free_decoder $(endpoint_of $dcd)) || fail "no free decoder of $dcd"
	expect_errno EINVAL "$ed: mode dynamic_ram_1 refused" wr dynamic_ram_1 $CXL/$ed/mode
}
# rebind: cxl_pci probes the DCD again (Get DC Configuration included);
# sets dcd to its new memdev
rebind() {
	wr $pdev $pcidrv/unbind || fail "unbind $pdev from cxl_pci"
	wr $pdev $pcidrv/bind || fail "bind $pdev to cxl_pci"
	check "$pdev probed again" wait_for 20 memdev_by_serial $SN_DCD
	dcd=$(memdev_by_serial $SN_DCD)
	check "$dcd has its endpoint" wait_for 20 endpoint_of $dcd
	log "DCD: $dcd"
}
DISABLED="cxl_pci $pdev: Dynamic Capacity disabled (-6)"

# -- config-overlap, from boot: the probe happened before this test's log
# marker, so this one check reads the whole log (the VM was booted for it)
OVERLAP="cxl_pci $pdev: DC region 1 (base 0x10000000, length 0x40000000, decode 0x4 x 256 MiB, block 0x200000): base below the end of the previous region"
check "boot: kernel named the overlapping region" sh -c "dmesg | grep -qF '$OVERLAP'"
check "boot: '$DISABLED'" sh -c "dmesg | grep -qF '$DISABLED'"
no_dc
check "the static RAM device still gives System RAM" static_ram_works $size

# -- config-wrap, at a new probe ----------------------------------------------
check "x-dc-fault config-wrap" dc_fault config-wrap
rebind
WRAP="cxl_pci $pdev: DC region 1 (base 0xfffffffff0000000, length 0x40000000, decode 0x4 x 256 MiB, block 0x200000): decode length empty or past the end of the DPA space"
check "kernel named the wrapping region" sh -c "klog | grep -qF '$WRAP'"
check "kernel: '$DISABLED'" sh -c "klog | grep -qF '$DISABLED'"
no_dc
check "the static RAM device still gives System RAM" static_ram_works $size

# -- no fault: the same device gets its DC partitions ---------------------------
check "x-dc-fault none" dc_fault none
rebind
expect_eq "no further refusal" 1 "$(klog | grep -cF "$DISABLED")"
expect_eq "$dcd dynamic_ram_1/base" 0x0 "$(cat $CXL/$dcd/dynamic_ram_1/base)"
expect_eq "$dcd dynamic_ram_2/base" 0x40000000 "$(cat $CXL/$dcd/dynamic_ram_2/base)"
reg=$(dc_region_create $dcd $size) || fail "a dynamic_ram_1 region on $dcd"
wr $reg /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $reg"
host_do dc-add 0 0:128M >/dev/null || fail "QMP add 0:128M"
has_extent() { ls -d $CXL/$reg/extent* >/dev/null 2>&1; }
check "an offer is accepted" wait_for 20 has_extent
destroy_region $reg || fail "destroy $reg"
check "QEMU no longer holds 0:128M" not_held 0 0:128M
check "the static RAM device still gives System RAM" static_ram_works $size
