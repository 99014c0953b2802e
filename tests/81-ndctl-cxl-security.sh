# ndctl v81's test/cxl-security.sh, unmodified, on the cxl_test mock topology
# (README: "ndctl's CXL suite on cxl_test"); exit 77 is a skip.
# rig: flavour=cxl_test ndctl=cxl-security.sh timeout=2100
exec /rig/bin/ndctl-test cxl-security.sh
