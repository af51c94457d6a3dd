#!/usr/bin/python3
"""xeno's benchmark harness (issue 7).

The same guest binaries under the same QEMU command (q35, -cpu max,-smap,-smep,
-m 1G, -icount shift=0,sleep=off, a virtual-time RTC) on xeno, on Debian's
Xen 4.17 and, for the Linux boot, on bare QEMU with the same kernel; N
repetitions each. Figures come from the guests' own TSC readings (BENCH
lines), never from wall time. Prints one table (median, min-max, ratio
xeno/Xen against the goal); with --write also docs/performance.md with the
command and the method.

Adding a figure: one line in figures.FIGURES; its workload (a bench guest or the
Linux boot) prints `BENCH <key> <value> <unit>`, or `BENCH-NA <key> <why>`
where the hypervisor cannot do it yet.

XENO_BENCH_DOM0_ARGS="<words>" adds words to dom0's command line in the
linux workload (`procbench_marks`: figure 9's loops marked for an exec
log, docs/performance.md "Figure 9's floor") and the
toolstack workloads (xl, xm, xs, split: `xeno.split=d2d` runs one step of
the split figures, for a trace of it; `norandmaps` for an A/B of xl
restore: dom0's address-space randomisation spreads that figure by about
5 ms between runs of one tree, 0.6 ms without it; the table's rows keep
it, as Xen 4.17's were measured, and are medians of several runs).

XENO_BENCH_ARGS="<options>" adds hypervisor options to every xeno run (a
trace: `tbuf_size=8192 tbuf_mask=0x6 tbuf_wrap tbuf_dump=1`, then
tools/trace/xenotrace.py on the log; such a run stops at the workload's
last BENCH line, before the power-off that dumps the trace, unless the
workload powers off first).

--quick (make test): one repetition of the PV-operation guest only; fails
unless every figure of it was produced (or declared BENCH-NA) on both
hypervisors, and Xen produced them all. No assertion on the values.
"""
import argparse
import concurrent.futures
import datetime
import os
import platform
import re
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))
import xenoqemu  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import migrate  # noqa: E402
import split  # noqa: E402
from figures import FIGURES, HEADERS, PLATFORMS, WORKLOADS  # noqa: E402
from report import div, median, num, overhead_ratio, ratio_text, verdict  # noqa: E402
from report import xs_behind, xs_table  # noqa: E402

CPU = "max,-smap,-smep"
MEM_MB = 1024
DOM0_MEM = "512M"
# The RTC runs on virtual time from a fixed date: with the default host clock
# Xen's wait for the next RTC second (get_cmos_time) depends on the wall
# clock and its boot time varied by ~0.1 s between identical runs.
RTC = "base=2026-01-01T00:00:00,clock=vm"
CACHE = os.environ.get("XENO_CACHE", os.path.join(ROOT, ".cache", "debian"))
BENCH_DIR = os.path.join(xenoqemu.BUILD, "bench")
# Still without ACPI and PCI (unlike tests/linux and tests/toolstack): the
# figures in docs/performance.md were measured so, and switching means a new
# run of every figure (make bench).
LINUX_ARGS = "acpi=off pci=off nolapic initcall_blacklist=cmos_init,i8042_init"
PANIC = r"Kernel panic - not syncing"


# The I/O workload (issue 15, bench/io/iobench.sh): Linux with ACPI and PCI
# on (dom0 on xeno and Xen, or native), two disks on QEMU's null-co backend
# (no host file; reads return zeroes at once), fio and its libraries in an
# initrd of the benchmark's own (bench/packages).
IO_DISKS = ("-blockdev", "driver=null-co,node-name=io-vd,size=1073741824,read-zeroes=on",
            "-device", "virtio-blk-pci,drive=io-vd",
            "-blockdev", "driver=null-co,node-name=io-nv,size=1073741824,read-zeroes=on",
            "-device", "nvme,drive=io-nv,serial=xenobench")
IO_MODULES = ("virtio_ring", "virtio", "virtio_pci_modern_dev", "virtio_pci_legacy_dev",
              "virtio_pci", "virtio_blk", "crct10dif_common", "crct10dif_generic",
              "crc-t10dif", "crc64", "crc64_rocksoft_generic", "crc64-rocksoft", "t10-pi",
              "nvme-core", "nvme")
