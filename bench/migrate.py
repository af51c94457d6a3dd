"""bench/run.py's workload "migrate" (figure 12, issue 17): live migration
with our toolstack (`xm migrate --live --json`) between two xeno machines
booted at once under icount, on a wire of their own as in
tests/toolstack/test_migrate_two.py (tests/lib/xenowire.py: QEMU dgram
netdevs on two unix sockets in a fresh directory: nothing leaves this
host).

Each machine: q35, bench/run.py's CPU, icount and RTC, MEM_MB of memory
(the 512 MiB case must fit beside dom0's DOM0_MEM), an e1000e, ACPI and
PCI on (the NIC needs them), the dom0 image with an uncompressed cpio
appended holding bench/migrate/dom0.sh as /usr/lib/xeno/tests/migbench.sh
(xeno.test=migbench, xeno.toolstack=xeno: our xenstored, xenconsoled and
xend). That script runs the CASES, each domU created on the machine the
previous one arrived at, and prints xend's JSON (MIGBENCH-JSON lines) and
the target's own side (MIGBENCH-IN: relocd.c's "migration in:" and
"migrated in" lines). bench_lines() turns them into BENCH lines,
migrate_<case>_<measure>; table() into figure 12.

xeno only: Debian's Xen 4.17 has no PV log-dirty (built without shadow
paging), so neither xl migrate nor a live xm migrate can run there.
"""
import json
import os
import re
import statistics

import xenowire  # tests/lib, on the path as for run.py's xenoqemu

HERE = os.path.dirname(os.path.abspath(__file__))
MEM_MB = 1536
DOM0_MEM = "512M"
TIMEOUT = 1800  # host seconds; a pair took 2.5-5 minutes
DOM0_ARGS = "console=hvc0 xeno.toolstack=xeno xeno.test=migbench"
UNTIL = (r"Powering off\.|Rebooting\.|Hardware Dom0 (halted|shutdown|crashed)[^\n]*\n"
         r"|Dom0 asked for ACPI S5[^\n]*\n|Kernel panic - not syncing")

# (case, label), in the order dom0.sh runs them.
CASES = (("idle128", "idle, 128 MiB, A -> B"), ("idle256", "idle, 256 MiB, B -> A"),
         ("idle512", "idle, 512 MiB, A -> B"),
         ("dirty256", "256 MiB dirtying 16 MiB/s, B -> A"))
# (measure, column, unit, scale from the BENCH value): BENCH values are
# integers, so times go as us, bytes as bytes. Under icount each machine
# has its own virtual clock, and a machine waiting for the other (idle,
# sleep=off) jumps its clock to its next timer: a span that waits for the
# other machine has no meaning as a time. So the downtime that counts is
# "work": the work inside it on each machine's own clock, the source's
# last round less its write()s (its clock, xend's JSON: a write blocks
# when the socket's buffer is full, a wait for the wire) plus the target's
# END to "ready", XS_INTRODUCE and "go" to "done" (its clock, relocd.c's
# log lines): the downtime over a wire that costs nothing. The source's
# writes (the last round's and the stream end's), xend's own downtime and
# total (the source's clock, waits included) are kept beside it.
MEASURES = (("work", "downtime: work on both clocks", "ms", 1e-3),
            ("last_round", "source: last round less its writes", "ms", 1e-3),
            ("writes", "source: its writes and the stream end's (waits in)", "ms", 1e-3),
            ("target_ready", "target: END to ready", "ms", 1e-3),
            ("target_introduce", "target: XS_INTRODUCE", "ms", 1e-3),
            ("target_done", "target: go to done", "ms", 1e-3),
            ("last_pages", "last round", "pages", 1.0),
            ("rounds", "rounds", "", 1.0),
            ("sent", "sent", "MiB", 1 / 1048576),
            ("downtime", "xend's downtime (source clock, waits in)", "ms", 1e-3),
            ("total", "xend's total (source clock)", "s", 1e-6))
# The target's lines (relocd.c): (measure, regex of its ms).
TARGET = (("target_ready", r"END to built and \"ready\" (\d+\.\d+) ms"),
          ("target_introduce", r"XS_INTRODUCE (\d+\.\d+) ms"),
          ("target_done", r"\(\"done\" (\d+\.\d+) ms after \"go\""))
