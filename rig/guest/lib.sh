# rig/guest/lib.sh - helpers sourced by every guest test and demo script.
#
# Tests are plain sh scripts run with `set -e`-free control: every check goes
# through one of the assertion helpers below, which print what was expected
# and exit non-zero on the first failure.  The runner turns the exit status
# into the test's TAP line.
CXL=/sys/bus/cxl/devices
MEM=/sys/devices/system/memory
# Serial numbers given to the emulated devices by rig/vm.
SN_VMEM=0x1001		# type-3, volatile-memdev (static RAM)
SN_DCD=0x2002		# type-3, volatile-dc-memdev (Dynamic Capacity)

log() { echo "# $*"; }
fail() { echo "FAIL: $*"; exit 1; }
# check DESCRIPTION COMMAND...: run COMMAND, fail with DESCRIPTION if false.
check() { d=$1; shift; "$@" || fail "$d"; log "ok: $d"; }
# expect_eq DESCRIPTION EXPECTED ACTUAL
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
	log "ok: $1 = '$3'"
}
# expect_fail DESCRIPTION COMMAND...: COMMAND must fail.
expect_fail() { d=$1; shift; if "$@" 2>/dev/null; then fail "$d (unexpectedly succeeded)"; fi; log "ok: $d (refused)"; }
# expect_errno ERRNO DESCRIPTION COMMAND...: COMMAND must fail with ERRNO
# (a name: EBUSY, EINVAL, ENXIO, ENOENT, EPERM, ENODEV, EEXIST, ENOSPC,
# EOPNOTSUPP, EACCES, ...), not just fail.
#   expect_errno EBUSY "desc" wr VALUE FILE   a sysfs write: FILE must exist,
#       the write itself (rig/bin/syswrite, one write of "VALUE\n" as echo
#       does) must return ERRNO; a read-only attribute fails at open (EACCES)
#   expect_errno ENXIO "desc" CMD ARGS...     any other command: non-zero
#       exit, and its output (stdout+stderr) names strerror(ERRNO), as cxl-cli
#       and busybox do ("Device or resource busy")
expect_errno() {
	local e=$1 d=$2 out want
	shift 2
	if [ "$1" = wr ] && [ $# = 3 ]; then
		[ -e "$3" ] || fail "$d: $3 does not exist"
		if out=$(/rig/bin/syswrite "$2" "$3"); then
			fail "$d (unexpectedly succeeded)"
		fi
		case $out in
		"open $e"|"write $e") ;;
		*) fail "$d: expected $e, got '$out' writing '$2' to $3" ;;
		esac
		log "ok: $d (refused: $e)"
		return 0
	fi
	want=$(/rig/bin/syswrite -s "$e") || fail "expect_errno: unknown errno name $e"
	if out=$("$@" 2>&1); then
		fail "$d (unexpectedly succeeded)"
	fi
	case $out in
	*"$want"*) log "ok: $d (refused: $e)" ;;
	*) echo "$out" | tail -n 5 | sed 's/^/#   /'
	   fail "$d: expected $e ('$want'), got the output above" ;;
	esac
}
# QEMU's answer to a release of a DPA range it does not hold (every block
# of the range backed, or this error: hw/mem/cxl_type3.c).
QEMU_NOT_HELD="cannot release extent with non-existing DPA range"
DC_BLOCK=$((2 << 20))	# DC region block size of the rig's DCD
# qemu_refuses PATTERN ACTION ARGS...: host_do ACTION ARGS must fail with
# an error text containing PATTERN (QEMU's own words, not any QMP error).
qemu_refuses() {
	local pat=$1 out
	shift
	if out=$(host_do "$@" 2>&1); then
		echo "host_do $* succeeded: $out" >&2
		return 1
	fi
	case $out in
	*"$pat"*) return 0 ;;
	*) echo "host_do $*: expected '$pat', got: $out" >&2; return 1 ;;
	esac
}
# not_held REGION [tag=UUID] OFFSET:LEN: QEMU holds no part of that range:
# a release of the whole range, of its first and of its last block, is
# answered "non-existing DPA range" (any other error - pending, wrong tag,
# bad region - is not "not held").  Use as: check "QEMU no longer holds
# 0:128M" not_held 0 0:128M.  If QEMU did hold it, the probe released it.
not_held() {
	local reg=$1 tag= r off len last
	shift
	case $1 in tag=*) tag=$1; shift ;; esac
	[ $# = 1 ] || { echo "not_held: one OFFSET:LEN please" >&2; return 1; }
	qemu_refuses "$QEMU_NOT_HELD" dc-release $reg $tag "$1" || return 1
	off=$(size_bytes "${1%%:*}"); len=$(size_bytes "${1#*:}")
	[ "$len" -gt $DC_BLOCK ] || return 0
	last=$((off + len - DC_BLOCK))
	qemu_refuses "$QEMU_NOT_HELD" dc-release $reg $tag $off:$DC_BLOCK &&
		qemu_refuses "$QEMU_NOT_HELD" dc-release $reg $tag $last:$DC_BLOCK
}
# fail_offline on|off: make every offline of sysram's extent memory fail,
# or work again (the debug flavour's fault injection)
FAIL_OFFLINE=/sys/kernel/debug/cxl/sysram/fail_offline
fail_offline() {
	case $1 in
	on) wr 0 $FAIL_OFFLINE/verbose && wr 100 $FAIL_OFFLINE/probability &&
		wr -1 $FAIL_OFFLINE/times ;;
	off) wr 0 $FAIL_OFFLINE/probability ;;
	*) echo "fail_offline on|off" >&2; return 1 ;;
	esac
}
# size_bytes 128M: bytes (K/M/G suffixes, as host_do takes them)
size_bytes() {
	case $1 in
	*[kK]) echo $(( ${1%?} << 10 )) ;;
	*[mM]) echo $(( ${1%?} << 20 )) ;;
	*[gG]) echo $(( ${1%?} << 30 )) ;;
	*) echo $(( $1 )) ;;
	esac
}
# klog (rig/guest/klog, in /rig/bin): the kernel log since this test
# started; use it instead of dmesg in every check, also inside sh -c.
case :$PATH: in *:/rig/bin:*) ;; *) PATH=$PATH:/rig/bin; export PATH ;; esac
# run and show a command, as in a transcript.
show() { echo "\$ $*"; "$@"; }
# wait_for SECONDS COMMAND...: poll until COMMAND succeeds, SECONDS * 10
# times, 0.1 s apart: at least SECONDS seconds, more when COMMAND itself
# is slow (a loaded host stretches the wait rather than failing it).
wait_for() {
	t=$(( $1 * 10 )); shift
	while [ $t -gt 0 ]; do "$@" && return 0; sleep 0.1; t=$((t - 1)); done
	return 1
}