IO_PROGRAMS = ("usr/bin/fio", "usr/bin/iperf3")
IO_ARGS = "xeno.run=/bin/xeno-iobench"
IO_DONE = r"XENO-RUN-END"

# The split-driver figures (workload "split", bench/split.py): dom0 holds
# the domU's tools disk (~90 MiB) and xvda (64 MiB) in its tmpfs besides its
# own 55 MiB: with 512 MiB, Linux's rootfs (half its memory) filled up. The
# domU has 256 MiB: libceph-common, which fio loads, has a 130 MiB .bss
# (untouched, but 160 MiB of memory was too little to map it). The peer
# domU of the domU -> domU figure (iperf3's server only) has 128 MiB.
SPLIT_MEM_MB = 1536
SPLIT_DOM0_MEM = "768M"


# --- running ----------------------------------------------------------------
def qemu_extra():
    return ("-rtc", RTC)


def run_xeno(name, modules, smp, until, devices=(), dom0_mem=DOM0_MEM, mem=MEM_MB):
    # XENO_BENCH_ARGS: more hypervisor options (a trace: docs/user-manual.md).
    extra = os.environ.get("XENO_BENCH_ARGS", "")
    res = xenoqemu.run(name, timeout=900, kernel=xenoqemu.XENO, cpu=CPU, smp=smp, mem=f"{mem}M",
                       icount=True, append=f"console=com1 dom0_mem={dom0_mem} {extra}".strip(),
                       modules=modules, until=until, extra=qemu_extra() + tuple(devices))
    return res.log


def run_xen(name, kernel_and_args, initrd, smp, halt_on, devices=(), dom0_mem=DOM0_MEM,
            mem=MEM_MB):
    log = os.path.join(xenoqemu.LOG_DIR, f"{name}.log")
    os.makedirs(xenoqemu.LOG_DIR, exist_ok=True)
    cmd = [os.path.join(ROOT, "scripts", "run-reference.sh"), "-q", "--icount", "--smp", str(smp),
           "--mem", str(mem), "--dom0-mem", f"{dom0_mem},max:{dom0_mem}", "--timeout", "900",
           "--log", log]
    for arg in qemu_extra() + tuple(devices):
        cmd += ["--qemu-arg", arg]
    if halt_on:
        cmd += ["--halt-on", halt_on]
    cmd += ["--", *kernel_and_args]
    if initrd:
        cmd += ["--initrd", initrd]
    subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True)
    with open(log, errors="replace") as f:
        return f.read()


def run_native(name, kernel, append, initrd, smp, until, devices=()):
    """Bare QEMU: the ELF vmlinux boots through its PVH entry (no decompression)."""
    res = xenoqemu.run(name, timeout=900, kernel=kernel, append=append, modules=[initrd],
                       cpu=CPU, smp=smp, mem=f"{MEM_MB}M", icount=True, until=until,
                       extra=qemu_extra() + tuple(devices))
    return res.log


def linux_initrd():
    """A cpio holding bench/linux-init (as /init), /true and /dev/console."""
    path = os.path.join(BENCH_DIR, "linux-init.cpio")
    files = {}
    for name in ("init", "true"):
        with open(os.path.join(BENCH_DIR, f"linux-{name}"), "rb") as f:
            files[name] = f.read()
    blob = (cpio_entry("dev", 0o40755, ino=1) +
            cpio_entry("dev/console", 0o20600, rdev=(5, 1), ino=2) +
            cpio_entry("init", 0o100755, files["init"], ino=3) +
            cpio_entry("true", 0o100755, files["true"], ino=4) +
            cpio_entry("TRAILER!!!", 0, ino=0))
    with open(path, "wb") as f:
        f.write(blob)
    return path


