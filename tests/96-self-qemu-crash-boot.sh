# rig: qemu-env=RIG_SELF_QEMU_SEGV=boot expect-retry
# The runner itself: QEMU killed by SIGSEGV while the guest boots (an
# emulator fault, as QEMU under TCG has shown) is not a verdict on the
# kernel: the runner boots a fresh VM, once, and runs the test there.
# rig/vm.py kills the first QEMU; the runner boots the second without
# RIG_SELF_QEMU_SEGV.  Passes only if the test passed on that retry.
. /rig/lib.sh
log "running on the VM booted after the crash"
[ -d /sys/bus/cxl ] || fail "no CXL bus on the retried VM"
