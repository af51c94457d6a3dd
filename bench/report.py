"""Table cells of docs/performance.md for bench/run.py: medians, ratios and
their verdicts against a goal, and the xenstored table (its figures are
BENCH xs_<op>_<daemon>_<path>, ns per operation, figures.XS_*).
"""
import statistics

from figures import XS_DAEMONS, XS_GOAL, XS_OPS, XS_PATHS


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
