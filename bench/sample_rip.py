#!/usr/bin/python3
"""Where a whole Linux boot spends its time, by sampling the vCPU's RIP.

The hypervisor trace (docs/user-manual.md, tbuf_*) times the hypervisor's
own slices; this samples everything, the guest kernel included: QEMU's
human monitor on a Unix socket is asked `info registers` every few
milliseconds of host time while figure 7's workload boots (Debian's vmlinux
to bench/linux-init, icount as in `make bench`), and each RIP is named from
the kernel's own symbols or xeno's. Debian's System.map is a stub, so the
first run boots the dom0 image once to read /proc/kallsyms into
.cache/debian/kallsyms (no KASLR for a PV kernel; `nokaslr` natively).

  bench/sample_rip.py --platform xeno|native [--interval MS] [--top N]

Host time is not virtual time: a block that QEMU runs slowly (the first
run of new code, softmmu slow paths) gets more samples than its
instruction count, so read the shares as a guide, and compare platforms
sampled the same way.
"""
import argparse
import base64
import bisect
import collections
import gzip
import os
import re
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "lib"))
import xenoqemu  # noqa: E402
from run import CACHE, CPU, DOM0_MEM, LINUX_ARGS, MEM_MB, RTC  # noqa: E402 (figure 7's machine)

ROOT = xenoqemu.ROOT
ARGS = f"{LINUX_ARGS} norandmaps nokaslr"
DONE = r"bench-init: done|Kernel panic"
RIP = re.compile(rb"[RE]IP=([0-9a-f]+)")


def kallsyms():
    """The kernel's text symbols, read once from a dom0 boot's /proc/kallsyms."""
    path = os.path.join(CACHE, "kallsyms")
    if os.path.exists(path):
        return path
    image = subprocess.run([os.path.join(ROOT, "scripts", "mkdom0.sh"), "-q"], check=True,
                           capture_output=True, text=True).stdout.strip()
    script = ("echo KALLSYMS-BEGIN\n"
              "awk '$2 ~ /^[tTwW]$/ {print $1, $2, $3}' /proc/kallsyms | gzip -9 | base64 -w 120\n"
              "echo KALLSYMS-END\n")
    test64 = base64.b64encode(script.encode()).decode()
    args = f"console=hvc0 acpi=off pci=off nolapic xeno.test64={test64}".replace(",", ",,")
    r = xenoqemu.run("sample-rip-kallsyms", timeout=600, kernel=xenoqemu.XENO,
                     cpu=CPU, smp=1, mem=f"{MEM_MB}M", append=f"console=com1 dom0_mem={DOM0_MEM}",
                     modules=[f"{os.path.join(CACHE, 'vmlinux')} {args}", image],
                     until="KALLSYMS-END\r?\n")
    body = r.log[r.log.rfind("KALLSYMS-BEGIN"):r.log.rfind("KALLSYMS-END")].splitlines()[1:]
    data = "".join(line.strip() for line in body if re.fullmatch(r"[A-Za-z0-9+/=]+", line.strip()))
    try:
        text = gzip.decompress(base64.b64decode(data)).decode()
    except (ValueError, OSError, EOFError) as e:
        sys.exit(f"sample_rip: no kallsyms from {r.log_path}: {e}")
    with open(path, "w") as f:
        f.write(text)
    return path


def symbol_table(paths):
    table = []
    for path in paths:
        if path.endswith("xeno-syms"):
            out = subprocess.run(["nm", "-n", path], capture_output=True, text=True).stdout
        else:
            with open(path) as f:
                out = f.read()
        for line in out.splitlines():
            parts = line.split()
            if len(parts) >= 3 and parts[1] in "tTwW":
                table.append((int(parts[0], 16), parts[2]))
    table.sort()
    return [a for a, _ in table], [n for _, n in table]


def region(rip):
    if rip >= 0xffffffff80000000:
        return "guest kernel"
    if 0xffff800000000000 <= rip < 0xffff880000000000:
        return "hypervisor"
    if rip < 0x800000000000:
        return "user"
    return "other kernel (modules, vmalloc)"


def qemu_command(platform, sock):
    vmlinux, initrd = os.path.join(CACHE, "vmlinux"), os.path.join(xenoqemu.BUILD, "bench",
                                                                    "linux-init.cpio")
    extra = ("-rtc", RTC, "-monitor", f"unix:{sock},server=on,wait=off")
    common = dict(cpu=CPU, smp=1, mem=f"{MEM_MB}M", icount=True, extra=extra)
    if platform == "xeno":
        args = f"console=hvc0 {ARGS}".replace(",", ",,")
        return xenoqemu.qemu_cmd(kernel=xenoqemu.XENO, append=f"console=com1 dom0_mem={DOM0_MEM}",
                                 modules=[f"{vmlinux} {args}", initrd], **common)
    return xenoqemu.qemu_cmd(kernel=vmlinux, append=f"console=ttyS0 {ARGS}", modules=[initrd],
                             **common)


def sample(cmd, sock, interval, timeout):
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    serial, done = [], threading.Event()

    def reader():
        for line in proc.stdout:
            serial.append(line)
            if re.search(DONE.encode(), line):
                done.set()
        done.set()

    threading.Thread(target=reader, daemon=True).start()
    mon = None
    for _ in range(100):
        try:
            mon = socket.socket(socket.AF_UNIX)
            mon.connect(sock)
            break
        except OSError:
            time.sleep(0.05)
    rips, deadline, buf = [], time.monotonic() + timeout, b""
    while not done.is_set() and time.monotonic() < deadline:
        mon.sendall(b"info registers\n")
        while b"CPU#" not in buf or b"(qemu)" not in buf.split(b"CPU#", 1)[1]:
            chunk = mon.recv(65536)
            if not chunk:
                break
            buf += chunk
        m = RIP.search(buf)
        if m:
            rips.append(int(m.group(1), 16))
        buf = b""
        time.sleep(interval / 1000)
    proc.kill()
    proc.wait()
    return rips, b"".join(serial).decode("utf-8", "replace")


def report(rips, addrs, names, top):
    by_region, by_func = collections.Counter(), collections.Counter()
    for rip in rips:
        by_region[region(rip)] += 1
        i = bisect.bisect_right(addrs, rip) - 1
        by_func[names[i] if i >= 0 else hex(rip)] += 1
    n = max(len(rips), 1)
    print(f"{len(rips)} samples")
    for name, count in by_region.most_common():
        print(f"  {100 * count / n:5.1f}%  {name}")
    print(f"top {top} functions:")
    for name, count in by_func.most_common(top):
        print(f"  {100 * count / n:5.1f}%  {count:6d}  {name}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--platform", choices=("xeno", "native"), default="xeno")
    ap.add_argument("--interval", type=float, default=2.0, help="ms of host time between samples")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--timeout", type=float, default=900)
    a = ap.parse_args()
    syms = [kallsyms(), os.path.join(ROOT, "install", "boot", "xeno-syms")]
    sock = f"/tmp/sample-rip-{os.getpid()}.sock"
    rips, log = sample(qemu_command(a.platform, sock), sock, a.interval, a.timeout)
    if os.path.exists(sock):
        os.unlink(sock)
    os.makedirs(xenoqemu.LOG_DIR, exist_ok=True)
    with open(os.path.join(xenoqemu.LOG_DIR, f"sample-rip-{a.platform}.log"), "w") as f:
        f.write(log)
    if "bench-init: done" not in log:
        print(log[-3000:])
        sys.exit("sample_rip: the boot did not reach bench-init's done line")
    addrs, names = symbol_table(syms)
    report(rips, addrs, names, a.top)


if __name__ == "__main__":
    main()
