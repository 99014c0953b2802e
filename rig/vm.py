"""rig/vm.py - launch the rig's QEMU guest and talk to it.

One VM = q35 with cxl=on, a pxb-cxl host bridge with two root ports, a
type-3 device with volatile (static) RAM and a Dynamic Capacity Device, one
CXL fixed memory window.  The host talks to the guest through:

  * a virtio-serial port ("rig.0") where rig/guest/agent runs shell commands
    (VM.run), and where a running command may ask the host for an action
    (host_do in rig/guest/lib.sh -> HostActions);
  * QMP (VM.qmp), used for Dynamic Capacity add/release requests;
  * the serial console, logged to <rundir>/console.log (kernel messages).

The QEMU is the rig's own build (rig/build-qemu: Debian's 10.0.2 plus
rig/qemu/series, which passes DC tags on, implements forced release, can
mark DC regions shareable and can make the DCD lie on purpose: x-dc-fault).
RIG_QEMU=path runs another binary instead, e.g. RIG_QEMU=qemu-system-x86_64
for the unpatched system one.

Environment: RIG_ACCEL=kvm opts into KVM (default TCG: nested KVM hangs on
these machines), RIG_MEM sets guest RAM (default 2G), RIG_DC_SHAREABLE=MASK
marks DC regions of the DCD shareable (bit N: region N; default 0; needs the
rig's QEMU; the guest sees the mask as rig.dc_shareable= on its command line),
RIG_VMEM_SHAREABLE=1 marks the static RAM device's capacity shareable (CDAT
DSMAS flag; rig's QEMU), RIG_DC_FAULT=KIND boots the DCD with x-dc-fault=KIND
(one of DC_FAULTS: what the device gets wrong on purpose, rig's QEMU; the
guest sees it as rig.dc_fault=KIND on its command line; at run time:
host action dc-fault), RIG_APPEND=P1,P2 adds kernel parameters P1 and P2
to the guest's command line (e.g. memory_hotplug.memmap_on_memory=1),
RIG_VMEM_SIZE sets the static RAM device's capacity (default 1G),
RIG_DCD_SIZE the DCD's (default 2G, split evenly over its two DC regions;
16G gives DC regions of 8 GiB, 64 extents of one 128 MiB memory block
each), RIG_FMW_SIZE the CXL fixed memory window (default 8G, or the two
devices' capacity together when that is more); sizes take K/M/G and QEMU
wants multiples of 256 MiB (a DCD: of 256 MiB per DC region).  The host
backing of both devices is shared anonymous memory QEMU never
preallocates: host memory is used only where the guest touches it
(struct pages with memmap on memory, what a test writes), so a device of
many GiB costs the host little; above the defaults it is also mapped
without reserving swap (reserve=off).
RIG_GDB=1 opens QEMU's gdbstub on <rundir>/gdb.sock (for gdb's
"target remote", or rig/sample-pc, a sampler of where the vCPUs are).
RIG_MACHINE=plain boots q35 without any CXL device
and with two NUMA nodes (the cxl_test flavour: its topology is a mock the
modules make up, on nodes 0 and 1; default RIG_MACHINE=cxl, the machine
above).
"""
import ctypes
import json
import os
import re
import select
import signal
import socket
import subprocess
import time


class VMError(Exception):
    pass


class VMTimeout(VMError):
    """The guest did not answer in time (QEMU was still running)."""


TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Serial numbers: tests find devices by serial, never by memN name.
SN_VMEM = 0x1001
SN_DCD = 0x2002
DCD_ID = "cxl-dcd0"
VMEM_SIZE = "1G"         # RIG_VMEM_SIZE
DCD_SIZE = "2G"          # RIG_DCD_SIZE; split over num-dc-regions=2: 1 GiB per DC region
DC_REGIONS = 2
FMW_SIZE = "8G"          # RIG_FMW_SIZE; at least what both devices hold
# hw/mem/cxl_type3.c: static capacity, each DC region and a CFMWS come in
# multiples of CXL_CAPACITY_MULTIPLIER; DC regions use 2 MiB blocks
CXL_CAPACITY_MULTIPLIER = 256 << 20
QEMU_BUILT = os.path.join(TOP, "build/qemu-build/qemu-system-x86_64")
# cxl-type3 x-dc-fault values (rig/qemu/0006-...): none, a fault read at
# probe (extent-count at region bind, config-* at memdev probe) or one that
# spoils the next Add Capacity offer (offer-*)
DC_FAULTS = ("none", "extent-count", "offer-wrap", "offer-outside",
             "offer-overlap", "config-overlap", "config-wrap")


