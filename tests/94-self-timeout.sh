# rig: timeout=5 expect-fail=^timeout:
# The runner itself: a test that does not finish within its timeout fails
# as a timeout (and the VM is thrown away, not retried as an emulator
# crash).  Passes only if the runner failed the test for the timeout.
. /rig/lib.sh
log "sleeping past the 5 s timeout"
sleep 120
