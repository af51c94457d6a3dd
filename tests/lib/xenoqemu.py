"""Boot a hypervisor image under QEMU with a hard timeout and keep the serial log.

Used by the boot tests, the reference checks and the benchmarks. Every run writes
its whole serial output to a log file; `until` stops the run early once a regex
has appeared (for runs that end by halting rather than by powering off).
"""
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("BUILD", os.path.join(ROOT, "build"))
LOG_DIR = os.path.join(BUILD, "test-logs")
XENO = os.path.join(ROOT, "install", "boot", "xeno")


@dataclass
class Result:
    log: str
    exit_code: int | None  # None when we stopped QEMU ourselves
    timed_out: bool
    matched: bool
    seconds: float
    log_path: str
    cmd: list = field(default_factory=list)

    def tail(self, n=40):
        return "\n".join(self.log.splitlines()[-n:])

    def qemu_log_tail(self, n=40):
        """The end of QEMU's -d log (run with debug=), with QEMU's exit code."""
        try:
            with open(self.log_path[:-4] + ".qemu.log", errors="replace") as f:
                lines = f.read().splitlines()[-n:]
        except OSError:
            lines = ["(no QEMU log)"]
        return f"QEMU exit code {self.exit_code}:\n" + "\n".join(lines)


def qemu_cmd(kernel=XENO, append="console=com1", smp=2, mem="1G", modules=None,
             icount=False, cpu="max", cdrom=None, extra=(), debug=None):
    cmd = ["qemu-system-x86_64", "-machine", "q35", "-cpu", cpu, "-smp", str(smp),
           "-m", str(mem), "-display", "none", "-serial", "stdio", "-monitor", "none",
           "-no-reboot", "-nodefaults"]
    if cdrom:
        cmd += ["-cdrom", cdrom, "-boot", "d"]
    else:
        cmd += ["-kernel", kernel, "-append", append]
        if modules:
            cmd += ["-initrd", ",".join(modules)]
    if icount:
        cmd += ["-icount", "shift=0,sleep=off"]
    # debug= or XENO_QEMU_DEBUG=cpu_reset,guest_errors (QEMU's -d items):
    # QEMU's own log beside the serial log, as <name>.qemu.log (see run()).
    # XENO_QEMU_DFILTER=LO..HI with it: only that range logged (an exec log of
    # the hypervisor's text: bench/phase_profile.py).
    debug = debug or os.environ.get("XENO_QEMU_DEBUG")
    if debug:
        cmd += ["-d", debug, "-D", "%QEMU_LOG%"]
        if os.environ.get("XENO_QEMU_DFILTER"):
            cmd += ["-dfilter", os.environ["XENO_QEMU_DFILTER"]]
    return cmd + list(extra)


def run(name, timeout=60, until=None, **kw):
    """Run QEMU; return a Result. `until`: stop once this regex matches the log.

    A QEMU that dies of SIGSEGV or SIGABRT is run once more: Debian's QEMU
    7.2 with multi-threaded TCG can crash while a guest remaps a PCI BAR (a
    stale softmmu TLB entry on the other vCPU thread, docs/testing.md), or
    trip its own assertion as a store lands in the wrong region (a CI
    rehearsal: msix_table_mmio_write's bound, virtio-blk probe; twice in a
    row in another, so up to two more runs). The last crashed run's log is
    kept as <name>.qemu-crash.log and each retry is reported on stderr. Any
    other exit is the result."""
    r = _run_once(name, timeout, until, **kw)
    for _ in range(2):
        if r.exit_code not in (-signal.SIGSEGV, -signal.SIGABRT):
            break
        shutil.copyfile(r.log_path, r.log_path[:-4] + ".qemu-crash.log")
        print(f"xenoqemu: QEMU crashed (signal {-r.exit_code}) in {name}: run again", file=sys.stderr)
        r = _run_once(name, timeout, until, **kw)
    return r


def _run_once(name, timeout, until, **kw):
    os.makedirs(LOG_DIR, exist_ok=True)
    log_path = os.path.join(LOG_DIR, re.sub(r"[^A-Za-z0-9_.-]", "_", name) + ".log")
    cmd = [a.replace("%QEMU_LOG%", log_path[:-4] + ".qemu.log") for a in qemu_cmd(**kw)]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    out, timed_out, matched = _collect(proc, timeout, until)
    text = out.decode("utf-8", "replace").replace("\r\n", "\n")
    with open(log_path, "w") as f:
        f.write(" ".join(cmd) + "\n" + text)
    return Result(text, None if (timed_out or matched) else proc.returncode, timed_out,
                  matched, time.monotonic() - start, log_path, cmd)


def _collect(proc, timeout, until):
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    buf, deadline = b"", time.monotonic() + timeout
    pattern = re.compile(until.encode()) if until else None
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            _stop(proc)
            return buf, True, False
        if sel.select(timeout=min(left, 0.5)):
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                proc.wait()
                return buf, False, False
            buf += chunk
            if pattern and pattern.search(buf):
                _stop(proc)
                return buf, False, True
        elif proc.poll() is not None:
            return buf + proc.stdout.read(), False, False


def _stop(proc):
    proc.kill()
    proc.wait()
