# rig: expect-fail=Kernel.panic.-.not.syncing:.sysrq.triggered.crash
# The runner itself: a guest panic (sysrq c) fails the test, with the
# panic from the console in the reasons.  Passes only if the runner failed
# the test for the panic.  Last: the VM does not survive it.
. /rig/lib.sh
log "crashing the kernel"
sync
echo c > /proc/sysrq-trigger
sleep 30
fail "still alive after sysrq c"
