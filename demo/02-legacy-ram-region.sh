# Chapter 2: the Linux 7.3 flow.  A RAM region goes straight to
# dax_regionN -> daxN.0 -> kmem and its blocks follow the system-wide
# hotplug default: there is no step where the operator chooses a policy.
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM)
size=$((512 << 20))
echo "Creating a 512 MiB RAM region on $vm with cxl-cli (no policy can be given):"
show cxl create-region -t ram -d $(root_decoder) -m $vm -s $size || exit 1
r=$(newest_region)
set -- $(region_range $r); start=$1
echo
echo "The object tree the kernel built on its own:"
show sh -c "cd $CXL/$r && find . -maxdepth 3 -name 'dax*' | sort"
dax=dax${r#region}.0
echo "$dax is bound to: $(basename $(readlink -f /sys/bus/dax/devices/$dax/driver))"
echo
show cxl list -r $r -X
echo
echo "/proc/iomem:"
grep -i -B1 -A1 "kmem" /proc/iomem
echo "memory blocks: $(blocks_states $start $size)   (the system default decided)"
echo "$dax/state: $(cat /sys/bus/dax/devices/$dax/state)"
echo
echo "Onlining after the fact, through the kmem device:"
show sh -c "echo unplugged > /sys/bus/dax/devices/$dax/state"
show sh -c "echo online_movable > /sys/bus/dax/devices/$dax/state"
echo "memory blocks: $(blocks_states $start $size), zones: $(blocks_zones $start $size)"
grep MemTotal /proc/meminfo
echo
echo "Tear-down:"
show sh -c "echo unplugged > /sys/bus/dax/devices/$dax/state"
show cxl disable-region $r
show cxl destroy-region $r
grep MemTotal /proc/meminfo
