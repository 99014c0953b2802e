# The CXL sysram rig.  See README.md.
#   make build   QEMU, kernel (debug flavour), cxl-cli, guest image
#   make test    build, then boot the debug kernel and run every test
#   make demo    build the base flavour and walk the demo
#   make qemu    the rig's QEMU (Debian 10.0.2 + rig/qemu/series)
#   make check   checkpatch --strict on every patch of linux/series,
#                kernel-doc on every file it changes, then build every
#                patch on its own (and MEMORY_HOTPLUG=n)
#   make bench   build the base flavour, benchmark against the unpatched path
# Single test:  make test T=kmem-state   (T = name substring(s))
T ?=
REPS ?=
FLAVOUR ?= debug

.PHONY: all build qemu kernel ndctl guest test demo bench check tree-linux tree-ndctl \
	export-linux export-ndctl

all: build

build: qemu kernel ndctl guest

qemu:
	rig/build-qemu

kernel:
	rig/build-kernel $(FLAVOUR)

ndctl:
	rig/build-ndctl

guest: ndctl
	rig/build-guest

# Each step is timed (rig/phase); run-tests prints the times at the end.
# RIG_PHASES names the file (.ci/run sets it, with setup's time in it).
test: export RIG_PHASES ?= $(CURDIR)/build/phases.txt
test:
	@mkdir -p build; [ -n "$(RIG_PHASES_KEEP)" ] || : > "$$RIG_PHASES"
	rig/phase build-qemu rig/build-qemu
	rig/phase build-kernel-debug rig/build-kernel debug
	rig/phase build-ndctl rig/build-ndctl
	rig/phase build-guest rig/build-guest
	rig/run-tests --flavour debug $(T)

demo:
	rig/build-qemu
	rig/build-kernel base
	rig/build-ndctl
	rig/build-guest
	rig/demo --flavour base

# Ratios against the unpatched path in one boot (see README, Benchmarks);
# REPS=N repetitions per measurement (default: rig/bench's).  Not part of test.
bench:
	rig/build-qemu
	rig/build-kernel base
	rig/build-ndctl
	rig/build-guest
	rig/bench --flavour base $(if $(REPS),--reps $(REPS))

check:
	rig/checkpatch
	rig/kernel-doc
	rig/build-series

tree-linux:
	rig/series tree linux
tree-ndctl:
	rig/series tree ndctl
export-linux:
	rig/series export linux
export-ndctl:
	rig/series export ndctl