# host_do ACTION [ARGS...]: ask the host side of the rig to do something
# (e.g. a QMP command) and wait for it; prints the host's answer.
# The request and answer travel on fd 9, the agent's channel, so host_do works
# whatever the caller's stdin and stdout are.
host_do() {
	local reply ans
	echo "@@HOST $*" >&9
	IFS= read -r reply <&9
	case $reply in
	"@@OK"*) ans=${reply#@@OK}; echo "${ans# }" ;;
	*) echo "host_do $1: ${reply#@@ERR }" >&2; return 1 ;;
	esac
}

# dc_add_extents START STEP LEN N WAIT...: offer N untagged extents of
# LEN MiB, at START, START + STEP, ... MiB of the DCD's DC region 0, at most
# 8 per QMP call: QEMU's DC event log holds 8 records, and the next offer
# waits until the kernel shows the last one (the host then retries it
# while the kernel has not cleared the records yet: rig/vm.py, rig/qemu
# 0007).  After each call, WAIT... is
# run with the number of extents offered so far appended, until it
# succeeds (DC_ADD_WAIT seconds, default 120).
dc_add_extents() {
	local start=$1 step=$2 len=$3 n=$4 i=0 j offer
	shift 4
	while [ $i -lt $n ]; do
		offer=""
		j=$i
		while [ $j -lt $n ] && [ $j -lt $((i + 8)) ]; do
			offer="$offer $((start + j * step))M:${len}M"
			j=$((j + 1))
		done
		host_do dc-add 0 $offer >/dev/null ||
			{ echo "dc_add_extents: QMP add of extents $i-$((j - 1))" >&2; return 1; }
		i=$j
		wait_for "${DC_ADD_WAIT:-120}" "$@" $i ||
			{ echo "dc_add_extents: $* $i: not within ${DC_ADD_WAIT:-120}s" >&2; return 1; }
	done
}

