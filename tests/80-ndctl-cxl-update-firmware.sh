# ndctl v81's test/cxl-update-firmware.sh, unmodified, on the cxl_test mock topology
# (README: "ndctl's CXL suite on cxl_test"); exit 77 is a skip.
# rig: flavour=cxl_test ndctl=cxl-update-firmware.sh timeout=2100
exec /rig/bin/ndctl-test cxl-update-firmware.sh
