#!/usr/bin/python3
"""xeno's benchmark harness (issue 7).

The same guest binaries under the same QEMU command (q35, -cpu max,-smap,-smep,
-m 1G, -icount shift=0,sleep=off, a virtual-time RTC) on xeno, on Debian's
Xen 4.17 and, for the Linux boot, on bare QEMU with the same kernel; N
repetitions each. Figures come from the guests' own TSC readings (BENCH
lines), never from wall time. Prints one table (median, min-max, ratio
xeno/Xen against the goal); with --write also docs/performance.md with the
command and the method.

Adding a figure: one line in FIGURES; its workload (a bench guest or the
Linux boot) prints `BENCH <key> <value> <unit>`, or `BENCH-NA <key> <why>`
where the hypervisor cannot do it yet.

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
from dataclasses import dataclass

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))
import xenoqemu  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import migrate  # noqa: E402
import split  # noqa: E402

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
PLATFORMS = ("xeno", "xen", "native")
HEADERS = {"xeno": "xeno", "xen": "Xen 4.17", "native": "bare QEMU"}


@dataclass
class Figure:
    key: str  # BENCH line name
    label: str
    unit: str  # unit shown in the table
    goal: float | None  # goal for xeno/Xen (lower is better)
    workload: str | None  # None: no benchmark yet
    scale: float = 1.0  # table value = BENCH value * scale
    # The goal is on the overhead ratio (xeno - native) / (Xen - native), not
    # on xeno/Xen; the figure goes to the second table (dom0 processes).
    overhead: bool = False
    # The ratio's denominator: this figure of Xen 4.17's column when None,
    # else another figure's (xm create on xeno against xl create on Xen).
    against: str | None = None
    # Higher is better (a throughput): the goal is xeno/Xen >= goal; the
    # figure goes to its workload's I/O table ("io": figure 10, "split": 11).
    higher: bool = False


def io_figure(key, label, unit, scale=1.0):
    """An I/O figure (bench/io/iobench.sh, workload "io"): a throughput."""
    return Figure(key, "10. " + label, unit, 1.0, "io", scale, higher=True)


def split_figure(key, label, unit, scale=1.0):
    """A split-driver figure (bench/split/, workload "split"): a throughput
    in a domU through netback or blkback in dom0, goal >= 1.2 x Xen's."""
    return Figure(key, "11. " + label, unit, 1.2, "split", scale, higher=True)


def proc_figure(key, label):
    """A dom0 process figure (bench/linux-init/procbench.c, in the Linux boot)."""
    return Figure(key, "9. " + label, "cycles", 0.5, "linux", overhead=True)