# fetch kernel|initrd FILE: copy the booted kernel or initrd from the host.
fetch() {
	local n
	n=$(host_do fetch "$1") || return 1
	dd bs="$n" count=1 iflag=fullblock of="$2" <&9 2>/dev/null &&
		[ "$(stat -c %s "$2")" = "$n" ]
}
# kexec_reboot: reboot into the same kernel and initrd (fetched from the host)
# keeping CXL decoders committed, as firmware would leave them.  The runner
# then runs the same script again with RIG_PHASE=2 (3, ...); phase 1 has
# RIG_PHASE unset.  Does not return.
kexec_reboot() {
	fetch kernel /tmp/kexec-kernel && fetch initrd /tmp/kexec-initrd ||
		fail "cannot fetch kernel/initrd from the host"
	/rig/bin/kexec-self /tmp/kexec-kernel /tmp/kexec-initrd load || fail "kexec load"
	echo "@@KEXEC" >&9
	sync
	/rig/bin/kexec-self /tmp/kexec-kernel /tmp/kexec-initrd
	fail "kexec failed"
}
phase() { echo "${RIG_PHASE:-1}"; }

# sysfs write that reports failure instead of aborting: wr VALUE FILE
wr() { echo "$1" > "$2"; }

hex() { printf '0x%x' "$1"; }
meminfo() { awk -v k="$1:" '$1 == k { print $2 * 1024 }' /proc/meminfo; }
block_size() { echo $((0x$(cat $MEM/block_size_bytes))); }

