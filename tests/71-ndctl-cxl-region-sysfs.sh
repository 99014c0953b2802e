# ndctl v81's test/cxl-region-sysfs.sh, unmodified, on the cxl_test mock topology
# (README: "ndctl's CXL suite on cxl_test"); exit 77 is a skip.
# rig: flavour=cxl_test ndctl=cxl-region-sysfs.sh timeout=2100
exec /rig/bin/ndctl-test cxl-region-sysfs.sh