# Every figure, in the table's order.
FIGURES = [
    Figure("boot_to_guest", "1. boot: power-on to the first dom0 instruction", "ms", 0.1,
           "pv-ops", 1e-3),
    Figure("hypercall_syscall", "2. null hypercall (xen_version), syscall", "cycles", 0.7,
           "pv-ops"),
    Figure("hypercall_page", "2. null hypercall (xen_version), hypercall page", "cycles", 0.7,
           "pv-ops"),
    Figure("user_syscall_bounce", "3. guest user syscall bounce + iret back", "cycles", 0.8,
           "pv-ops"),
    Figure("exception_bounce_int3", "4. exception bounce: int3 + iret back", "cycles", None,
           "pv-ops"),
    Figure("exception_bounce_pf", "4. exception bounce: #PF (not present) + iret back", "cycles",
           None, "pv-ops"),
    Figure("mmu_update_512", "5. mmu_update batch of 512 L1 entries", "cycles", 0.8, "pv-ops"),
    Figure("mmu_update_1", "5. mmu_update of one L1 entry (Linux's set_pte in a page fault)",
           "cycles", None, "pv-ops"),
    Figure("unpin_pin_l1", "5. unpin + pin of an L1 table", "cycles", None, "pv-ops"),
    Figure("pin_unpin_l4_tree", "5. pin + unpin of a 4-level tree (L4, L3, L2, full L1)",
           "cycles", None, "pv-ops"),
    Figure("ptwr_pte_write", "5. one ptwr-emulated PTE write", "cycles", 0.7, "pv-ops"),
    Figure("ptwr_pte_clear", "5. one ptwr-emulated PTE clear (xchg with 0, as munmap)",
           "cycles", 0.7, "pv-ops"),
    Figure("event_send_upcall", "6. event: send to self, upcall, iret back (one domain)",
           "cycles", 0.6, "pv-ops"),
    Figure("interdomain_event_rtt", "6. event round trip between two domains (send + poll "
           "each way; one CPU, so two domain switches)", "cycles", None, "domains"),
    Figure("domain_switch", "6. domain switch: half that round trip (send, switch, wake)",
           "cycles", None, "domains"),
    Figure("logdirty_write_off", "6. log-dirty: a domU's write to a page it wrote before, "
           "tracking off (guests/tests/logdirty, 64 pages)", "cycles", None, "domains"),
    Figure("logdirty_first_write", "6. log-dirty: its first write to a page after a CLEAN (the "
           "write fault that marks it dirty)", "cycles", None, "domains"),
    Figure("logdirty_clean", "6. log-dirty: dom0's CLEAN of the domU after it dirtied those "
           "64 pages", "cycles", None, "domains"),
    Figure("grant_copy_4k", "6. 4 KiB grant copy (GNTTABOP_copy, own frames)", "cycles", None,
           "pv-ops"),
    Figure("grant_map_rw", "6. grant map of another domain's frame, read-write "
           "(GNTTABOP_map_grant_ref, GNTMAP_host_map, batches of 16): per op", "cycles", None,
           "pv-ops"),
    Figure("grant_unmap_rw", "6. grant unmap of those (GNTTABOP_unmap_grant_ref, batches of 16, "
           "the hypervisor's TLB flush included): per op", "cycles", None, "pv-ops"),
    Figure("grant_map_ro", "6. grant map, read-only (GNTMAP_readonly, batches of 16): per op",
           "cycles", None, "pv-ops"),
    Figure("grant_unmap_ro", "6. grant unmap of read-only mappings (batches of 16): per op",
           "cycles", None, "pv-ops"),
    Figure("grant_copy_foreign_4k", "6. 4 KiB grant copy from another domain's grant "
           "(GNTTABOP_copy, source_gref)", "cycles", None, "pv-ops"),
    Figure("foreign_map_16", "6. a toolstack's mapping of another domain's frames (mmu_update "
           "of 16 entries, foreigndom, as privcmd's for save and restore): per entry", "cycles",
           None, "pv-ops"),
    Figure("foreign_zap_ptwr", "6. munmap of those mappings (an xchg with 0 on each read-only "
           "entry, ptwr-emulated): per entry", "cycles", None, "pv-ops"),
    Figure("populate_physmap_frame", "6. populate_physmap of 512 order-0 frames (a restore's "
           "list): per frame", "cycles", None, "pv-ops"),
    Figure("decrease_reservation_frame", "6. decrease_reservation of those 512 frames: per "
           "frame", "cycles", None, "pv-ops"),
    Figure("linux_init_tsc", "7. Linux dom0: power-on to /init", "ms", 0.8, "linux", 1e-6),
    Figure("linux_init_uptime", "7. Linux dom0: kernel's own uptime at /init", "ms", 0.8,
           "linux", 1e-6),
    Figure("io_init_kernel", "7. Linux dom0 with ACPI and PCI on (figure 10's machine): "
           "kernel's own clock at /init (printk time of Run /init)", "ms", 0.8, "io", 1e-6),
    Figure("xl_create_init", "8. xl create of a 128 MiB Linux domU (Debian's xl in dom0): to "
           "its /init", "ms", 0.5, "xl", 1e-6),
    Figure("xl_create_tool", "8. xl create: the command until it returns (built, unpaused)",
           "ms", None, "xl", 1e-6),
    Figure("xl_create_kernel", "8. xl create: the domU kernel's own clock at its /init "
           "(printk time of Run /init)", "ms", None, "xl", 1e-6),
    Figure("xl_save", "8. xl save of that running domU to a file in dom0's tmpfs", "ms", 0.7,
           "xl", 1e-6),
    Figure("xl_restore", "8. xl restore of it (the command until it returns: built, unpaused)",
           "ms", 0.7, "xl", 1e-6),
    Figure("xm_create_init", "8. xm create of the same domU (our xend and xm, xenstored and "
           "xenconsoled in dom0): to its /init; ratio against xl create on Xen 4.17", "ms", 0.5,
           "xm", 1e-6, against="xl_create_init"),
    Figure("xm_create_tool", "8. xm create: the command until it returns (built, unpaused)",
           "ms", None, "xm", 1e-6),
    Figure("xm_create_kernel", "8. xm create: the domU kernel's own clock at its /init "
           "(printk time of Run /init)", "ms", None, "xm", 1e-6),
    Figure("xm_save", "8. xm save of the running domU (our xend); ratio against xl save on "
           "Xen 4.17", "ms", None, "xm", 1e-6, against="xl_save"),
    Figure("xm_restore", "8. xm restore of it; ratio against xl restore on Xen 4.17", "ms",
           None, "xm", 1e-6, against="xl_restore"),
    proc_figure("proc_null_syscall", "null system call (getppid)"),
    proc_figure("proc_fork_exit", "fork + exit + wait"),
    proc_figure("proc_fork_exec", "fork + execve of a tiny static binary + wait"),
    proc_figure("proc_page_fault", "page fault: first write to a fresh anonymous page"),
    proc_figure("proc_pipe_rtt", "pipe round trip between two processes (two context "
                "switches)"),
    proc_figure("proc_mmap_1m", "mmap of 1 MiB with MAP_POPULATE + munmap"),
    io_figure("fio_vblk_rand4k_iops", "fio 4 KiB random read, virtio-blk, in dom0", "IOPS"),
    io_figure("fio_vblk_seq1m_kibs", "fio 1 MiB sequential read, virtio-blk, in dom0", "MB/s",
              1.024e-3),
    io_figure("fio_nvme_rand4k_iops", "fio 4 KiB random read, NVMe, in dom0", "IOPS"),
    io_figure("fio_nvme_seq1m_kibs", "fio 1 MiB sequential read, NVMe, in dom0", "MB/s",
              1.024e-3),
    split_figure("split_tcp_domu_dom0", "iperf3 TCP domU -> dom0 (netfront, netback, bridge)",
                 "Mbit/s", 1e-3),
    split_figure("split_tcp_dom0_domu", "iperf3 TCP dom0 -> domU (iperf3 -R)", "Mbit/s", 1e-3),
    split_figure("split_tcp_domu_domu", "iperf3 TCP domU -> domU (a second domU's server, same "
                 "bridge)", "Mbit/s", 1e-3),
    split_figure("split_fio_rand4k_iops", "fio 4 KiB random read on the domU's xvda (a file in "
                 "dom0's tmpfs)", "IOPS"),
    split_figure("split_fio_seqread1m_kibs", "fio 1 MiB sequential read on xvda", "MB/s",
                 1.024e-3),
    split_figure("split_fio_seqwrite1m_kibs", "fio 1 MiB sequential write on xvda", "MB/s",
                 1.024e-3),
] + migrate.figures(Figure)  # figure 12: live migration between two machines

