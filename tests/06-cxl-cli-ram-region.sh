# The same flow driven by cxl-cli: cxl create-region -t ram, cxl list shows
# the region and its dax device, whose blocks kmem added offline; daxctl
# onlines every block into ZONE_MOVABLE (MemTotal grows by the region) and
# offlines them again; cxl destroy-region returns everything to the baseline.
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
size=$((512 << 20))
total0=$(meminfo MemTotal)
rd=$(root_decoder)

echo "\$ cxl create-region -t ram -d $rd -m $vm -s $size"
cxl create-region -t ram -d $rd -m $vm -s $size > /tmp/create.json || fail "cxl create-region"
cat /tmp/create.json
r=$(jq -r .region /tmp/create.json)
check "created a region ($r)" [ -n "$r" -a -d "$CXL/$r" ]
j=$(cxl list -r $r -X) || fail "cxl list -r $r"
echo "$j"
expect_eq "cxl list: region size" $size "$(echo "$j" | jq '.[0].size')"
expect_eq "cxl list: region type" ram "$(echo "$j" | jq -r '.[0].type')"
dax=$(echo "$j" | jq -r '.[0].daxregion.devices[0].chardev')
check "cxl list -X shows the dax device ($dax)" [ "$dax" != null ]
expect_eq "dax device mode" system-ram "$(echo "$j" | jq -r '.[0].daxregion.devices[0].mode')"

set -- $(region_range $r); start=$1
nb=$((size / $(block_size)))
# memhp_default_state=offline: kmem added the blocks, nobody onlined them
check "blocks added offline" blocks_become $start $size "offline:$nb"
show daxctl online-memory --movable $dax || fail "daxctl online-memory"
expect_eq "every block online" "online:$nb" "$(blocks_states $start $size)"
expect_eq "every block in ZONE_MOVABLE" "Movable:$nb" "$(blocks_zones $start $size)"
expect_eq "MemTotal grew by the region" $((total0 + size)) $(meminfo MemTotal)
show daxctl offline-memory $dax || fail "daxctl offline-memory"
expect_eq "every block offline again" "offline:$nb" "$(blocks_states $start $size)"

show cxl disable-region $r && show cxl destroy-region $r || fail "disable/destroy"
check "$r is gone" [ ! -e $CXL/$r ]
expect_eq "MemTotal back to baseline" $total0 $(meminfo MemTotal)