def qemu_binary():
    """The rig's QEMU build, or RIG_QEMU when set."""
    qemu = os.environ.get("RIG_QEMU")
    if qemu:
        return qemu
    if not os.access(QEMU_BUILT, os.X_OK):
        raise VMError("%s missing: run rig/build-qemu (or set RIG_QEMU=path, "
                      "e.g. RIG_QEMU=qemu-system-x86_64 for the system QEMU)"
                      % QEMU_BUILT)
    return QEMU_BUILT


def device_sizes():
    """(vmem, dcd, fmw, extra backend options) in bytes from RIG_VMEM_SIZE,
    RIG_DCD_SIZE and RIG_FMW_SIZE; ValueError for what QEMU would refuse
    (or, for a window too small for the devices, what the guest could not
    map).  The defaults give exactly the rig's historical command line."""
    def get(var, default, unit, what):
        text = os.environ.get(var, default)
        try:
            val = HostActions.size(text)
        except (ValueError, IndexError):
            raise ValueError("%s=%s: want a size (K/M/G suffix)" % (var, text))
        if val <= 0 or val % unit:
            raise ValueError("%s=%s: %s must be a positive multiple of %d MiB"
                             % (var, text, what, unit >> 20))
        return val
    vmem = get("RIG_VMEM_SIZE", VMEM_SIZE, CXL_CAPACITY_MULTIPLIER,
               "static capacity")
    dcd = get("RIG_DCD_SIZE", DCD_SIZE, DC_REGIONS * CXL_CAPACITY_MULTIPLIER,
              "DC capacity (%d regions)" % DC_REGIONS)
    fmw_default = max(HostActions.size(FMW_SIZE), vmem + dcd)
    fmw = get("RIG_FMW_SIZE", str(fmw_default), CXL_CAPACITY_MULTIPLIER,
              "the window")
    if fmw < vmem + dcd:
        raise ValueError("RIG_FMW_SIZE=%s: smaller than the devices' %d MiB"
                         % (os.environ["RIG_FMW_SIZE"], (vmem + dcd) >> 20))
    # above the defaults: no swap reservation for the sparse backing (a
    # shared anonymous mapping is otherwise charged in full at start)
    big = vmem > HostActions.size(VMEM_SIZE) or dcd > HostActions.size(DCD_SIZE)
    return vmem, dcd, fmw, ",reserve=off" if big else ""


def size_arg(b):
    """QEMU size argument: G or M when exact (the defaults stay "1G" ...)"""
    for suffix, shift in (("G", 30), ("M", 20)):
        if b % (1 << shift) == 0:
            return "%d%s" % (b >> shift, suffix)
    return str(b)


def die_with_parent():
    """In a child before exec (QEMU, a run-tests beside): SIGKILL when the
    process that started it dies (PR_SET_PDEATHSIG), so that a killed or
    interrupted runner leaves no VM running on."""
    ctypes.CDLL(None).prctl(1, int(signal.SIGKILL))


def kernel_path(flavour):
    """The bzImage rig/build-kernel makes for FLAVOUR: the cxl_test flavour
    boots the debug kernel (with another guest and machine)."""
    return os.path.join(TOP, "build/kbuild-%s/arch/x86/boot/bzImage"
                        % ("debug" if flavour == "cxl_test" else flavour))


