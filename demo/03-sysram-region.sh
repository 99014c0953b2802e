# Chapter 3: the same RAM region with a policy, from cxl-cli.
# --driver=sysram stops the region at sysram_regionN, writes the policy
# (kmem, online_movable) and binds it: the blocks go to ZONE_MOVABLE
# before anything else can allocate from them, instead of following the
# system default as in chapter 2.  --consumer=device_dax gives /dev/daxN.0
# instead, mapped here by a small program.  --driver=dax asks for the
# chapter 2 path explicitly, whatever the kernel's default.
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM)
rd=$(root_decoder)
size=$((512 << 20))
knob=/sys/module/cxl_core/parameters/ram_consumer

echo "Creating a 512 MiB RAM region on $vm, onlined movable through a sysram_region:"
show cxl create-region -t ram -d $rd -m $vm -s $size --driver=sysram --online-type=online_movable || exit 1
r=$(newest_region); n=${r#region}
set -- $(region_range $r); start=$1
echo
echo "The object tree (one more step than in chapter 2):"
show sh -c "cd $CXL/$r && find . -maxdepth 4 -name 'sysram_region*' -o -maxdepth 4 -name 'dax*' | sort"
echo "sysram_region$n: consumer=$(cat $CXL/sysram_region$n/consumer) online_type=$(cat $CXL/sysram_region$n/online_type)"
echo "memory blocks: $(blocks_states $start $size), zones: $(blocks_zones $start $size)"
echo "   (chapter 2 left them offline: the system default in this VM)"
grep -i "kmem" /proc/iomem
grep MemTotal /proc/meminfo
echo
show cxl list -r $r
echo
echo "A block offlined by hand shows in memory_state; the policy stays the policy:"
first=$(region_blocks $start $size | head -n1)
show sh -c "echo offline > $MEM/memory$first/state"
show sh -c "cxl list -r $r | jq -c '.[0].sysram_region'"
show sh -c "echo online_movable > $MEM/memory$first/state"
echo
echo "Tear-down with cxl-cli (the kernel offlines and removes the memory):"
show cxl disable-region $r
show cxl destroy-region $r
grep MemTotal /proc/meminfo
echo
echo "The same region as a device-dax character device, no System RAM:"
show cxl create-region -t ram -d $rd -m $vm -s $((256 << 20)) --driver=sysram --consumer=device_dax || exit 1
r=$(newest_region); n=${r#region}
show sh -c "cxl list -r $r | jq -c '.[0].sysram_region'"
show ls -l /dev/dax$n.0
show /rig/bin/daxmap /dev/dax$n.0 $((8 << 20))
show cxl disable-region $r
show cxl destroy-region $r
echo
echo "With cxl_core.ram_consumer=sysram as the kernel default, --driver=dax still"
echo "asks for the direct path of chapter 2:"
show sh -c "echo sysram > $knob"
show cxl create-region -t ram -d $rd -m $vm -s $((256 << 20)) --driver=dax || { echo dax > $knob; exit 1; }
echo dax > $knob
r=$(newest_region); n=${r#region}
show sh -c "cxl list -r $r -X | jq -c '.[0] | {region, ram_consumer, sysram_region, dax: .daxregion.devices[0].chardev, mode: .daxregion.devices[0].mode}'"
show cxl disable-region $r
show cxl destroy-region $r
echo
echo "Bad values are refused before anything is created:"
show cxl create-region -t ram -d $rd -m $vm -s $size --driver=sysram --online-type=movable
show cxl create-region -t ram -d $rd -m $vm -s $size --online-type=online_movable
echo "regions now: $(ls -d $CXL/region* 2>/dev/null | wc -l)"
true