def io_initrd():
    """The I/O workload's initrd: the test initrd (busybox, tests/initrd/init,
    the disk drivers, bench/io/iobench.sh as /bin/xeno-iobench), then a cpio
    of fio, iperf3 and every library they load, from bench/packages."""
    subprocess.run(["scripts/fetch-debian.sh", "linux", "busybox", "devices", "bench"], cwd=ROOT,
                   capture_output=True, text=True, check=True)
    base = os.path.join(BENCH_DIR, "io-base.cpio.gz")
    mods = [w for m in IO_MODULES for w in ("--module", m)]
    subprocess.run(["scripts/mkinitrd.sh", "-o", base, "--modules",
                    os.path.join(CACHE, "linux-modules-hw"), *mods, "--add",
                    os.path.join(ROOT, "bench", "io", "iobench.sh") + ":/bin/xeno-iobench"],
                   cwd=ROOT, capture_output=True, text=True, check=True)
    files = io_files(io_package_dirs())
    blob, ino = b"", 100
    for d in ("lib64", "usr", "usr/bin", "usr/lib", "usr/lib/x86_64-linux-gnu"):
        blob += cpio_entry(d, 0o40755, ino=ino)
        ino += 1
    for dst, src in sorted(files.items()):
        with open(src, "rb") as f:
            blob += cpio_entry(dst, 0o100755, f.read(), ino=ino)
        ino += 1
    path = os.path.join(BENCH_DIR, "io.cpio")
    # Linux takes an uncompressed archive after a compressed one only at a
    # 4-byte offset (zero bytes between are skipped).
    with open(base, "rb") as f:
        head = f.read()
    with open(path + ".tmp", "wb") as out:
        out.write(head + b"\0" * (-len(head) % 4) + blob + cpio_entry("TRAILER!!!", 0, ino=0))
    os.replace(path + ".tmp", path)
    return path


def io_package_dirs():
    """The unpacked bench packages (scripts/fetch-debian.sh bench)."""
    with open(os.path.join(CACHE, "bench.packages")) as f:
        return [os.path.join(CACHE, line.split()[2]) for line in f if line.strip()]


def io_files(dirs, programs=IO_PROGRAMS):
    """{initrd path: host file}: the programs, the dynamic loader and every
    library they need (DT_NEEDED, recursively, also in an ELF's RUNPATH),
    all under /usr/lib/x86_64-linux-gnu (iobench.sh sets LD_LIBRARY_PATH)."""
    def find(rel):
        for d in dirs:
            if os.path.exists(os.path.join(d, rel)):
                return os.path.realpath(os.path.join(d, rel))
        raise FileNotFoundError(f"{rel} in no package of bench/packages")
    files = {p: find(p) for p in programs}
    files["lib64/ld-linux-x86-64.so.2"] = find("lib64/ld-linux-x86-64.so.2")
    todo = list(files.values())
    while todo:
        dyn = subprocess.run(["readelf", "-d", todo.pop()], capture_output=True, text=True).stdout
        # librados finds libceph-common in its RUNPATH (.../x86_64-linux-gnu/ceph).
        subs = ["usr/lib/x86_64-linux-gnu", "lib/x86_64-linux-gnu"] + [
            p.strip("/") for m in re.findall(r"\((?:RUNPATH|RPATH)\).*\[(.*)\]", dyn)
            for p in m.split(":")]
        for lib in re.findall(r"\(NEEDED\).*\[(.*)\]", dyn):
            dst = f"usr/lib/x86_64-linux-gnu/{lib}"
            if dst not in files:
                files[dst] = next((os.path.realpath(os.path.join(d, sub, lib)) for d in dirs
                                   for sub in subs if os.path.exists(os.path.join(d, sub, lib))),
                                  None)
                if files[dst] is None:
                    raise FileNotFoundError(f"{lib} in no package of bench/packages")
                todo.append(files[dst])
    return files


def cpio_entry(name, mode, data=b"", rdev=(0, 0), ino=0):
    """One newc (070701) record: header, NUL-terminated name, data, 4-byte padding."""
    name_b = name.encode() + b"\0"
    fields = (ino, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1], len(name_b), 0)
    out = ("070701" + "".join(f"{v:08x}" for v in fields)).encode() + name_b
    out += b"\0" * (-len(out) % 4)
    return out + data + b"\0" * (-len(data) % 4)


def create_done(tool):
    """The end of an xlbench/xmbench run: its whole last BENCH line (a
    regex for Python and for grep -E alike)."""
    return rf"BENCH(-NA)? {tool}_create_init [^ ]+ (ns|create failed)"


