#!/usr/bin/python3
"""Hypervisor instructions of one benchmark phase, by crossing, from a QEMU exec log.

procbench (figure 9) with the word `procbench_marks` on dom0's command line
brackets each timed loop with console writes, each a `console_io`
hypercall. Record the figure-7 boot under -icount shift=0 with the
hypervisor's text only in the log:

  qemu-system-x86_64 ... -d exec,nochain,in_asm \\
      -dfilter 0xffff82d040100000..0xffff82d040200000 -D exec.log

(docs/performance.md, "Figure 9's floor"). The log is cut into windows at
every entry of do_console_io. Without --window, one line per window of more
than --min instructions (its number, total, and how often the main handlers
were entered): find the loop's windows by their counts. With --window LO-HI
(repeatable), each range's instructions are grouped by crossing, from a
guest entry to the iretq/sysret back, named by the first handler of KINDS
it ran, and by function. Per-CPU SYSCALL stubs lie outside the range: add
their 4 instructions per lstar_enter entry.
"""
import argparse
import bisect
import collections
import re
import subprocess

TRACE = re.compile(r"\[([0-9a-f]+)/([0-9a-f]+)/([0-9a-f]+)/([0-9a-f]+)\]")
# The rest of an instruction longer than 8 bytes (movabs): its own 0x line, not an instruction.
BYTES_ONLY = re.compile(r"^0x[0-9a-f]+:(\s+[0-9a-f]{2})+\s*$")
EXIT = re.compile(r"\b(iretq|sysretq|sysretl)\b")
KINDS = [("pv_ptwr_fault", "ptwr"), ("pv_ptwr_kernel_fault", "ptwr"),
         ("do_mmu_update", "mmu_update"), ("do_iret", "iret"), ("lstar_iret", "iret"),
         ("do_mmuext_op", "mmuext_op"), ("pv_syscall_from_user", "syscall bounce"),
         ("pv_user_page_fault", "user #PF bounce"),
         ("user_page_fault", "user #PF bounce"), ("pv_do_page_fault", "#PF"),
         ("timer_interrupt", "timer irq"), ("pv_bounce_upcall", "upcall"),
         ("do_console_io", "console_io")]
HANDLERS = ("user_page_fault", "pv_do_page_fault", "pv_ptwr_fault", "pv_ptwr_kernel_fault",
            "do_mmu_update", "do_iret", "lstar_iret", "lstar_enter")


def symbols(path):
    out = subprocess.run(["nm", "-n", path], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()]
    syms = [(int(r[0], 16), r[2]) for r in rows if len(r) >= 3 and r[1] in "tTwW"]
    return [a for a, _ in syms], [n for _, n in syms]


def blocks(log):
    """(pc, instructions, ends in a return to the guest) of every block run."""
    sizes, exits, pending, last = {}, set(), None, ""
    with open(log, errors="replace") as f:
        for line in f:
            if line.startswith("IN:"):
                pending, last = 0, ""
            elif pending is not None and line.startswith("0x") and not BYTES_ONLY.match(line):
                pending, last = pending + 1, line
            elif line.startswith("Trace"):
                m = TRACE.search(line)
                if not m:
                    continue
                key = m.group(0)
                if pending is not None:
                    sizes[key], pending = pending, None
                    if EXIT.search(last):
                        exits.add(key)
                yield int(m.group(2), 16), sizes.get(key, 1), key in exits


def kind(funcs):
    for f, k in KINDS:
        if f in funcs:
            return k
    return "other: " + (funcs.most_common(1)[0][0] if funcs else "?")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("log")
    ap.add_argument("--syms", default="install/boot/xeno-syms")
    ap.add_argument("--window", action="append", default=[], help="LO-HI, windows to profile")
    ap.add_argument("--min", type=int, default=50000, help="listing: smallest window shown")
    a = ap.parse_args()
    addrs, names = symbols(a.syms)
    entry = {n: addr for addr, n in zip(addrs, names)}
    starts = set(addrs)
    ranges = [tuple(int(x) for x in w.split("-")) for w in a.window]
    cache = {}

    def name(pc):
        if pc not in cache:
            i = bisect.bisect_right(addrs, pc) - 1
            cache[pc] = names[i] if i >= 0 else "?"
        return cache[pc]

    win, total, entered = 0, 0, collections.Counter()
    res = [collections.defaultdict(lambda: [0, 0, collections.Counter()]) for _ in ranges]
    cur_n, cur_f = 0, collections.Counter()
    for pc, n, is_exit in blocks(a.log):
        if pc == entry["do_console_io"]:
            if not ranges and total > a.min:
                print(win, total, " ".join(f"{h}={entered[h]}" for h in HANDLERS))
            win, total, entered = win + 1, 0, collections.Counter()
        fn = name(pc)
        total += n
        if pc in starts:
            entered[fn] += 1
        g = next((i for i, (lo, hi) in enumerate(ranges) if lo <= win <= hi), None)
        if g is None:
            cur_n, cur_f = 0, collections.Counter()
            continue
        cur_n += n
        cur_f[fn] += n
        if is_exit:
            r = res[g][kind(cur_f)]
            r[0], r[1] = r[0] + 1, r[1] + cur_n
            r[2].update(cur_f)
            cur_n, cur_f = 0, collections.Counter()
    for (lo, hi), r in zip(ranges, res):
        print(f"== windows {lo}-{hi}: {sum(v[1] for v in r.values())} instructions")
        for k, (c, n, fs) in sorted(r.items(), key=lambda x: -x[1][1]):
            top = ", ".join(f"{f} {m / c:.0f}" for f, m in fs.most_common(6))
            print(f"{k:28s} {c:7d} x {n / c:8.1f} = {n:10d}   {top}")


if __name__ == "__main__":
    main()
