# rig: expect-fail=^exit.status.3$
# The runner itself: a test whose script exits non-zero fails.  The header
# inverts the verdict: this line passes only if the runner failed the test
# for its exit status.
. /rig/lib.sh
log "exiting 3 on purpose"
exit 3
