# rig: expect-fail=unreferenced.object.0xffff888000badbad
# The runner itself: a kmemleak report fails the test.  This kernel has no
# module support, so neither the kernel's kmemleak test module
# (samples/kmemleak) nor any other deliberate leak is reachable from user
# space; the report kmemleak prints is written to /dev/kmsg instead, which
# checks the runner's scan, not kmemleak's timing (see README, Tests).
# Passes only if the runner failed the test for it.
. /rig/lib.sh
echo "<3>kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)" > /dev/kmsg
echo "<3>unreferenced object 0xffff888000badbad (size 64):" > /dev/kmsg
[ -w /sys/kernel/debug/kmemleak ] || fail "kmemleak is off"
log "report lines written"
