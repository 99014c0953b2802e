# rig: expect-fail=unreferenced.object.(\(percpu\).)?0x[0-9a-f]+.\(size.[0-9]+\)
# The runner itself: a leak the kernel really makes fails the test that
# made it.  The kernel's own kmemleak test module (samples/kmemleak, the
# debug flavour's only module, see linux/config/debug.config) allocates
# objects (kmalloc, vmalloc, percpu) on load and keeps no pointer to them,
# and drops a list without freeing it on unload; the runner's scans after
# this test must report them against it (which of them a scan finds
# unreferenced first varies: a stale copy of a pointer can hide an object
# for a while).  Passes only if the runner failed the test for a leak.
. /rig/lib.sh
[ -w /sys/kernel/debug/kmemleak ] || fail "kmemleak is off"
ko=/rig/modules/kmemleak-test.ko
check "the kmemleak test module is in the guest" [ -f $ko ]
check "insmod kmemleak-test" insmod $ko
check "kmemleak-test loaded" grep -q '^kmemleak_test ' /proc/modules
check "rmmod kmemleak-test" rmmod kmemleak_test