# Issue 17: idle 256 MiB <= 10 ms; dirtying 16 MiB/s within 2 x that.
GOAL_IDLE_MS = 10.0
GOAL_DIRTY_X = 2.0


def figures(figure):
    """The FIGURES lines (figure: figures.py's Figure class)."""
    return [figure(f"migrate_{case}_{m}", f"12. xm migrate --live, {label}: {col}", unit, None,
                   "migrate", scale)
            for case, label in CASES for m, col, unit, scale in MEASURES]


# --- the image and the run ----------------------------------------------------
def image(dom0_image, bench_dir, cpio_entry):
    """The dom0 image with bench/migrate/dom0.sh appended (uncompressed newc:
    Linux unpacks it after the compressed one at a 4-byte offset)."""
    with open(os.path.join(HERE, "migrate", "dom0.sh"), "rb") as f:
        blob = (cpio_entry("usr/lib/xeno/tests/migbench.sh", 0o100755, f.read(), ino=900) +
                cpio_entry("TRAILER!!!", 0, ino=0))
    with open(dom0_image, "rb") as f:
        head = f.read()
    out = os.path.join(bench_dir, "migrate-dom0.cpio")
    os.makedirs(bench_dir, exist_ok=True)
    with open(out + ".tmp", "wb") as f:
        f.write(head + b"\0" * (-len(head) % 4) + blob)
    os.replace(out + ".tmp", out)
    return out


def run(xenoqemu, name, kernel, dom0_image, smp, cpu, qemu_extra, hv_args=""):
    """Both machines at once; their logs, A's then B's."""
    def boot(role, tmp):
        r = xenoqemu.run(f"{name}-{role}", timeout=TIMEOUT, kernel=xenoqemu.XENO, cpu=cpu,
                         smp=smp, mem=f"{MEM_MB}M", icount=True, until=UNTIL,
                         append=f"console=com1 dom0_mem={DOM0_MEM},max:{DOM0_MEM} "
                                f"{hv_args}".strip(),
                         modules=[f"{kernel} {DOM0_ARGS} xeno.migbench={role}", dom0_image],
                         extra=tuple(qemu_extra) + xenowire.wire(tmp, role))
        return r.log
    return xenowire.both(boot)


# --- parsing ------------------------------------------------------------------
def clean(log):
    """The serial log without the hypervisor's own lines, which can land in
    the middle of a dom0 line (each runs from "(XEN)" to its newline)."""
    return re.sub(r"\(XEN\)[^\n]*\n", "", log.replace("\r", ""))


def case_json(log, case):
    """(rc, xend's JSON or None) of CASE's MIGBENCH-JSON line, or None."""
    m = re.search(rf"^MIGBENCH-JSON {case} (\d+) (.*)$", log, re.M)
    if not m:
        return None
    try:
        return int(m[1]), json.loads(m[2])
    except ValueError:
        return int(m[1]), None


def target_ms(log, case):
    """{measure: ms} of the target's side on its own clock (its MIGBENCH-IN
    lines: relocd.c's "migration in:" and "migrated in")."""
    out = {}
    for m, pattern in TARGET:
        hit = re.search(rf"^MIGBENCH-IN {case} .*{pattern}", log, re.M)
        if hit:
            out[m] = float(hit[1])
    return out


def measures(res, target):
    """{measure: BENCH value} of one migration: xend's JSON, the target's ms."""
    parts, write = res["downtime_parts"], res["last_round"]["write_ms"]
    out = {"downtime": res["downtime_ms"] * 1e3, "last_pages": res["last_round_pages"],
           "rounds": res["rounds"], "sent": res["bytes"], "total": res["total_ms"] * 1e3,
           "last_round": (parts["last_round_ms"] - write) * 1e3,
           "writes": (write + parts["stream_end_ms"]) * 1e3}
    out.update({m: ms * 1e3 for m, ms in target.items()})
    if len(target) == len(TARGET):
        out["work"] = out["last_round"] + sum(target.values()) * 1e3
    return out


