# Chapter 5: Dynamic Capacity as System RAM.  cxl create-region
# -t dynamic_ram_1 --driver=sysram makes a dynamic_ram_1 region whose
# sysram_region hot-plugs every untagged extent the device adds, on its
# own, into ZONE_MOVABLE; the extents of one tag are one group: one dax
# device whose uuid is the tag, hot-plugged by kmem with the same policy.
# cxl list --extents shows each extent's state and memory blocks, and cxl
# release-extents gives one extent, then a whole tag group (--uuid), back
# to the device - which QEMU confirms by refusing to release what it no
# longer holds.
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD)
rd=$(root_decoder)
TAG=7e3a1c52-9b04-4d6f-a2e8-31c5d7f90b46
mib() { echo "$(( $(meminfo MemTotal) >> 20 )) MiB"; }
X() {
	q='.[0].extents[] | {extent, offset, length, uuid, state, memory_blocks}'
	echo "\$ cxl list -r $r --extents | jq -c '$q'"
	cxl list -r $r --extents | jq -c "$q"
}

echo "A 1 GiB dynamic_ram_1 region over the first DC partition, opted into"
echo "System RAM (kmem, online_movable) before it binds:"
set -- cxl create-region -t dynamic_ram_1 -d $rd -m $dcd -s 1G --driver=sysram --online-type=online_movable
echo "\$ $*"
"$@" | tee /tmp/r.json
r=$(jq -r .region /tmp/r.json 2>/dev/null)
[ -n "$r" ] && [ -d $CXL/$r ] || { echo "no region created"; exit 1; }
echo "MemTotal: $(mib) - the region has no memory until the device adds some."
echo
echo "The host offers two untagged 128 MiB extents, and 256 MiB under a tag:"
show host_do dc-add 0 0:128M 128M:128M
show host_do dc-add 0 tag=$TAG 512M:128M 640M:128M
n_online() { [ "$(cxl list -r $r --extents 2>/dev/null | jq '[.[0].extents[] | select(.state == "online_movable")] | length' 2>/dev/null)" = 4 ]; }
n_all() { [ "$(cxl list -r $r --extents 2>/dev/null | jq '.[0].extents | length' 2>/dev/null)" = 4 ]; }
wait_for 30 n_online && wait_for 30 n_all || { echo "extents did not arrive"; exit 1; }
X
echo "The untagged extents are System RAM, each in its own memory block(s);"
echo "the tagged ones are one group: one dax device with the tag as its uuid,"
echo "a mapping per extent, hot-plugged by kmem:"
n=${r#region}
for d in $CXL/$r/sysram_region$n/dax_region$n/dax$n.*; do
	case $(cat $d/uuid 2>/dev/null) in ''|00000000-0000-0000-0000-000000000000) continue ;; esac
	echo "  $(basename $d): uuid $(cat $d/uuid), size $(( $(cat $d/size) >> 20 )) MiB, driver $(basename $(readlink -f $d/driver)), state $(cat $d/state)"
done
show sh -c "grep -E 'System RAM \((cxl|kmem)\)|dax$n\.' /proc/iomem"
echo "MemTotal: $(mib)"
for b in $(cxl list -r $r --extents | jq -r '.[0].extents[].memory_blocks[]?'); do
	echo "  $b: $(cat $MEM/$b/state), zone $(cat $MEM/$b/valid_zones)"
done
echo
id=$(cxl list -r $r --extents | jq -r '.[0].extents[] | select(.offset == 134217728) | .extent')
echo "Give $id (at 128 MiB) back, then the tagged group:"
show cxl release-extents $r --id=${id#extent*.} -u
show cxl release-extents $r --uuid=$TAG -u
X
echo "MemTotal: $(mib)"
echo
echo "QEMU agrees: it no longer holds what the host gave back..."
show host_do dc-release 0 128M:128M
show host_do dc-release 0 tag=$TAG 512M:128M
echo "...and still holds 0:128M, which it can ask back itself:"
show host_do dc-release 0 0:128M
gone() { [ "$(cxl list -r $r --extents 2>/dev/null | jq '.[0].extents | length' 2>/dev/null)" = 0 ]; }
wait_for 30 gone
X
echo "MemTotal: $(mib)"
echo
show cxl disable-region $r
show cxl destroy-region $r
true
