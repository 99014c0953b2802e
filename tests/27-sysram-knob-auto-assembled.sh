# cxl_core.ram_consumer=sysram on the command line sends an auto-assembled
# ("firmware-programmed") RAM region into the policy step: commit a region,
# kexec into the same kernel with the knob added; the new kernel assembles
# regionN -> sysram_regionN and hotplugs nothing until the policy is written
# and sysram_regionN bound, then onlines it as asked.  (Test 08 covers the
# same without the knob: the 7.3 tree.)
# rig: fresh timeout=600
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
size=$((256 << 20))
nb=$((size / $(block_size)))
if [ "$(phase)" = 1 ]; then
	r=$(create_ram_region_sysfs $vm $size) || fail "region creation failed"
	# kexec_reboot passes on /proc/cmdline: give it one with the knob.
	echo "$(cat /proc/cmdline) cxl_core.ram_consumer=sysram" > /tmp/cmdline
	mount --bind /tmp/cmdline /proc/cmdline || fail "cannot override /proc/cmdline"
	log "committed $r, kexec-ing with: $(cat /proc/cmdline)"
	kexec_reboot
fi
log "phase $(phase): after kexec, cmdline: $(cat /proc/cmdline)"
knob=/sys/module/cxl_core/parameters/ram_consumer
trap 'echo dax > $knob' EXIT
expect_eq "knob from the command line" sysram "$(cat $knob)"
r=
for d in $CXL/region*; do [ -d "$d" ] && r=$(basename $d); done
check "a region was auto-assembled ($r)" [ -n "$r" ]
n=${r#region}; s=$CXL/sysram_region$n
set -- $(region_range $r); start=$1
check "$r is bound to cxl_region" wait_for 30 [ -e $CXL/$r/driver ]
expect_eq "$r ram_consumer" sysram "$(cat $CXL/$r/ram_consumer)"
check "sysram_region$n below $r" wait_for 10 [ -d $CXL/$r/sysram_region$n ]
sleep 2
check "no dax_region$n" [ ! -e $CXL/dax_region$n ]
check "sysram_region$n unbound" [ ! -e $s/driver ]
expect_eq "no memory block" "absent:$nb" "$(blocks_states $start $size)"
no_kmem_ram() { ! grep -q "System RAM (kmem)" /proc/iomem; }
check "no System RAM (kmem) in /proc/iomem" no_kmem_ram

wr kmem $s/consumer && wr online_movable $s/online_type || fail "policy"
wr sysram_region$n /sys/bus/cxl/drivers/cxl_sysram_region/bind || fail "bind sysram_region$n"
check "dax$n.0 under kmem" wait_for 10 [ -e $s/dax_region$n/dax$n.0/driver ]
check "blocks online:$nb" blocks_become $start $size "online:$nb"
expect_eq "zones" "Movable:$nb" "$(blocks_zones $start $size)"
destroy_region $r || fail "destroy $r"
expect_eq "blocks after destroy" "absent:$nb" "$(blocks_states $start $size)"