def went_on(log, case):
    """Whether the domU's counter went on on the target from the source's
    last tick (MIGBENCH-LAST, MIGBENCH-TICKS): a move, not a restart."""
    last = re.search(rf"^MIGBENCH-LAST {case} (\d+)\s*$", log, re.M)
    after = re.search(rf"^MIGBENCH-TICKS {case} ([\d ]+)$", log, re.M)
    if not last or not after:
        return False
    ticks = [int(t) for t in after[1].split()]
    return bool(ticks) and ticks[0] > int(last[1]) and \
        ticks == list(range(ticks[0], ticks[0] + len(ticks)))


def failure(got, logs, case):
    """Why CASE has no figures (None: it has)."""
    if got is None:
        return "no MIGBENCH-JSON line (the run stopped before it)"
    if got[0]:
        return f"xm migrate exit {got[0]}"
    if got[1] is None:
        return "its JSON unreadable"
    if not got[1].get("live"):
        return "not live"
    if not went_on(logs, case):
        return "the domU's counter did not go on on the target"
    return None


def bench_lines(log_a, log_b):
    """BENCH (or BENCH-NA) lines of every case, from both machines' logs."""
    logs = clean(log_a) + "\n" + clean(log_b)
    lines = []
    for case, _ in CASES:
        got = case_json(logs, case)
        why = failure(got, logs, case)
        if why:
            lines += [f"BENCH-NA migrate_{case}_{m} {why}" for m, *_ in MEASURES]
            continue
        for m, value in measures(got[1], target_ms(logs, case)).items():
            lines.append(f"BENCH migrate_{case}_{m} {round(value)} x")
    return "\n".join(lines)


# --- the table ----------------------------------------------------------------
def value(samples, case, m, scale):
    vals = samples.get(f"migrate_{case}_{m}")
    return statistics.median(vals) * scale if vals else None


def fmt(v, spread=None, count=False):
    if v is None:
        return "-"
    text = f"{v:.0f}" if count or v >= 100 else f"{v:.1f}"
    return text + (f" ({spread[0]:.1f}-{spread[1]:.1f})" if spread else "")


def table(samples, na, ran):
    """Figure 12: one row per case (xeno's medians; min-max of the downtime
    when there were several runs)."""
    if "migrate" not in ran:
        return "(not run)"
    head = "| case | " + " | ".join(f"{col}" + (f" ({unit})" if unit else "")
                                    for _, col, unit, _ in MEASURES) + " | goal |"
    rows = [head, "|" + "---|" * (len(MEASURES) + 2)]
    idle = value(samples, "idle256", "work", 1e-3)
    for case, label in CASES:
        cells = []
        for m, _, unit, scale in MEASURES:
            vals = samples.get(f"migrate_{case}_{m}") or []
            spread = ((min(vals) * scale, max(vals) * scale)
                      if m == "work" and len(vals) > 1 else None)
            cells.append(fmt(value(samples, case, m, scale), spread, unit in ("", "pages")))
        if not samples.get(f"migrate_{case}_work"):
            cells[0] = f"none ({na.get(f'migrate_{case}_work', 'missing')})"
        rows.append(f"| {label} | " + " | ".join(cells) + f" | {goal(case, samples, idle)} |")
    return "\n".join(rows)


def goal(case, samples, idle):
    down = value(samples, case, "work", 1e-3)
    if case == "idle256":
        limit = GOAL_IDLE_MS
    elif case == "dirty256":
        limit = None if idle is None else GOAL_DIRTY_X * idle
    else:
        return "-"
    if down is None or limit is None:
        return "not measured"
    sign = f"<= {limit:.1f} ms" if case == "idle256" else f"<= {GOAL_DIRTY_X} x idle256"
    return f"{sign} met" if down <= limit else f"{sign} **behind**"


def behind(samples):
    """Lines for run.py's "behind" list."""
    idle = value(samples, "idle256", "work", 1e-3)
    out = []
    for case in ("idle256", "dirty256"):
        if "met" not in goal(case, samples, idle):
            out.append(f"- 12. xm migrate --live, {case}: downtime (work on both clocks) "
                       f"{fmt(value(samples, case, 'work', 1e-3))} ms, goal "
                       f"{goal(case, samples, idle)}")
    return out