def job(workload, hv, rep, smp, initrd):
    """Run one workload once on one platform; return (workload, hv, log)."""
    name = f"bench-{workload}-{hv}-smp{smp}-{rep}"
    if workload == "pv-ops":
        image = os.path.join(BENCH_DIR, "pv-ops")
        if hv == "xeno":
            return workload, hv, run_xeno(name, [image], smp, r"Powering off\.")
        return workload, hv, run_xen(name, [image], None, smp, None)
    if workload == "domains":  # two boots: events, then log-dirty's costs
        logs = [run_xeno(f"{name}-{g}", [f"{image} {arg}", f"{image} domU mem=8M -- role=peer"],
                         smp, r"Powering off\.")
                for g, arg in (("interdomain", ""), ("logdirty", "bench"))
                for image in [os.path.join(xenoqemu.BUILD, "guests", g)]]
        return workload, hv, "\n".join(logs)
    if workload == "xl":
        return workload, hv, run_xl(name, hv, initrd, smp, "xlbench", create_done("xl"))
    if workload == "xm":
        return workload, hv, run_xl(name, hv, initrd, smp, "xmbench", create_done("xm"),
                                    "xeno.toolstack=xeno")
    if workload == "xs":
        return workload, hv, run_xl(name, hv, initrd, smp, "xsbench", r"XENO-TEST-END ")
    if workload == "io":
        return workload, hv, with_init_clock(run_io(name, hv, initrd, smp), "io_init_kernel")
    if workload == "migrate":  # two machines: both logs, and their BENCH lines
        a, b = migrate.run(xenoqemu, name, os.path.join(CACHE, "vmlinux"), initrd, smp, CPU,
                           qemu_extra(), os.environ.get("XENO_BENCH_ARGS", ""))
        return workload, hv, migrate.bench_lines(a, b)
    if workload == "split":
        return workload, hv, run_xl(name, hv, initrd, smp, "splitbench", r"XENO-TEST-END ",
                                    dom0_mem=SPLIT_DOM0_MEM, mem=SPLIT_MEM_MB)
    # /init prints the boot figures, runs the process figures (the word
    # "procbench" reaches it as an argument), then prints the `done` line.
    kernel, done = os.path.join(CACHE, "vmlinux"), r"bench-init: done"
    args = " ".join([LINUX_ARGS, "norandmaps procbench",
                     *os.environ.get("XENO_BENCH_DOM0_ARGS", "").split()])
    if hv == "xeno":
        args = f"console=hvc0 {args}".replace(",", ",,")  # QEMU's module-list comma
        return workload, hv, run_xeno(name, [f"{kernel} {args}", initrd], smp, f"{done}|{PANIC}")
    if hv == "xen":  # run-reference.sh stops at a Linux or Xen panic by itself
        return workload, hv, run_xen(name, [kernel, "console=hvc0", *args.split()], initrd, smp,
                                     done)
    return workload, hv, run_native(name, kernel, f"console=ttyS0 {args}", initrd, smp,
                                    f"{done}|{PANIC}")


def run_io(name, hv, initrd, smp):
    """bench/io/iobench.sh in dom0 (xeno, Xen 4.17) or native Linux, with
    ACPI and PCI on and the IO_DISKS."""
    kernel, until = os.path.join(CACHE, "vmlinux"), f"{IO_DONE}|{PANIC}|Panic on CPU"
    if hv == "xeno":
        return run_xeno(name, [f"{kernel} console=hvc0 {IO_ARGS}", initrd], smp, until, IO_DISKS)
    if hv == "xen":
        return run_xen(name, [kernel, "console=hvc0", *IO_ARGS.split()], initrd, smp, IO_DONE,
                       IO_DISKS)
    return run_native(name, kernel, f"console=ttyS0 {IO_ARGS}", initrd, smp, until, IO_DISKS)


def with_init_clock(log, key):
    """The log and a BENCH line for the kernel's printk time at "Run /init"
    (its own clock, in ns; dom0's or native Linux's), when it printed one."""
    m = re.search(r"^\[\s*(\d+)\.(\d{6})\] Run /init as init process", log, re.M)
    if not m:
        return log + f"\nBENCH-NA {key} no Run /init line\n"
    return log + f"\nBENCH {key} {int(m[1]) * 10**9 + int(m[2]) * 1000} ns\n"


def dom0_image():
    """The dom0 image (scripts/mkdom0.sh): Debian's xl and the demo domU."""
    for cmd in (["scripts/fetch-debian.sh", "xen", "linux", "dom0"], ["scripts/mkdom0.sh", "-q"]):
        r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
    return r.stdout.strip()


