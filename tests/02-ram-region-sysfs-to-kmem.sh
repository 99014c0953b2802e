# The Linux 7.3 flow through sysfs: create_ram_region, size, target, commit,
# bind -> dax_regionN -> daxN.0 bound to kmem; the range is System RAM (kmem)
# in /proc/iomem, its memory blocks exist and follow the default online
# policy (offline here); MemTotal does not change until they are onlined.
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
size=$((512 << 20))
total0=$(meminfo MemTotal)

r=$(create_ram_region_sysfs $vm $size) || fail "region creation failed"
log "created $r"
expect_eq "$r commit" 1 "$(cat $CXL/$r/commit)"
wr $r /sys/bus/cxl/drivers/cxl_region/bind || fail "bind $r"
set -- $(region_range $r); start=$1
log "$r: $(hex $start) + $(hex $size)"
check "$r has dax_region${r#region}" [ -d $CXL/$r/dax_region${r#region} ]
dax=dax${r#region}.0
check "$dax exists" wait_for 10 [ -e /sys/bus/dax/devices/$dax ]
expect_eq "$dax driver" kmem "$(basename "$(readlink -f /sys/bus/dax/devices/$dax/driver)")"
check "/proc/iomem: System RAM (kmem)" iomem_has $start $((start + size - 1)) "System RAM (kmem)"
# kmem's probe runs asynchronously and creates daxN.0/state last
check "$dax/state (kmem probe done)" wait_for 10 [ -e /sys/bus/dax/devices/$dax/state ]
expect_eq "$dax state (default policy: offline)" offline "$(cat /sys/bus/dax/devices/$dax/state)"
nb=$((size / $(block_size)))
expect_eq "memory blocks of $r" "offline:$nb" "$(blocks_states $start $size)"
expect_eq "MemTotal unchanged while offline" $total0 $(meminfo MemTotal)

destroy_region $r || fail "destroy $r"
check "/proc/iomem: range gone" sh -c "! grep -qi 'System RAM (kmem)' /proc/iomem"