# Which platforms run each workload.
# "domains" runs on xeno only: Xen 4.17 on x86 cannot build a second domain at
# boot (guests/tests/interdomain, dom0 + a boot-time domU). "migrate" too:
# Debian's Xen 4.17 has no PV log-dirty (bench/migrate.py). "migrate" boots
# two machines at once, so it runs alone, after the others (measure()).
WORKLOADS = {"pv-ops": ("xeno", "xen"), "linux": ("xeno", "xen", "native"),
             "domains": ("xeno",), "xl": ("xeno", "xen"), "xm": ("xeno", "xen"),
             "xs": ("xeno",), "io": ("xeno", "xen", "native"), "split": ("xeno", "xen"),
             "migrate": ("xeno",)}

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

# The xenstored figures (workload "xs", tools/dom0/tests/xsbench.sh): each
# daemon in turn in the same dom0 on xeno, timed by tools/dom0/xsbench.c;
# BENCH xs_<op>_<daemon>_<path> in ns per operation. Goal: ours at most
# XS_GOAL x the time (at least 1/XS_GOAL x the throughput) of each of Debian's.
XS_OPS = (("write", "XS_WRITE"), ("read", "XS_READ"),
          ("txn", "transaction: start, two writes, commit"))
XS_PATHS = (("socket", "dom0 client on the Unix socket"),
            ("ring", "through the kernel's xenbus ring (a domU's path)"))