def run_xl(name, hv, image, smp, test, done, daemons="xeno.xenstored=c", dom0_mem=DOM0_MEM,
           mem=MEM_MB):
    """dom0 runs tools/dom0/tests/<test>.sh (xlbench: xl create of the demo
    domU to its /init; xmbench: the same with our toolstack, booted with
    xeno.toolstack=xeno; xsbench: each xenstored timed) until done."""
    kernel = os.path.join(CACHE, "vmlinux")
    words = ["console=hvc0", *LINUX_ARGS.split(), f"xeno.test={test}", daemons,
             *os.environ.get("XENO_BENCH_DOM0_ARGS", "").split()]
    if hv == "xeno":
        args = " ".join(words).replace(",", ",,")
        return run_xeno(name, [f"{kernel} {args}", image], smp, done, dom0_mem=dom0_mem, mem=mem)
    return run_xen(name, [kernel, *words], image, smp, done, dom0_mem=dom0_mem, mem=mem)


def parse(log):
    values = {m[1]: float(m[2]) for m in re.finditer(r"^BENCH (\S+) (\d+) \S+", log, re.M)}
    na = {m[1]: m[2].strip() for m in re.finditer(r"^BENCH-NA (\S+) (.*)$", log, re.M)}
    return values, na


def measure(reps, smp, workloads, jobs, platforms=PLATFORMS):
    """samples[hv][key] = [values]; na[hv][key] = reason."""
    samples = {hv: {} for hv in PLATFORMS}
    na = {hv: {} for hv in PLATFORMS}
    initrds = {"linux": linux_initrd() if "linux" in workloads else None,
               "io": io_initrd() if "io" in workloads else None,
               "xl": None, "xm": None, "xs": None}
    if {"xl", "xm", "xs", "split", "migrate"} & set(workloads):
        initrds["xl"] = initrds["xm"] = initrds["xs"] = dom0_image()
    if "migrate" in workloads:
        initrds["migrate"] = migrate.image(initrds["xl"], BENCH_DIR, cpio_entry)
    if "split" in workloads:
        subprocess.run(["scripts/fetch-debian.sh", "bench"], cwd=ROOT, capture_output=True,
                       check=True)
        initrds["split"] = split.split_image(
            initrds["xl"], CACHE, os.path.join(BENCH_DIR, "split-stage"),
            lambda programs: io_files(io_package_dirs(), programs), cpio_entry)
    todo = [(w, hv, rep) for rep in range(reps) for w in workloads for hv in WORKLOADS[w]
            if hv in platforms]

    def add(log, hv):
        values, reasons = parse(log)
        for key, v in values.items():
            samples[hv].setdefault(key, []).append(v)
        na[hv].update(reasons)
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(job, w, hv, rep, smp, initrds.get(w)) for w, hv, rep in todo
                   if w != "migrate"]
        for fut in concurrent.futures.as_completed(futures):
            _, hv, log = fut.result()
            add(log, hv)
    for w, hv, rep in todo:  # two QEMUs each: alone, one after the other
        if w == "migrate":
            add(job(w, hv, rep, smp, initrds[w])[2], hv)
    return samples, na


# --- reporting --------------------------------------------------------------
def cell(fig, hv, samples, na, ran, platforms=PLATFORMS):
    if fig.workload is None:
        return ("not yet" if hv == "xeno" else "-"), None
    if hv not in WORKLOADS[fig.workload]:
        return "-", None
    if fig.workload not in ran or hv not in platforms:
        return "(not run)", None
    vals = [v * fig.scale for v in samples[hv].get(fig.key, [])]
    if not vals:
        return ("not yet" if hv == "xeno" else f"none ({na[hv].get(fig.key, 'missing')})"), None
    med = statistics.median(vals)
    spread = f" ({num(min(vals))}-{num(max(vals))})" if len(vals) > 1 else ""
    return num(med) + spread, med


