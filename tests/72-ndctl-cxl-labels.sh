# ndctl v81's test/cxl-labels.sh, unmodified, on the cxl_test mock topology
# (README: "ndctl's CXL suite on cxl_test"); exit 77 is a skip.
# rig: flavour=cxl_test ndctl=cxl-labels.sh timeout=2100
exec /rig/bin/ndctl-test cxl-labels.sh
