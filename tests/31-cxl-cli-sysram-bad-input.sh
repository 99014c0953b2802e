# rig: timeout=300
# Bad input to cxl create-region's new flags (--driver, --consumer,
# --online-type, -t dynamic_ram_N; --driver=dax for a dynamic_ram_N
# region; the old -t dcN, which is no alias) is refused with a
# message naming what is valid, and nothing is created: no new region
# directory, the root decoder's next region id (create_*_region)
# unchanged, no DPA allocated on the memdevs' endpoint decoders, no memory
# block, MemTotal unchanged.  Good commands right after still work (a
# dynamic_ram_1 region with --consumer=device_dax among them).
. /rig/lib.sh
vm=$(memdev_by_serial $SN_VMEM) || fail "no static RAM memdev"
dcd=$(memdev_by_serial $SN_DCD) || fail "no DCD memdev"
rd=$(root_decoder) || fail "no RAM root decoder"
size=$((256 << 20))
total0=$(meminfo MemTotal)
blocks0=$(ls $MEM | grep -c '^memory[0-9]')

# snapshot: everything create-region could have touched
snapshot() {
	ls -d $CXL/region* 2>/dev/null | wc -l
	cat $CXL/$rd/create_ram_region $CXL/$rd/create_dynamic_ram_1_region \
		$CXL/$rd/create_dynamic_ram_2_region
	for m in $vm $dcd; do
		for d in $CXL/$(endpoint_of $m)/decoder[0-9]*; do cat $d/dpa_size $d/mode; done
	done
	ls $MEM | grep -c '^memory[0-9]'
	meminfo MemTotal
}
snap0=$(snapshot)

# refused MESSAGE-PATTERN ARGS...: create-region fails, says PATTERN on
# stderr, and changes nothing
refused() {
	pat=$1; shift
	if cxl create-region -d $rd "$@" > /tmp/out.json 2> /tmp/err.txt; then
		cat /tmp/out.json
		fail "cxl create-region $* succeeded"
	fi
	grep -q -- "$pat" /tmp/err.txt || { cat /tmp/err.txt; fail "cxl create-region $*: no '$pat' in the error"; }
	[ "$(snapshot)" = "$snap0" ] || fail "cxl create-region $* changed something"
	log "ok: refused: $* ($(grep -v 'created 0' /tmp/err.txt | head -n1))"
}

refused "expected one of: dax, sysram" -t ram -m $vm -s $size --driver=bogus
refused "expected one of: dax, sysram" -t ram -m $vm -s $size --driver=
refused "expected one of: dax, sysram" -t ram -m $vm -s $size --driver=SYSRAM
refused "expected one of: kmem, device_dax" -t ram -m $vm -s $size --driver=sysram --consumer=bogus
refused "expected one of: offline, online, online_kernel, online_movable" \
	-t ram -m $vm -s $size --driver=sysram --online-type=movable
refused "expected one of: offline, online, online_kernel, online_movable" \
	-t ram -m $vm -s $size --driver=sysram --online-type=
refused "--online-type requires --driver=sysram" -t ram -m $vm -s $size --online-type=online_movable
refused "--online-type requires --driver=sysram" -t ram -m $vm -s $size --driver=dax --online-type=offline
refused "--consumer requires --driver=sysram" -t ram -m $vm -s $size --consumer=kmem
refused "--consumer requires --driver=sysram" -t ram -m $vm -s $size --driver=dax --consumer=device_dax
refused "does not apply to --consumer=device_dax" \
	-t ram -m $vm -s $size --driver=sysram --consumer=device_dax --online-type=online
refused "dynamic_ram_1 regions take --driver=sysram only" -t dynamic_ram_1 -m $dcd -s $size --driver=dax
refused "dynamic_ram_2 regions take --driver=sysram only" -t dynamic_ram_2 -m $dcd -s $size --driver=dax
refused "does not apply to --consumer=device_dax" \
	-t dynamic_ram_1 -m $dcd -s $size --driver=sysram --consumer=device_dax --online-type=online_movable
refused "--consumer requires --driver=sysram" -t dynamic_ram_1 -m $dcd -s $size --consumer=device_dax
refused "name the DC partition to map" -t dynamic_ram -m $dcd -s $size
refused "expected pmem, ram or dynamic_ram_1 .. dynamic_ram_8" -t dynamic_ram_9 -m $dcd -s $size
refused "expected pmem, ram or dynamic_ram_1 .. dynamic_ram_8" -t dynamic_ram_0 -m $dcd -s $size
refused "expected pmem, ram or dynamic_ram_1 .. dynamic_ram_8" -t mixed -m $dcd -s $size
refused "unsupported type: dc0" -t dc0 -m $dcd -s $size
refused "unsupported type: dc1" -t dc1 -m $dcd -s $size --driver=sysram
refused "$dcd has no Dynamic Capacity partition dynamic_ram_3" -t dynamic_ram_3 -m $dcd -s $size
refused "$vm has no Dynamic Capacity partition dynamic_ram_1" -t dynamic_ram_1 -m $vm -s $size
refused "dynamic_ram_1 regions are not interleaved" -t dynamic_ram_1 -m $dcd $vm -s $size
refused "dynamic_ram_1 regions are not interleaved" -t dynamic_ram_1 -s $size
refused "can't set UUID" -t dynamic_ram_1 -m $dcd -s $size -U 6a2b6d2e-1f3c-4e8a-9d0b-5a1e2f3c4d5e

expect_eq "memory blocks unchanged" $blocks0 $(ls $MEM | grep -c '^memory[0-9]')
expect_eq "MemTotal unchanged" $total0 $(meminfo MemTotal)

# the same flags, right, still work after all that
cxl create-region -t ram -d $rd -m $vm -s $size --driver=sysram --online-type=offline > /tmp/out.json ||
	fail "a valid --driver=sysram after the refusals"
r=$(jq -r .region /tmp/out.json)
expect_eq "valid create: online_type" offline "$(cat $CXL/sysram_region${r#region}/online_type)"
cxl disable-region $r && cxl destroy-region $r || fail "destroy $r"
check "$r is gone" [ ! -e $CXL/$r ]
# a dynamic_ram_N region takes device_dax now: the one combination no
# longer refused
cxl create-region -t dynamic_ram_1 -d $rd -m $dcd -s $size --driver=sysram --consumer=device_dax > /tmp/out.json ||
	fail "-t dynamic_ram_1 --driver=sysram --consumer=device_dax after the refusals"
r=$(jq -r .region /tmp/out.json)
expect_eq "dynamic_ram_1 device_dax: consumer" device_dax "$(cat $CXL/sysram_region${r#region}/consumer)"
cxl disable-region $r && cxl destroy-region $r || fail "destroy $r"
check "$r is gone" [ ! -e $CXL/$r ]
expect_eq "memory blocks at the end" $blocks0 $(ls $MEM | grep -c '^memory[0-9]')
expect_eq "MemTotal at the end" $total0 $(meminfo MemTotal)
