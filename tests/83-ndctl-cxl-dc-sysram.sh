# ndctl test/cxl-dc-sysram.sh (in the ndctl series), on the cxl_test mock topology
# (README: "ndctl's CXL suite on cxl_test"); exit 77 is a skip.
# rig: flavour=cxl_test ndctl=cxl-dc-sysram.sh timeout=2100
exec /rig/bin/ndctl-test cxl-dc-sysram.sh