XS_DAEMONS = (("ocaml", "oxenstored"), ("c", "C xenstored"), ("xeno", "ours"))
XS_GOAL = 0.5

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
    args = f"{LINUX_ARGS} norandmaps procbench"
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
    words = ["console=hvc0", *LINUX_ARGS.split(), f"xeno.test={test}", daemons]
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


def median(vals, scale=1.0):
    return statistics.median(vals) * scale if vals else None


def num(v):
    return f"{v:.1f}" if v < 100 else f"{v:.0f}"


def verdict(goal, ratio, higher=False):
    if goal is None:
        return "-"
    sign = ">=" if higher else "<="
    if ratio is None:
        return f"{sign} {goal}: not measured yet"
    met = ratio >= goal if higher else ratio <= goal
    return f"{sign} {goal} met" if met else f"{sign} {goal} **behind**"


def ratio_text(r):
    return "-" if r is None else f"{r:.2f}"


def div(a, b):
    return a / b if a is not None and b else None


def overhead_ratio(x, r, n):
    """(xeno - native) / (Xen - native): xeno's overhead over native against Xen's."""
    if x is None or r is None or n is None or r <= n:
        return None
    return (x - n) / (r - n)


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
        if not fig.higher or fig.workload != workload:
            continue
        cells = {hv: cell(fig, hv, samples, na, ran, platforms) for hv in PLATFORMS}
        x, r, n = (cells[hv][1] for hv in ("xeno", "xen", "native"))
        rows.append(f"| {fig.label} | {fig.unit} | {smp} | " +
                    " | ".join(cells[hv][0] for hv in PLATFORMS) +
                    f" | {ratio_text(div(x, r))} | {ratio_text(div(x, n))} | "
                    f"{ratio_text(div(r, n))} | {verdict(fig.goal, div(x, r), True)} |")
    return "\n".join(rows)


def table(samples, na, smp, ran, platforms=PLATFORMS):
    head = ("| figure | unit | smp | " + " | ".join(HEADERS[hv] + ": median (min-max)"
                                                 for hv in PLATFORMS) + " | xeno/Xen | goal |")
    rows = [head, "|" + "---|" * (len(PLATFORMS) + 5)]
    for fig in FIGURES:
        if fig.overhead or fig.higher or fig.workload == "migrate":
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


def xs_cells(samples, op, path):
    """Median ns per operation of each daemon (None where not measured)."""
    meds = {}
    for daemon, _ in XS_DAEMONS:
        vals = samples["xeno"].get(f"xs_{op}_{daemon}_{path}")
        meds[daemon] = statistics.median(vals) if vals else None
    return meds


def xs_table(samples):
    """The xenstored figures: ns per operation of each daemon, ours/theirs."""
    rows = ["| operation | path | " + " | ".join(f"{label}: ns" for _, label in XS_DAEMONS) +
            " | ours/oxenstored | ours/C | goal |", "|" + "---|" * (len(XS_DAEMONS) + 5)]
    for op, op_label in XS_OPS:
        for path, path_label in XS_PATHS:
            m = xs_cells(samples, op, path)
            worst = max((r for r in (div(m["xeno"], m["ocaml"]), div(m["xeno"], m["c"]))
                         if r is not None), default=None)
            rows.append(f"| {op_label} | {path_label} | " +
                        " | ".join("-" if m[d] is None else num(m[d]) for d, _ in XS_DAEMONS) +
                        f" | {ratio_text(div(m['xeno'], m['ocaml']))} | "
                        f"{ratio_text(div(m['xeno'], m['c']))} | {verdict(XS_GOAL, worst)} |")
    return "\n".join(rows)


def xs_behind(samples):
    lines = []
    for op, op_label in XS_OPS:
        for path, _ in XS_PATHS:
            m = xs_cells(samples, op, path)
            for d, label in XS_DAEMONS[:2]:
                r = div(m["xeno"], m[d])
                if r is None or r > XS_GOAL:
                    lines.append(f"- xenstored {op_label} ({path}): ours/{label} = "
                                 f"{ratio_text(r)}, goal <= {XS_GOAL}")
    return lines


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
