# An auto-assembled ("firmware-programmed") RAM region: commit a region, kexec
# into the same kernel; QEMU keeps the HDM decoders committed and the new
# kernel assembles regionN -> dax_regionN -> daxN.0 -> kmem on its own, with
# the blocks following the default online policy.  Tear-down afterwards
# returns the device to an unconfigured state.
# rig: fresh timeout=600
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
size=$((512 << 20))
if [ "$(phase)" = 1 ]; then
	r=$(create_ram_region_sysfs $vm $size) || fail "region creation failed"
	log "committed $r ($(cat $CXL/$r/resource)), kexec-ing"
	kexec_reboot
fi
log "phase $(phase): after kexec"
r=
for d in $CXL/region*; do [ -d "$d" ] && r=$(basename $d); done
check "a region was auto-assembled ($r)" [ -n "$r" ]
expect_eq "$r size" $size $(( $(cat $CXL/$r/size) ))
expect_eq "$r commit" 1 "$(cat $CXL/$r/commit)"
check "$r is bound to cxl_region" [ -e $CXL/$r/driver ]
dax=dax${r#region}.0
check "$dax appears" wait_for 30 [ -e /sys/bus/dax/devices/$dax/driver ]
check "$r/dax_region${r#region}" [ -d $CXL/$r/dax_region${r#region} ]
expect_eq "$dax driver" kmem "$(basename "$(readlink -f /sys/bus/dax/devices/$dax/driver)")"
set -- $(region_range $r); start=$1
check "/proc/iomem: System RAM (kmem)" iomem_has $start $((start + size - 1)) "System RAM (kmem)"
expect_eq "blocks follow the default policy" "offline:$((size / $(block_size)))" "$(blocks_states $start $size)"
destroy_region $r || fail "destroy $r"
check "$r gone" [ ! -e $CXL/$r ]