def proc_table(samples, na, smp, ran, platforms=PLATFORMS):
    """The dom0 process figures: overhead over native on each hypervisor."""
    head = ("| figure | unit | smp | " + " | ".join(HEADERS[hv] + ": median (min-max)"
                                                 for hv in PLATFORMS) +
            " | xeno/native | Xen/native | overhead ratio | goal |")
    rows = [head, "|" + "---|" * (len(PLATFORMS) + 7)]
    for fig in FIGURES:
        if not fig.overhead:
            continue
        cells = {hv: cell(fig, hv, samples, na, ran, platforms) for hv in PLATFORMS}
        x, r, n = (cells[hv][1] for hv in ("xeno", "xen", "native"))
        over = overhead_ratio(x, r, n)
        rows.append(f"| {fig.label} | {fig.unit} | {smp} | " +
                    " | ".join(cells[hv][0] for hv in PLATFORMS) +
                    f" | {ratio_text(div(x, n))} | {ratio_text(div(r, n))} | "
                    f"{ratio_text(over)} | {verdict(fig.goal, over)} |")
    return "\n".join(rows)


def io_table(samples, na, smp, ran, platforms=PLATFORMS, workload="io"):
    """The I/O figures of a workload ("io", "split"): throughputs (higher is
    better), each hypervisor against native Linux on the same QEMU where
    it runs there."""
    head = ("| figure | unit | smp | " + " | ".join(HEADERS[hv] + ": median (min-max)"
                                                 for hv in PLATFORMS) +
            " | xeno/Xen | xeno/native | Xen/native | goal |")
    rows = [head, "|" + "---|" * (len(PLATFORMS) + 7)]
    for fig in FIGURES:
        if not (fig.higher or fig.per_io) or fig.workload != workload:
            continue
        cells = {hv: cell(fig, hv, samples, na, ran, platforms) for hv in PLATFORMS}
        x, r, n = (cells[hv][1] for hv in ("xeno", "xen", "native"))
        rows.append(f"| {fig.label} | {fig.unit} | {smp} | " +
                    " | ".join(cells[hv][0] for hv in PLATFORMS) +
                    f" | {ratio_text(div(x, r))} | {ratio_text(div(x, n))} | "
                    f"{ratio_text(div(r, n))} | {verdict(fig.goal, div(x, r), fig.higher)} |")
    return "\n".join(rows)


def table(samples, na, smp, ran, platforms=PLATFORMS):
    head = ("| figure | unit | smp | " + " | ".join(HEADERS[hv] + ": median (min-max)"
                                                 for hv in PLATFORMS) + " | xeno/Xen | goal |")
    rows = [head, "|" + "---|" * (len(PLATFORMS) + 5)]
    for fig in FIGURES:
        if fig.overhead or fig.higher or fig.per_io or fig.workload == "migrate":
            continue
        cells = {hv: cell(fig, hv, samples, na, ran, platforms) for hv in PLATFORMS}
        xm, rm = cells["xeno"][1], cells["xen"][1]
        if fig.against:
            rm = median(samples["xen"].get(fig.against), fig.scale)
        ratio = div(xm, rm)
        rows.append(f"| {fig.label} | {fig.unit} | {smp} | " +
                    " | ".join(cells[hv][0] for hv in PLATFORMS) +
                    f" | {ratio_text(ratio)} | {verdict(fig.goal, ratio)} |")
    return "\n".join(rows)


def behind(samples, na):
    lines = xs_behind(samples)
    for fig in FIGURES:
        x, r = samples["xeno"].get(fig.key), samples["xen"].get(fig.against or fig.key)
        n = samples["native"].get(fig.key)
        if fig.goal is None:
            continue
        if not x or not r or (fig.overhead and not n):
            sign = ">=" if fig.higher else "<="
            lines.append(f"- {fig.label}: not measured on xeno yet (goal {sign} {fig.goal})")
            continue
        x, r = statistics.median(x), statistics.median(r)
        if fig.overhead:
            over = overhead_ratio(x, r, statistics.median(n))
            if over is None or over > fig.goal:
                lines.append(f"- {fig.label}: overhead ratio (xeno - native) / (Xen - native) = "
                             f"{ratio_text(over)}, goal <= {fig.goal}")
            continue
        ratio = x / r
        if fig.higher and ratio < fig.goal:
            lines.append(f"- {fig.label}: xeno/Xen = {ratio:.2f}, goal >= {fig.goal}")
        elif not fig.higher and ratio > fig.goal:
            lines.append(f"- {fig.label}: xeno/Xen = {ratio:.2f}, goal <= {fig.goal}")
    lines += migrate.behind(samples["xeno"])
    return "\n".join(lines) or "- nothing: every figure with a goal meets it"