def qemu_args(kernel, initrd, rundir, append="", console="console.log"):
    machine = os.environ.get("RIG_MACHINE", "cxl")
    if machine not in ("cxl", "plain"):
        raise ValueError("RIG_MACHINE=%s: want cxl or plain" % machine)
    accel = os.environ.get("RIG_ACCEL", "tcg")
    mem = os.environ.get("RIG_MEM", "2G")
    shareable = int(os.environ.get("RIG_DC_SHAREABLE", "0"), 0)
    dcd_extra = ",dc-shareable-regions=%d" % shareable if shareable else ""
    vmem_shareable = os.environ.get("RIG_VMEM_SHAREABLE", "0")
    if vmem_shareable not in ("0", "1"):
        raise ValueError("RIG_VMEM_SHAREABLE=%s: want 0 or 1" % vmem_shareable)
    vmem_extra = ",volatile-shareable=on" if vmem_shareable == "1" else ""
    dc_fault = os.environ.get("RIG_DC_FAULT", "none")
    if dc_fault not in DC_FAULTS:
        raise ValueError("RIG_DC_FAULT=%s: want one of %s" % (dc_fault, ", ".join(DC_FAULTS)))
    if dc_fault != "none":
        dcd_extra += ",x-dc-fault=%s" % dc_fault
        append = ("rig.dc_fault=%s %s" % (dc_fault, append)).strip()
    # RIG_APPEND: more kernel command line, "," between parameters (a
    # qemu-env header value has no spaces)
    extra = os.environ.get("RIG_APPEND", "")
    if re.search(r"[\s'\"]", extra):
        raise ValueError("RIG_APPEND=%s: parameters are separated by ','" % extra)
    append = (" ".join(p for p in extra.split(",") if p) + " " + append).strip()
    cmdline = ("console=ttyS0,115200 loglevel=6 panic=-1 oops=panic "
               "memhp_default_state=offline rig.dc_shareable=%d %s"
               % (shareable, append)).strip()
    smp = int(os.environ.get("RIG_SMP", "2"), 0)
    if smp not in (1, 2):
        raise ValueError("RIG_SMP=%d: want 1 or 2" % smp)
    if machine == "plain":
        # cxl_test puts its mock devices on nodes 0 and 1 (i % 2): two
        # nodes, half the RAM and (with two CPUs) one CPU each
        half = "%dM" % (HostActions.size(mem) // 2 >> 20)
        numa = ["-object", "memory-backend-ram,id=dram0,size=%s" % half,
                "-numa", "node,nodeid=0,cpus=0,memdev=dram0",
                "-object", "memory-backend-ram,id=dram1,size=%s" % half,
                "-numa", "node,nodeid=1,%smemdev=dram1" % ("cpus=1," if smp == 2 else "")]
    else:
        numa = ["-object", "memory-backend-ram,id=dram0,size=%s" % mem,
                "-numa", "node,nodeid=0,cpus=0-%d,memdev=dram0" % (smp - 1)]
    base = [
        qemu_binary(),
        "-M", "q35,%saccel=%s" % ("cxl=on," if machine == "cxl" else "", accel),
        # plain: a socket per node, or the scheduler warns that CPUs
        # sharing a cache sit on different nodes
        "-smp", "%d,sockets=%d" % (smp, smp) if machine == "plain" else str(smp), "-m", mem,
        # DRAM is NUMA node 0 (an SRAT exists), so the kernel gives the CXL
        # window a node of its own, as on real hardware.  This also keeps
        # ordinary allocations off CXL memory, which matters under TCG:
        # QEMU 10 crashes (SIGSEGV in helper_fxsave) when a signal frame
        # lands in emulated CXL memory.
    ] + numa + [
        "-nographic", "-no-reboot", "-monitor", "none",
        "-kernel", kernel, "-initrd", initrd, "-append", cmdline,
        "-chardev", "file,id=con0,path=%s/%s" % (rundir, console),
        "-serial", "chardev:con0",
        "-qmp", "unix:%s/qmp.sock,server=on,wait=off" % rundir,
        "-chardev", "socket,id=rig0,path=%s/chan.sock" % rundir,
        "-device", "virtio-serial-pci,id=vser0",
        "-device", "virtserialport,chardev=rig0,name=rig.0",
    ]
    # RIG_GDB=1: QEMU's gdbstub on <rundir>/gdb.sock (rig/sample-pc)
    if os.environ.get("RIG_GDB") == "1":
        base += ["-gdb", "unix:%s/gdb.sock,server=on,wait=off" % rundir]
    if machine == "plain":
        return base
    vmem, dcd, fmw, backing = device_sizes()
    return base + [
        "-object", "memory-backend-ram,id=vmem0,share=on%s,size=%s" % (backing, size_arg(vmem)),
        "-object", "memory-backend-ram,id=dcmem0,share=on%s,size=%s" % (backing, size_arg(dcd)),
        "-device", "pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1",
        "-device", "cxl-rp,port=0,bus=cxl.1,id=rp0,chassis=0,slot=2",
        "-device", "cxl-rp,port=1,bus=cxl.1,id=rp1,chassis=0,slot=3",
        "-device", "cxl-type3,bus=rp0,volatile-memdev=vmem0,id=cxl-vmem0,sn=%d%s"
        % (SN_VMEM, vmem_extra),
        "-device", "cxl-type3,bus=rp1,volatile-dc-memdev=dcmem0,num-dc-regions=%d,id=%s,sn=%d%s"
        % (DC_REGIONS, DCD_ID, SN_DCD, dcd_extra),
        "-M", "cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.size=%s" % size_arg(fmw),
    ]


class QMP:
    # seconds a QMP command may take before the rig gives up on QEMU
    CMD_TIMEOUT = 60

    def __init__(self, path, timeout=30):
        deadline = time.time() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                if time.time() > deadline:
                    raise VMError("QMP socket %s did not come up" % path)
                time.sleep(0.1)
        self.sock.settimeout(self.CMD_TIMEOUT)
        self.f = self.sock.makefile("rw")
        self._read()                                # greeting
        self.cmd("qmp_capabilities")

    def _read(self):
        while True:
            try:
                line = self.f.readline()
            except socket.timeout:
                raise VMError("QMP: no answer from QEMU in %ds" % self.CMD_TIMEOUT)
            if not line:
                raise VMError("QMP connection closed")
            msg = json.loads(line)
            if "event" not in msg:
                return msg

    def cmd(self, execute, **args):
        req = {"execute": execute}
        if args:
            req["arguments"] = args
        self.f.write(json.dumps(req) + "\n")
        self.f.flush()
        reply = self._read()
        if "error" in reply:
            raise VMError("%s: %s" % (execute, reply["error"].get("desc", reply)))
        return reply.get("return")


# RIG_SELF_QEMU_SEGV=boot|test (a qemu-env of the runner's self-tests 96
# and 97): QEMU is killed with SIGSEGV while the guest boots, or when the
# test asks (host_do self-segv).  The runner leaves it out when it boots
# the VM again, so only the first run crashes.
SELF_SEGV = "RIG_SELF_QEMU_SEGV"


class HostActions:
    """What a guest script may ask of the host with `host_do ACTION ARGS`.

    dc-add REGION [tag=UUID] OFFSET:LEN ...      QMP cxl-add-dynamic-capacity
    dc-release REGION [tag=UUID] [forced] OFFSET:LEN ...
                                                 QMP cxl-release-dynamic-capacity
    dc-fault KIND                                qom-set the DCD's x-dc-fault
                                                 (DC_FAULTS); answers its new
                                                 value (offer-* faults spoil
                                                 the next dc-add only)
    qmp JSON                                     any QMP command, raw
    self-segv                                    kill QEMU with SIGSEGV (only
                                                 with RIG_SELF_QEMU_SEGV=test)
    fetch kernel|initrd                          "SIZE", then SIZE raw bytes
                                                 of the booted kernel/initrd
    Sizes accept K/M/G suffixes.  The answer is the QMP return as JSON.
    """

    def __init__(self, vm):
        self.vm = vm
        # how long the last request waited for room in the DC event log
        self.log_full_wait = 0

    @staticmethod
    def size(s):
        mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
        s = s.strip()
        if s[-1:].upper() in mult:
            return int(s[:-1], 0) * mult[s[-1:].upper()]
        return int(s, 0)

    def _dc_args(self, words):
        if not words:
            raise VMError("missing region index")
        region = int(words[0])
        tag, extents, forced = None, [], False
        for w in words[1:]:
            if w.startswith("tag="):
                tag = w[4:]
            elif w == "forced":
                forced = True
            else:
                off, length = w.split(":")
                extents.append({"offset": self.size(off), "len": self.size(length)})
        args = {"path": "/machine/peripheral/%s" % DCD_ID, "host-id": 0,
                "region": region, "extents": extents}
        if tag:
            args["tag"] = tag
        return args, forced

    # How long a DC request waits for the host to clear QEMU's event log
    DC_LOG_FULL_WAIT = 120

    def _dc_cmd(self, execute, args):
        """A DC request that finds the event log holding records it cannot
        add to is refused by the rig's QEMU (rig/qemu 0007) and nothing is
        queued: try again until the guest has cleared the log.  Sending it
        anyway would lose the request whole (docs/dcd-qemu-notes.md)."""
        start = time.monotonic()
        while True:
            try:
                return self.vm.qmp.cmd(execute, **args)
            except VMError as e:
                if ("event log full" not in str(e) or
                        time.monotonic() - start > self.DC_LOG_FULL_WAIT):
                    raise
                self.log_full_wait = time.monotonic() - start
            time.sleep(0.05)

    def do(self, line):
        self.log_full_wait = 0
        words = line.split()
        if not words:
            raise VMError("empty host request")
        act, rest = words[0], words[1:]
        if act == "dc-add":
            args, _ = self._dc_args(rest)
            args["selection-policy"] = "prescriptive"
            return self._dc_cmd("cxl-add-dynamic-capacity", args)
        if act == "dc-release":
            args, forced = self._dc_args(rest)
            args["removal-policy"] = "prescriptive"
            if forced:
                args["forced-removal"] = True
            return self._dc_cmd("cxl-release-dynamic-capacity", args)
        if act == "dc-fault":
            if len(rest) != 1 or rest[0] not in DC_FAULTS:
                raise VMError("dc-fault KIND: KIND is one of %s" % ", ".join(DC_FAULTS))
            path = "/machine/peripheral/%s" % DCD_ID
            self.vm.qmp.cmd("qom-set", path=path, property="x-dc-fault", value=rest[0])
            return self.vm.qmp.cmd("qom-get", path=path, property="x-dc-fault")
        if act == "qmp":
            req = json.loads(line[len("qmp"):].strip())
            return self.vm.qmp.cmd(req["execute"], **req.get("arguments", {}))
        if act == "self-segv":
            # the runner's self-test (tests/97): QEMU dies of SIGSEGV as
            # it would of an emulator fault, on a VM booted for that only
            if self.vm.self_segv != "test":
                raise VMError("self-segv: this VM was not booted with %s=test" % SELF_SEGV)
            os.kill(self.vm.proc.pid, signal.SIGSEGV)
            return "sent"
        raise VMError("unknown host action %r" % act)


class VM:
    def __init__(self, kernel, initrd, rundir, append="", console="console.log"):
        """CONSOLE: the console log's file name in RUNDIR (one per boot
        for the test runner)."""
        self.kernel, self.initrd, self.rundir = kernel, initrd, rundir
        self.append = append
        self.console = console
        # QEMU's exit status if it had exited on its own before stop()
        self.exited_alone = None
        self.proc = None
        self.chan = None
        self.qmp = None
        self.buf = b""
        self.actions = HostActions(self)
        self.release = None
        self.self_segv = None

    # -- life cycle ---------------------------------------------------------
    def start(self, ready_timeout=240):
        os.makedirs(self.rundir, exist_ok=True)
        for f in ("chan.sock", "qmp.sock", self.console):
            try:
                os.unlink(os.path.join(self.rundir, f))
            except FileNotFoundError:
                pass
        srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        srv.bind(os.path.join(self.rundir, "chan.sock"))
        srv.listen(1)
        args = qemu_args(self.kernel, self.initrd, self.rundir, self.append,
                         self.console)
        with open(os.path.join(self.rundir, "qemu.cmdline"), "w") as f:
            f.write(" ".join(args) + "\n")
        self.qemu_log = open(os.path.join(self.rundir, "qemu.log"), "w")
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                     stdout=self.qemu_log, stderr=subprocess.STDOUT,
                                     preexec_fn=die_with_parent)
        srv.settimeout(30)
        try:
            self.chan, _ = srv.accept()
        except socket.timeout:
            self.stop()
            raise VMError("QEMU did not connect the command channel (see %s/qemu.log)"
                          % self.rundir)
        srv.close()
        self.qmp = QMP(os.path.join(self.rundir, "qmp.sock"))
        # read now: the runner sets a test's qemu-env only while it boots
        self.self_segv = os.environ.get(SELF_SEGV)
        if self.self_segv == "boot":
            # the runner's self-test (tests/96): QEMU dies while the guest
            # boots, as it would of an emulator fault
            os.kill(self.proc.pid, signal.SIGSEGV)
        line = self._readline(ready_timeout)
        while not line.startswith("@@READY"):
            line = self._readline(ready_timeout)
        self.release = line.split(None, 1)[1] if " " in line else ""
        return self.release

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        if self.proc and self.exited_alone is None and self.proc.poll() is not None:
            self.exited_alone = self.proc.returncode
        if self.proc and self.proc.poll() is None:
            try:
                self.qmp.cmd("quit")
            except Exception:
                pass
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.chan:
            self.chan.close()
            self.chan = None

    # -- command channel ----------------------------------------------------
    def _readline(self, timeout):
        deadline = time.time() + timeout
        while b"\n" not in self.buf:
            left = deadline - time.time()
            if left <= 0:
                raise VMTimeout("timeout waiting for the guest")
            r, _, _ = select.select([self.chan], [], [], min(left, 1.0))
            if not r:
                if not self.alive():
                    raise VMError("QEMU exited (rc %s)" % self.proc.poll())
                continue
            try:
                data = self.chan.recv(65536)
            except OSError:
                # QEMU killed with data unread on its side resets the
                # connection instead of closing it
                data = b""
            if not data:
                rc = self._exit_status()
                raise VMError("guest closed the command channel (QEMU %s)"
                              % ("still running" if rc is None else "exit %s" % rc))
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode("utf-8", "replace").rstrip("\r")

    def _exit_status(self):
        """After the command channel broke: QEMU's exit status, giving a
        QEMU on its way out 5 s, so that stop() records the status (the
        signal) as its own; None if it is still running."""
        try:
            return self.proc.wait(5)
        except subprocess.TimeoutExpired:
            return None

    def send(self, text):
        try:
            self.chan.sendall(text.encode() + b"\n")
        except OSError as e:
            rc = self._exit_status()
            raise VMError("cannot write to the command channel: %s (QEMU %s)"
                          % (e, "still running" if rc is None else "exit %s" % rc))

    def run(self, cmd, timeout=600, echo=None):
        """Run CMD in the guest; returns (rc, output lines).  Host requests
        (@@HOST ...) are served while it runs; echo(line) sees each line."""
        if "\n" in cmd:
            raise ValueError("one-line commands only")
        self.send(cmd)
        out = []
        phase = 1
        deadline = time.time() + timeout
        while True:
            line = self._readline(max(deadline - time.time(), 0.01))
            if line.startswith("@@RC "):
                return int(line[5:]), out
            if line == "@@KEXEC":
                # The guest kexecs into the same kernel (kexec_reboot in
                # lib.sh): wait for the new agent and run the command again
                # as its next phase.
                while not line.startswith("@@READY"):
                    line = self._readline(max(deadline - time.time(), 0.01))
                phase += 1
                note = "# host: guest kexec'd (%s), phase %d" % (line[8:], phase)
                out.append(note)
                if echo:
                    echo(note)
                self.send("RIG_PHASE=%d %s" % (phase, cmd))
                continue
            if line.startswith("@@HOST "):
                req = line[7:]
                try:
                    if req.split()[:1] == ["fetch"]:
                        # raw bytes follow the answer line (kexec_reboot)
                        f = {"kernel": self.kernel, "initrd": self.initrd}[req.split()[1]]
                        data = open(f, "rb").read()
                        self.send("@@OK %d" % len(data))
                        self.chan.sendall(data)
                        ret = "%d bytes" % len(data)
                    else:
                        ret = self.actions.do(req)
                        self.send("@@OK " + json.dumps(ret))
                    note = "# host: %s -> %s" % (req, json.dumps(ret))
                    if self.actions.log_full_wait:
                        note += " (event log full: retried for %.2fs)" % \
                            self.actions.log_full_wait
                except Exception as e:            # reported to the guest
                    self.send("@@ERR " + str(e).replace("\n", " "))
                    note = "# host: %s -> error: %s" % (req, e)
                out.append(note)
                if echo:
                    echo(note)
                continue
            out.append(line)
            if echo:
                echo(line)

    # -- console ------------------------------------------------------------
    def console_size(self):
        try:
            return os.path.getsize(os.path.join(self.rundir, self.console))
        except FileNotFoundError:
            return 0

    def console_since(self, offset):
        with open(os.path.join(self.rundir, self.console), "rb") as f:
            f.seek(offset)
            return f.read().decode("utf-8", "replace")


# Kernel log lines that fail the test during which they appear.
SPLAT = re.compile(
    r"WARNING:|BUG:|Oops|general protection fault|Kernel panic|"
    r"KASAN|UBSAN|possible circular locking|possible recursive locking|"
    r"inconsistent lock state|suspicious RCU usage|INFO: task .* blocked|"
    r"unreferenced object|kmemleak: .*leak|Call Trace:|"
    r"^\s*# .*: pass:\d+ fail:[1-9]|^\s*not ok \d+ ")


# the console's printk time stamp, "[   12.345678] "
STAMP = re.compile(r"^\[\s*\d+\.\d+\] ?")


def splats(text):
    return [l for l in text.splitlines() if SPLAT.search(STAMP.sub("", l))]
