# rig: expect-fail=WARNING:.rig-selftest:.late
# The runner itself: a kernel report printed after the test's script
# returned (here 2 s later, from a job the script left behind) still fails
# this test, not a later one or none.  Passes only if the runner failed the
# test for that report.
. /rig/lib.sh
(sleep 2; echo "<4>WARNING: rig-selftest: late, after the script returned" > /dev/kmsg) \
	</dev/null >/dev/null 2>&1 &
log "script returns now; the report follows in 2 s"
