# The runner itself: a kernel log line that looks like a WARN must be caught
# (header below inverts the check: this test fails if nothing is detected),
# so a real splat during any other test cannot go unnoticed.
# rig: expect-splat=WARNING:.rig-selftest
. /rig/lib.sh
echo "<4>WARNING: rig-selftest: injected through /dev/kmsg" > /dev/kmsg
check "message reached the kernel log" sh -c "klog | grep -q 'WARNING: rig-selftest'"
