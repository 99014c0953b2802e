# The CXL sysram rig.  See README.md.
#   make build   kernel (debug flavour), cxl-cli, guest image
#   make test    build, then boot the debug kernel and run every test
#   make demo    build the base flavour and walk the demo
#   make check   checkpatch --strict on every patch of linux/series
# Single test:  make test T=kmem-state   (T = name substring(s))
T ?=
FLAVOUR ?= debug

.PHONY: all build kernel ndctl guest test demo check tree-linux tree-ndctl \
	export-linux export-ndctl

all: build

build: kernel ndctl guest

kernel:
	rig/build-kernel $(FLAVOUR)

ndctl:
	rig/build-ndctl

guest: ndctl
	rig/build-guest

test:
	rig/build-kernel debug
	rig/build-ndctl
	rig/build-guest
	rig/run-tests --flavour debug $(T)

demo:
	rig/build-kernel base
	rig/build-ndctl
	rig/build-guest
	rig/demo --flavour base

check:
	rig/checkpatch

tree-linux:
	rig/series tree linux
tree-ndctl:
	rig/series tree ndctl
export-linux:
	rig/series export linux
export-ndctl:
	rig/series export ndctl
