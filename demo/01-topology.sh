# Chapter 1: what the guest sees - two CXL type-3 devices behind one host
# bridge: static volatile RAM and a Dynamic Capacity Device.
. /rig/lib.sh
echo "The emulated platform: one CXL window, one host bridge, two root ports,"
echo "a 1 GiB volatile type-3 device (serial $SN_VMEM) and a DCD (serial $SN_DCD)."
show cxl list -M
show cxl list -D -d root
show cxl list -P -p root -T
