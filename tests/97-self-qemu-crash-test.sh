# rig: qemu-env=RIG_SELF_QEMU_SEGV=test expect-retry
# The runner itself: QEMU killed by SIGSEGV during a test is run again,
# once, on a fresh VM.  The first run asks the host to kill QEMU (host_do
# self-segv, refused on a VM booted without RIG_SELF_QEMU_SEGV=test); the
# re-run is refused that and passes.  Passes only if the runner re-ran it.
. /rig/lib.sh
if host_do self-segv > /dev/null 2>&1; then
	sleep 30
	fail "QEMU still alive after self-segv"
fi
log "running on the VM booted after the crash"
