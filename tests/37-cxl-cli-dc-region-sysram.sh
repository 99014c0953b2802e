# rig: timeout=300
# cxl create-region -t dynamic_ram_1 --driver=sysram: the region comes
# up with ram_consumer sysram and sysram_regionN bound with consumer kmem
# and the given online type (cxl list shows it), no memory yet; an
# untagged extent the host adds then arrives online in that zone and cxl
# list --extents names its memory blocks; a tagged one becomes a dax device
# of its own (uuid = tag, kmem) online in the same zone, which cxl list
# names with the extent's memory blocks.  Options a dynamic_ram_N region
# cannot take (--consumer without --driver, --driver=dax, an online type
# with device_dax, a bad online type) are refused and create nothing.
# disable/destroy-region removes the memory and gives the extents back
# (QEMU holds nothing after).
. /rig/lib.sh
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
rd=$(root_decoder) || fail "no RAM root decoder"
size=$((512 << 20))
ext=$((128 << 20))
TAG=5d4c3b2a-1908-4f7e-8d6c-5b4a39281706
total0=$(meminfo MemTotal)
nregions() { ls -d $CXL/region* 2>/dev/null | wc -l; }
n0=$(nregions)

for bad in "--consumer=device_dax" "--driver=dax" "--online-type=online_movable" \
	"--driver=sysram --consumer=device_dax --online-type=online" "--driver=sysram --online-type=bogus"; do
	if cxl create-region -t dynamic_ram_1 -d $rd -m $dcd -s $size $bad > /tmp/out 2> /tmp/err; then
		fail "create-region -t dynamic_ram_1 $bad succeeded"
	fi
	log "ok: -t dynamic_ram_1 $bad refused: $(grep -v '^cxl region: cmd_create_region: created' /tmp/err | head -1)"
	expect_eq "-t dynamic_ram_1 $bad: no region created" $n0 $(nregions)
done
check "--driver=dax refusal says why" sh -c "cxl create-region -t dynamic_ram_1 -d $rd -m $dcd -s $size --driver=dax 2>&1 | grep -q 'dynamic_ram_1 regions take --driver=sysram only'"

cxl create-region -t dynamic_ram_1 -d $rd -m $dcd -s $size --driver=sysram --online-type=online_movable > /tmp/create.json ||
	fail "create-region -t dynamic_ram_1 --driver=sysram"
cat /tmp/create.json
reg=$(jq -r .region /tmp/create.json)
n=${reg#region}; s=$CXL/$reg/sysram_region$n
expect_eq "type" dynamic_ram_1 "$(jq -r .type /tmp/create.json)"
expect_eq "ram_consumer" sysram "$(cat $CXL/$reg/ram_consumer)"
expect_eq "sysram consumer" kmem "$(cat $s/consumer)"
expect_eq "sysram online_type" online_movable "$(cat $s/online_type)"
expect_eq "sysram state" active "$(cat $s/state)"
check "sysram_region$n bound" [ -e $s/driver ]
expect_eq "cxl list: sysram_region online_type" online_movable "$(jq -r .sysram_region.online_type /tmp/create.json)"
expect_eq "no memory yet" $total0 $(meminfo MemTotal)

rstart=$(( $(cat $CXL/$reg/resource) ))
host_do dc-add 0 0:128M >/dev/null || fail "QMP add"
host_do dc-add 0 tag=$TAG 256M:128M >/dev/null || fail "QMP tagged add"
X() { cxl list -r $reg --extents | jq -r ".[0].extents[] | select(.offset == $1) | $2"; }
online() { [ "$(X 0 .state)" = online_movable ]; }
check "untagged extent online_movable" wait_for 30 online
grp() { [ "$(X $((256 << 20)) .state)" = online_movable ]; }
check "tagged extent online_movable (its group's dax device)" wait_for 30 grp
blocks_of() { for b in $(region_blocks $1 $ext); do echo memory$b; done | tr '\n' ' ' | sed 's/ $//'; }
expect_eq "memory_blocks" "$(blocks_of $rstart)" "$(X 0 '.memory_blocks[]' | tr '\n' ' ' | sed 's/ $//')"
expect_eq "zones" "Movable:$((ext / $(block_size)))" "$(blocks_zones $rstart $ext)"
expect_eq "tagged extent: memory_blocks" "$(blocks_of $((rstart + (256 << 20))))" \
	"$(X $((256 << 20)) '.memory_blocks[]' | tr '\n' ' ' | sed 's/ $//')"
expect_eq "zones of the tagged extent" "Movable:$((ext / $(block_size)))" "$(blocks_zones $((rstart + (256 << 20))) $ext)"
expect_eq "MemTotal grew by 256 MiB" $((total0 + 2 * ext)) $(meminfo MemTotal)
expect_eq "untagged extent: no dax_device" null "$(X 0 .dax_device)"
dx=$(X $((256 << 20)) .dax_device)
check "tagged extent names its dax device ($dx)" [ -d $s/dax_region$n/$dx ]
expect_eq "$dx uuid is the tag" $TAG "$(cat $s/dax_region$n/$dx/uuid)"
expect_eq "$dx bound to kmem" kmem "$(basename "$(readlink -f $s/dax_region$n/$dx/driver)")"

cxl disable-region $reg && cxl destroy-region $reg || fail "disable/destroy $reg"
check "$reg gone" [ ! -e $CXL/$reg ]
expect_eq "MemTotal back to baseline" $total0 $(meminfo MemTotal)
check "QEMU no longer holds 0:128M" not_held 0 0:128M
check "QEMU no longer holds 256M:128M" not_held 0 tag=$TAG 256M:128M
