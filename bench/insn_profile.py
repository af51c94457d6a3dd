#!/usr/bin/python3
"""Where a hypervisor path spends its instructions, from a QEMU exec log.

Under `-icount shift=0` a cycle of the bench guests is one guest instruction,
so counting the instructions QEMU executed in each hypervisor function gives
the exact cost of a path, function by function. Record a bench guest with

  qemu-system-x86_64 ... -icount shift=0,sleep=off \\
      -d exec,nochain,in_asm -dfilter 0xffff82d040100000..0xffff82d040200000 -D exec.log

(`-dfilter`: the hypervisor's text, so the guest is not logged), then

  bench/insn_profile.py exec.log HANDLER [--syms install/boot/xeno-syms]

HANDLER is a function the path enters once per iteration (e.g.
pv_ptwr_fault, evtchn_send, do_xen_version). The window runs from its first
entry to its last; instructions are summed per function over that window and
divided by the number of entries. Shared exit paths of calls outside the
loop at the window's edges add a little noise. A handler that earlier
phases of the guest also enter (do_mmu_update, say) takes `--last N`: the
window is then its last N iterations only.
"""
import argparse
import bisect
import collections
import re
import subprocess

TRACE = re.compile(r"\[([0-9a-f]+)/([0-9a-f]+)/([0-9a-f]+)/([0-9a-f]+)\]")
# The rest of an instruction longer than 8 bytes (movabs): its own 0x line, not an instruction.
BYTES_ONLY = re.compile(r"^0x[0-9a-f]+:(\s+[0-9a-f]{2})+\s*$")


def symbols(path):
    out = subprocess.run(["nm", "-n", path], capture_output=True, text=True, check=True).stdout
    syms = [(int(a, 16), n) for a, t, n in (line.split()[:3] for line in out.splitlines()
                                            if len(line.split()) >= 3) if t in "tTwW"]
    return [a for a, _ in syms], [n for _, n in syms]


def executed_blocks(log):
    """(pc, instructions) of every translation block QEMU ran, in order."""
    sizes, pending = {}, None
    with open(log, errors="replace") as f:
        for line in f:
            if line.startswith("IN:"):
                pending = 0
            elif pending is not None and line.startswith("0x") and not BYTES_ONLY.match(line):
                pending += 1
            elif line.startswith("Trace"):
                m = TRACE.search(line)
                if not m:
                    continue
                if pending is not None:
                    sizes[m.group(0)], pending = pending, None
                yield int(m.group(2), 16), sizes.get(m.group(0), 1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("log")
    ap.add_argument("handler")
    ap.add_argument("--syms", default="install/boot/xeno-syms")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--last", type=int, default=0,
                    help="only the last N iterations (a handler that earlier phases also enter)")
    a = ap.parse_args()
    addrs, names = symbols(a.syms)

    def name(pc):
        i = bisect.bisect_right(addrs, pc) - 1
        return names[i] if i >= 0 else "?"

    entry = addrs[names.index(a.handler)]
    blocks = list(executed_blocks(a.log))
    hits = [i for i, (pc, _) in enumerate(blocks) if pc == entry]
    if not hits:
        raise SystemExit(f"{a.handler} never ran in {a.log}")
    if a.last:
        hits = hits[-(a.last + 1):]
    per = collections.Counter()
    for pc, n in blocks[hits[0]:hits[-1]]:
        per[name(pc)] += n
    calls = max(len(hits) - 1, 1)
    print(f"{a.handler}: {len(hits)} entries, {sum(per.values()) / calls:.1f} "
          "hypervisor instructions per iteration")
    for fn, n in per.most_common(a.top):
        print(f"{n / calls:9.1f}  {fn}")


if __name__ == "__main__":
    main()
