"""The figures of docs/performance.md (bench/run.py's table rows, in order),
the platforms each workload runs on, and the xenstored table's cells: what
is measured and against what goal, apart from how (run.py) and how it is
written (run.py's reporting).
"""
from dataclasses import dataclass

import migrate

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
    # A cost per I/O in an I/O table (lower is better, no goal): the work
    # proxy beside a throughput that waits on QEMU's threads in host time.
    per_io: bool = False


def io_figure(key, label, unit, scale=1.0):
    """An I/O figure (bench/io/iobench.sh, workload "io"): a throughput."""
    return Figure(key, "10. " + label, unit, 1.0, "io", scale, higher=True)


def io_cost_figure(key, label):
    """fio's system CPU per I/O of an io figure (iobench.sh's _sys_ns)."""
    return Figure(key, "10. " + label, "us", None, "io", 1e-3, per_io=True)


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
    Figure("grant_copy_batch", "6. grant copies of 2 KiB in batches of 16, own frames into "
           "another domain's grants (another frame each op, another grant every second op: "
           "netback's guest-rx): per op", "cycles", None, "pv-ops"),
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
    Figure("xm_create_again", "8. xm create of the same domU once more, alone: to its /init",
           "ms", None, "xm", 1e-6),
    Figure("xm_create_flood", "8. xm create of it beside a domU flooding its console (issue 14: "
           "at most 1.1x the row above on each hypervisor)", "ms", None, "xm", 1e-6),
    Figure("xm_create_spin", "8. xm create of it beside a domU spinning (a CPU-bound neighbour: "
           "its fair share)", "ms", None, "xm", 1e-6),
    Figure("xm_create_xsflood", "8. xm create of it beside a domU writing xenstore as fast as it "
           "can (issue 14: at most 1.1x the spinning neighbour's row)", "ms", None, "xm", 1e-6),
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
    io_cost_figure("fio_vblk_rand4k_sys_ns", "system CPU per 4 KiB random read, virtio-blk "
                   "(fio's sys share of its runtime, tick-sampled)"),
    io_cost_figure("fio_vblk_seq1m_sys_ns", "system CPU per 1 MiB sequential read, virtio-blk"),
    io_cost_figure("fio_nvme_rand4k_sys_ns", "system CPU per 4 KiB random read, NVMe"),
    io_cost_figure("fio_nvme_seq1m_sys_ns", "system CPU per 1 MiB sequential read, NVMe"),
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