# memdev_by_serial SERIAL: name of the memdev with that serial number.
memdev_by_serial() {
	for m in $CXL/mem*; do
		[ "$(cat "$m/serial" 2>/dev/null)" = "$(hex "$1")" ] && { basename "$m"; return 0; }
	done
	return 1
}
# endpoint_of MEMDEV: the endpoint port whose uport is MEMDEV.
endpoint_of() {
	for e in $CXL/endpoint*; do
		[ "$(basename "$(readlink -f "$e/uport")")" = "$1" ] && { basename "$e"; return 0; }
	done
	return 1
}
# free_decoder PORT: first endpoint decoder of PORT with no DPA allocated.
free_decoder() {
	n=${1#endpoint}
	for d in $CXL/$1/decoder$n.*; do
		[ $(( $(cat "$d/dpa_size") )) = 0 ] && { basename "$d"; return 0; }
	done
	return 1
}
root_decoder() {
	for d in $CXL/root0/decoder0.*; do
		[ "$(cat "$d/cap_ram" 2>/dev/null)" = 1 ] && { basename "$d"; return 0; }
	done
	return 1
}
# region_blocks START SIZE: memory block numbers covering [START, START+SIZE)
region_blocks() {
	bs=$(block_size)
	i=$(( $1 / bs )); last=$(( ($1 + $2 - 1) / bs ))
	while [ $i -le $last ]; do echo $i; i=$((i + 1)); done
}
# blocks_states START SIZE: "state" of each block, sorted and counted
blocks_states() {
	for b in $(region_blocks "$1" "$2"); do
		if [ -d $MEM/memory$b ]; then cat $MEM/memory$b/state; else echo absent; fi
	done | sort | uniq -c | awk '{ printf "%s%s:%s", sep, $2, $1; sep=" " }'
	echo
}
# blocks_become START SIZE STATES: wait (10 s) until blocks_states reads
# STATES.  dax_regionN probes asynchronously, and daxN.0's driver link
# appears when kmem's probe starts, so a test that has just bound must wait
# for the blocks, not for the link.
blocks_become() {
	local i=0
	while [ "$(blocks_states "$1" "$2")" != "$3" ]; do
		[ $i -ge 100 ] && { echo "blocks: '$(blocks_states "$1" "$2")', wanted '$3'" >&2; return 1; }
		sleep 0.1; i=$((i + 1))
	done
}
# blocks_zones START SIZE: valid_zones of each online block, sorted and counted
blocks_zones() {
	for b in $(region_blocks "$1" "$2"); do
		[ "$(cat $MEM/memory$b/state 2>/dev/null)" = online ] && cat $MEM/memory$b/valid_zones
	done | sort | uniq -c | awk '{ printf "%s%s:%s", sep, $2, $1; sep=" " }'
	echo
}
# node_of ADDR: NUMA node of the memory block at physical address ADDR
node_of() {
	local n
	n=$(basename "$(ls -d $MEM/memory$(( $1 / $(block_size) ))/node* | head -1)")
	echo "${n#node}"
}
# node_slab NODE: bytes of slab on NODE
node_slab() { awk '$3 == "Slab:" { print $4 * 1024 }' /sys/devices/system/node/node$1/meminfo; }
# pin_node_slab NODE [COUNT]: pin kernel memory on NODE - COUNT (default
# 5000) empty files in /tmp/pin, created by rig/bin/nodefill bound to NODE,
# whose inodes and dentries are unmovable slab - and check the node's slab
# grew.  Memory blocks holding them cannot be offlined.
pin_node_slab() {
	local before after
	before=$(node_slab $1)
	mkdir -p /tmp/pin
	/rig/bin/nodefill $1 ${2:-5000} /tmp/pin >/dev/null || fail "nodefill on node $1"
	after=$(node_slab $1)
	[ $after -gt $((before + (256 << 10))) ] || fail "slab allocated on node $1: $before -> $after"
	log "ok: slab pinned on node $1: $before -> $after"
}
# iomem_has START END NAME: /proc/iomem has START-END named NAME
iomem_has() {
	grep -qi "^ *$(printf '%x' "$1")-$(printf '%x' "$2") : $3\$" /proc/iomem
}

# region_alloc KIND SIZE: a new one-way region of KIND (ram, or
# dynamic_ram_N for DC partition N: create_dynamic_ram_N_region) and SIZE
# on the RAM root decoder, with no target yet.  Prints its name.
region_alloc() {
	local rd reg
	rd=$(root_decoder) || { echo "no RAM root decoder" >&2; return 1; }
	reg=$(cat $CXL/$rd/create_$1_region)
	wr "$reg" $CXL/$rd/create_$1_region || return 1
	wr "$(cat $CXL/$rd/interleave_granularity)" $CXL/$reg/interleave_granularity || return 1
	wr 1 $CXL/$reg/interleave_ways || return 1
	wr "$2" $CXL/$reg/size || return 1
	echo "$reg"
}
# create_ram_region_sysfs MEMDEV SIZE: the Linux 7.3 sysfs flow, up to commit.
# Prints the region name.
create_ram_region_sysfs() {
	ep=$(endpoint_of "$1") || { echo "no endpoint for $1" >&2; return 1; }
	ed=$(free_decoder "$ep") || { echo "no free decoder on $ep" >&2; return 1; }
	r=$(region_alloc ram "$2") || return 1
	wr ram $CXL/$ed/mode || return 1
	wr "$2" $CXL/$ed/dpa_size || return 1
	wr "$ed" $CXL/$r/target0 || return 1
	wr 1 $CXL/$r/commit || return 1
	echo "$r"
}
# sysram_region_create MEMDEV SIZE: a committed RAM region opted into the
# policy step (ram_consumer=sysram) and bound, so that sysram_regionN waits
# for its policy.  Prints the region name.
sysram_region_create() {
	local reg
	reg=$(create_ram_region_sysfs "$1" "$2") || return 1
	wr sysram $CXL/$reg/ram_consumer || return 1
	wr $reg /sys/bus/cxl/drivers/cxl_region/bind || return 1
	echo $reg
}
# dc_region_create MEMDEV SIZE [PARTITION]: a committed dynamic_ram_N region
# of SIZE over DC partition PARTITION (dynamic_ram_N, default dynamic_ram_1)
# of MEMDEV, not bound.  Prints the region name.
dc_region_create() {
	local ep ed r part=${3:-dynamic_ram_1}
	ep=$(endpoint_of "$1") || { echo "no endpoint for $1" >&2; return 1; }
	ed=$(free_decoder "$ep") || { echo "no free decoder on $ep" >&2; return 1; }
	r=$(region_alloc $part "$2") || return 1
	wr $part $CXL/$ed/mode && wr "$2" $CXL/$ed/dpa_size &&
		wr "$ed" $CXL/$r/target0 && wr 1 $CXL/$r/commit || return 1
	echo "$r"
}
# dc_sysram_bind REGION CONSUMER [ONLINE_TYPE [MEMMAP_ON_MEMORY]]: opt a
# committed dynamic_ram_N region into sysram, bind it, write
# sysram_regionN's policy and bind sysram_regionN.
dc_sysram_bind() {
	local n=${1#region}
	local s=$CXL/$1/sysram_region$n
	wr sysram $CXL/$1/ram_consumer || return 1
	wr "$1" /sys/bus/cxl/drivers/cxl_region/bind || return 1
	wr "$2" $s/consumer || return 1
	if [ -n "$3" ]; then wr "$3" $s/online_type || return 1; fi
	if [ -n "$4" ]; then wr "$4" $s/memmap_on_memory || return 1; fi
	wr sysram_region$n /sys/bus/cxl/drivers/cxl_sysram_region/bind
}
# destroy_region REGION: unbind, decommit, free DPA, delete (the 7.3 flow).
destroy_region() {
	r=$1
	rd=$(basename "$(readlink -f $CXL/$r/..)")
	ed=$(cat $CXL/$r/target0 2>/dev/null)
	[ -e $CXL/$r/driver ] && { wr "$r" /sys/bus/cxl/drivers/cxl_region/unbind || return 1; }
	wr 0 $CXL/$r/commit || return 1
	[ -n "$ed" ] && { wr "" $CXL/$r/target0 || return 1; }
	[ -n "$ed" ] && { wr 0 $CXL/$ed/dpa_size || return 1; }
	wr "$r" $CXL/$rd/delete_region
}
# newest_region: the region with the highest id (the one just created,
# even if an older one is still around)
newest_region() {
	ls -d $CXL/region* 2>/dev/null | sed 's/.*region//' | sort -n | tail -n1 | sed 's/^/region/'
}
# region_range REGION: "START SIZE" (decimal) of the region's HPA range
region_range() {
	echo "$(( $(cat $CXL/$1/resource) )) $(( $(cat $CXL/$1/size) ))"
}
# static_ram_works SIZE: the static RAM device still gives System RAM: a
# ram region of SIZE on it (the 7.3 sysfs flow), bound, onlined through
# kmem (online_movable: MemTotal grows by SIZE), unplugged and destroyed
# (MemTotal back).  Says what went wrong on stderr.
static_ram_works() {
	local vm r st t0 t
	vm=$(memdev_by_serial $SN_VMEM) || { echo "no static RAM memdev" >&2; return 1; }
	t0=$(meminfo MemTotal)
	r=$(create_ram_region_sysfs $vm $1) || { echo "ram region on $vm" >&2; return 1; }
	st=/sys/bus/dax/devices/dax${r#region}.0/state
	if ! wr $r /sys/bus/cxl/drivers/cxl_region/bind || ! wait_for 10 [ -e $st ] ||
		! wr unplugged $st || ! wr online_movable $st; then
		echo "$r: bind and online through kmem failed" >&2
		destroy_region $r
		return 1
	fi
	t=$(meminfo MemTotal)
	wr unplugged $st
	destroy_region $r || { echo "destroy $r" >&2; return 1; }
	[ $t = $((t0 + $1)) ] || { echo "MemTotal with $r online: $t, wanted $((t0 + $1))" >&2; return 1; }
	[ $(meminfo MemTotal) = $t0 ] || { echo "MemTotal after $r: $(meminfo MemTotal), wanted $t0" >&2; return 1; }
	[ ! -e $CXL/$r ] || { echo "$r still there" >&2; return 1; }
}
# dc_fault KIND: set the DCD's x-dc-fault (rig/qemu/0006-...) through the
# host, and check QEMU took it.  offer-* faults spoil the next dc-add only.
dc_fault() {
	local got
	got=$(host_do dc-fault "$1") || return 1
	[ "$got" = "\"$1\"" ] || { echo "x-dc-fault is $got, not $1" >&2; return 1; }
}
# dc_fault_is KIND: QEMU's x-dc-fault reads KIND
dc_fault_is() {
	[ "$(host_do qmp '{"execute": "qom-get", "arguments": {"path": "/machine/peripheral/cxl-dcd0", "property": "x-dc-fault"}}')" = "\"$1\"" ]
}
