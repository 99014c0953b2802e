# The same flow driven by cxl-cli: cxl create-region -t ram, cxl list shows
# the region and its dax device, daxctl onlines it as movable memory, cxl
# destroy-region returns everything to the baseline.
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
size=$((512 << 20))
total0=$(meminfo MemTotal)
rd=$(root_decoder)

echo "\$ cxl create-region -t ram -d $rd -m $vm -s $size"
cxl create-region -t ram -d $rd -m $vm -s $size > /tmp/create.json || fail "cxl create-region"
cat /tmp/create.json
r=$(jq -r .region /tmp/create.json)
check "created a region ($r)" [ -n "$r" ] && [ -d $CXL/$r ]
j=$(cxl list -r $r -X) || fail "cxl list -r $r"
echo "$j"
expect_eq "cxl list: region size" $size "$(echo "$j" | jq '.[0].size')"
expect_eq "cxl list: region type" ram "$(echo "$j" | jq -r '.[0].type')"
dax=$(echo "$j" | jq -r '.[0].daxregion.devices[0].chardev')
check "cxl list -X shows the dax device ($dax)" [ "$dax" != null ]
expect_eq "dax device mode" system-ram "$(echo "$j" | jq -r '.[0].daxregion.devices[0].mode')"

show daxctl offline-memory $dax >/dev/null 2>&1 || true
show daxctl online-memory $dax || true
set -- $(region_range $r); start=$1
log "blocks: $(blocks_states $start $size) zones: $(blocks_zones $start $size)"

show cxl disable-region $r && show cxl destroy-region $r || fail "disable/destroy"
check "$r is gone" [ ! -e $CXL/$r ]
expect_eq "MemTotal back to baseline" $total0 $(meminfo MemTotal)