def machine_note():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = re.search(r"^model name\s*:\s*(.*)$", f.read(), re.M)[1]
    except (OSError, TypeError):
        pass
    qemu = subprocess.run(["qemu-system-x86_64", "--version"], capture_output=True,
                          text=True).stdout.splitlines()[0]
    return f"{platform.node()}: {os.cpu_count()} x {cpu}, Linux {platform.release()}; {qemu}"


def write_doc(path, text, procs, ios, splits, samples, na, ran, command, elapsed,
              behind_text):
    template = open(os.path.join(ROOT, "bench", "performance.md.in")).read()
    doc = (template.replace("@DATE@", datetime.date.today().isoformat())
           .replace("@COMMAND@", command).replace("@MACHINE@", machine_note())
           .replace("@ELAPSED@", f"{elapsed / 60:.0f}").replace("@CPU@", CPU)
           .replace("@MEM@", str(MEM_MB)).replace("@RTC@", RTC).replace("@DOM0_MEM@", DOM0_MEM)
           .replace("@LINUX_ARGS@", LINUX_ARGS).replace("@TABLE@", text)
           .replace("@PROCTABLE@", procs).replace("@IOTABLE@", ios)
           .replace("@SPLITTABLE@", splits)
           .replace("@XSTABLE@", xs_table(samples))
           .replace("@MIGRATETABLE@", migrate.table(samples["xeno"], na["xeno"], ran))
           .replace("@BEHIND@", behind_text))
    with open(path, "w") as f:
        f.write(doc)


def quick_check(samples, na):
    """Every pv-ops figure produced (or declared BENCH-NA) on xeno, produced on Xen."""
    missing = []
    for fig in FIGURES:
        if fig.workload != "pv-ops":
            continue
        if not samples["xen"].get(fig.key):
            missing.append(f"{fig.key} on Xen 4.17")
        if not samples["xeno"].get(fig.key) and fig.key not in na["xeno"]:
            missing.append(f"{fig.key} on xeno")
    return missing


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=5, help="repetitions per platform (5)")
    ap.add_argument("--smp", type=int, default=1, help="vCPUs of every run (1)")
    ap.add_argument("--jobs", type=int, default=2, help="QEMUs at a time (2)")
    ap.add_argument("--quick", action="store_true", help="one pv-ops run, check figures")
    ap.add_argument("--workload", action="append", choices=list(WORKLOADS),
                    help="run only this workload (repeatable; for A/B runs, not --write)")
    ap.add_argument("--platform", action="append", choices=PLATFORMS,
                    help="run only on this platform (repeatable; for A/B runs, not --write)")
    ap.add_argument("--write", help="write the table and method to this file")
    ap.add_argument("--command", default="bench/run.py", help="command named in --write")
    a = ap.parse_args()
    start = datetime.datetime.now()
    workloads = a.workload or (["pv-ops"] if a.quick else list(WORKLOADS))
    if a.write and (a.workload or a.platform):
        ap.error("--write needs every workload on every platform")
    samples, na = measure(1 if a.quick else a.reps, a.smp, workloads, a.jobs,
                          a.platform or PLATFORMS)
    text = table(samples, na, a.smp, workloads, a.platform or PLATFORMS)
    print(text)
    procs = proc_table(samples, na, a.smp, workloads, a.platform or PLATFORMS)
    if "linux" in workloads:
        print("\n" + procs)
    ios = io_table(samples, na, a.smp, workloads, a.platform or PLATFORMS)
    if "io" in workloads:
        print("\n" + ios)
    splits = io_table(samples, na, a.smp, workloads, a.platform or PLATFORMS, "split")
    if "split" in workloads:
        print("\n" + splits)
    if "xs" in workloads:
        print("\n" + xs_table(samples))
    if "migrate" in workloads:
        print("\n" + migrate.table(samples["xeno"], na["xeno"], workloads))
    if a.quick and not (a.workload or a.platform):
        missing = quick_check(samples, na)
        if missing:
            print("bench: figures missing: " + ", ".join(missing))
            return 1
        print("bench: every quick figure produced on xeno and Xen 4.17")
    if a.write:
        write_doc(os.path.join(ROOT, a.write), text, procs, ios, splits, samples, na, workloads,
                  a.command, (datetime.datetime.now() - start).total_seconds(),
                  behind(samples, na))
        print(f"written to {a.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
