# rig: expect-fail=rig_selftest:.pass:0.fail:1
# The runner itself: a KUnit failure line in the kernel log fails the test
# during which it appears.  KUnit suites of this kernel run at boot (checked
# by boot-clean and after every boot); a failing one cannot be made from
# user space, so its two report lines are written to /dev/kmsg at error
# level, as they would reach the console.  Passes only if the runner failed
# the test for them.
. /rig/lib.sh
echo "<3>    # rig_selftest: pass:0 fail:1 skip:0 total:1" > /dev/kmsg
echo "<3>not ok 1 rig_selftest" > /dev/kmsg
check "lines reached the kernel log" sh -c "klog | grep -q 'rig_selftest: pass:0 fail:1'"
