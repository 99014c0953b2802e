# The CXL sysram rig.  See README.md.
#   make build   QEMU, kernel (debug flavour), cxl-cli, guest image
#   make test    build, then the QEMU suite on the debug kernel and, in a
#                second VM beside it, the cxl_test suite (ndctl's CXL
#                tests and our two; CXL_CI=name,... picks some);
#                one TAP stream, one closing line (what .ci/run runs)
#   make test-cxl  the whole cxl_test suite: ndctl's own CXL tests and
#                ours (tests/7x, 8x), alone
#   make test-all  both suites whole, side by side, one closing line
#   make ndctl-base  the unpatched 7.3 base (build/linux-base) as cxl_test
#                and ndctl v81 (build/ndctl-base): ndctl's CXL tests there,
#                results into tests/ndctl-base-results.txt (make test
#                fails a test that passed on base)
#   make demo    build the base flavour and walk the demo
#   make qemu    the rig's QEMU (Debian 10.0.2 + rig/qemu/series)
#   make check   checkpatch --strict on every patch of linux/series,
#                the split into postings (linux/postings, if any),
#                kernel-doc on every file it changes, then build every
#                patch on its own (and MEMORY_HOTPLUG=n)
#   make bench   build the base flavour, benchmark against the unpatched path
# Single test:  make test T=kmem-state   (T = name substring(s))
T ?=
REPS ?=
FLAVOUR ?= debug
# make test runs the whole cxl_test suite beside the QEMU suite (the
# cxl_test VM has one vCPU: rig/run-tests); CXL_CI=name,... runs only
# those of its tests.  Warm, on 2 cores, 2026-12-01: 3830 s for both.
CXL_CI ?=

.PHONY: all build qemu kernel ndctl guest test demo bench check tree-linux tree-ndctl \
	export-linux export-ndctl cxl-test ndctl-base test-cxl test-all

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
# One kernel serves both suites (rig/build-kernel: the debug flavour builds
# the CXL drivers as modules, and tools/testing/cxl's), so the cxl_test
# suite costs no second kernel build, and its VM runs beside the QEMU
# suite's: each keeps about one of the two cores busy.  T=... selects
# tests by name.
BUILD_ALL = \
	rig/phase build-qemu rig/build-qemu && \
	rig/phase build-kernel-debug rig/build-kernel debug && \
	rig/phase build-ndctl rig/build-ndctl && \
	rig/phase build-ndctl-test rig/build-ndctl --test && \
	rig/phase build-guest rig/build-guest && \
	rig/phase build-guest-cxl_test rig/build-guest --flavour cxl_test

test: export RIG_PHASES ?= $(CURDIR)/build/phases.txt
test:
	@mkdir -p build; [ -n "$(RIG_PHASES_KEEP)" ] || : > "$$RIG_PHASES"
	$(BUILD_ALL)
	rig/run-tests --flavour debug --side-by-side cxl_test $(if $(CXL_CI),--side-tests '$(CXL_CI)') $(T)

test-cxl: export RIG_PHASES ?= $(CURDIR)/build/phases.txt
test-cxl:
	@mkdir -p build; [ -n "$(RIG_PHASES_KEEP)" ] || : > "$$RIG_PHASES"
	$(BUILD_ALL)
	rig/run-tests --flavour debug --only-flavour cxl_test $(T)

# make test with every cxl_test test, whatever CXL_CI says
test-all: override CXL_CI :=
test-all: test

# The cxl_test flavour alone (kernel + modules, ndctl's test build, guest).
cxl-test:
	rig/build-kernel debug
	rig/build-ndctl --test
	rig/build-guest --flavour cxl_test

# The unpatched base: worktrees of build/linux and build/ndctl at their
# base tags (build/linux-base, build/ndctl-base; build/linux itself is not
# touched), the cxl_test flavour of that kernel and ndctl v81's test build,
# ndctl's CXL tests run there; their results are kept in the repository.
ndctl-base:
	rig/ndctl-base

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
	rig/check-postings
	rig/kernel-doc
	rig/build-series
	rig/build-ndctl-series

tree-linux:
	rig/series tree linux
tree-ndctl:
	rig/series tree ndctl
export-linux:
	rig/series export linux
export-ndctl:
	rig/series export ndctl
