#!/usr/bin/python3
"""xenotrace: xeno's trace dump (serial log) -> Chrome/Perfetto JSON + summary.

The hypervisor writes its per-CPU trace buffers to the serial line at
power-off when booted with `tbuf_size=<pages> tbuf_dump=1` (format:
hypervisor/include/xeno/trace.h, re-declared here; tests/boot/
test_trace.py checks that both agree). This reads that log and writes

  - a trace JSON for ui.perfetto.dev or chrome://tracing: one track per
    physical CPU and one per vCPU; slices for hypercalls and for guest
    exceptions the hypervisor handled; instants for the other events;
  - a text summary in the manner of xenalyze: per domain, count, total and
    mean cycles per hypercall/sub-op and per fault kind, and the share of
    the traced time each kind took.

Usage: xenotrace.py LOG [--json OUT.json] [--summary OUT.txt]
Names of hypercalls and sub-ops come from include/public/*.h.
"""
import argparse
import base64
import binascii
import collections
import json
import os
import re
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PUBLIC = os.path.join(ROOT, "include", "public")

RECORD = struct.Struct("<QHHHHQQ")  # tsc, event, domid, vcpu, cpu, a, b
IDLE_DOMID = 0x7FFF

# Event ids (xeno/trace.h): (category << 8) | n.
EVENTS = {
    "TRC_HC_ENTRY": 0x0101,
    "TRC_HC_EXIT": 0x0102,
    "TRC_HC_SUBOP": 0x0103,
    "TRC_EXC_ENTRY": 0x0201,
    "TRC_EXC_EXIT": 0x0202,
    "TRC_PTWR": 0x0204,
    "TRC_PORT_IO": 0x0205,
    "TRC_EVTCHN_SEND": 0x0301,
    "TRC_UPCALL": 0x0302,
    "TRC_SCHED_SWITCH": 0x0401,
    "TRC_SCHED_BLOCK": 0x0402,
    "TRC_SCHED_WAKE": 0x0403,
    "TRC_TIMER_FIRE": 0x0501,
    "TRC_TLB_FLUSH": 0x0601,
}
E = {k[4:]: v for k, v in EVENTS.items()}
NAMES = {v: k[4:].lower() for k, v in EVENTS.items()}

# Hypercalls whose first argument is the sub-op, and the prefix of its names.
SUBOP_PREFIX = {
    "event_channel_op": "EVTCHNOP_", "memory_op": "XENMEM_", "grant_table_op": "GNTTABOP_",
    "vcpu_op": "VCPUOP_", "sched_op": "SCHEDOP_", "physdev_op": "PHYSDEVOP_",
    "xen_version": "XENVER_", "hvm_op": "HVMOP_", "callback_op": "CALLBACKOP_",
    "console_io": "CONSOLEIO_", "vm_assist": "VMASST_CMD_",
}
# Hypercalls whose sub-op is inside their argument (TRC_HC_SUBOP records it).
SUBOP_IN_STRUCT = {"mmuext_op": "MMUEXT_", "platform_op": "XENPF_", "sysctl": "XEN_SYSCTL_",
                   "domctl": "XEN_DOMCTL_"}
# What a trapped #GP/#UD instruction is, by its first opcode bytes (after
# prefixes): the privileged instructions a PV kernel has emulated.
INSN_NAMES = {(0xE4,): "in", (0xE5,): "in", (0xEC,): "in", (0xED,): "in", (0xE6,): "out",
              (0xE7,): "out", (0xEE,): "out", (0xEF,): "out", (0x6C,): "ins", (0x6D,): "ins",
              (0x6E,): "outs", (0x6F,): "outs", (0xFA,): "cli", (0xFB,): "sti", (0xF4,): "hlt",
              (0xCD,): "int n", (0xCF,): "iret", (0xCB,): "lret", (0xCA,): "lret",
              (0x0F, 0x30): "wrmsr", (0x0F, 0x32): "rdmsr", (0x0F, 0x31): "rdtsc",
              (0x0F, 0x33): "rdpmc", (0x0F, 0xA2): "cpuid", (0x0F, 0x20): "mov from cr",
              (0x0F, 0x22): "mov to cr", (0x0F, 0x21): "mov from dr", (0x0F, 0x23): "mov to dr",
              (0x0F, 0x06): "clts", (0x0F, 0x09): "wbinvd", (0x0F, 0x08): "invd",
              (0x0F, 0x01): "0f 01 (lgdt/invlpg/...)", (0x0F, 0x0B): "ud2", (0x0F, 0x00): "0f 00"}
PREFIXES = {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF0, 0xF2, 0xF3}


def insn_name(raw):
    """Name of the instruction whose first 8 bytes are raw (little-endian u64)."""
    b = list(raw.to_bytes(8, "little"))
    while b and (b[0] in PREFIXES or 0x40 <= b[0] <= 0x4F):
        b.pop(0)
    if b[:5] == [0x0F, 0x0B, 0x78, 0x65, 0x6E]:  # ud2; .ascii "xen": the forced prefix
        return "forced cpuid" if b[5:7] == [0x0F, 0xA2] else "forced prefix"
    return INSN_NAMES.get(tuple(b[:2]), INSN_NAMES.get(tuple(b[:1]), f"op {b[0]:#04x}"
                                                       if b else "?"))


def port_io_name(a):
    """TRC_PORT_IO's a (port | size << 16 | in << 24) as "in 0x0070/1"."""
    return f"{'in' if a >> 24 & 1 else 'out'} {a & 0xFFFF:#06x}/{a >> 16 & 0xFF}"


VECTORS = {0: "#DE", 1: "#DB", 3: "#BP", 6: "#UD", 7: "#NM", 13: "#GP", 14: "#PF"}


def public_defines(prefix):
    """{number: name} of `#define <prefix>name <number>` in include/public."""
    out = {}
    pat = re.compile(r"^#define\s+" + re.escape(prefix) + r"(\w+)[\s\\]+(\d+|0x[0-9a-fA-F]+)\b",
                     re.M)  # a value may follow a line continuation
    for fn in sorted(os.listdir(PUBLIC)):
        if not fn.endswith(".h"):
            continue
        with open(os.path.join(PUBLIC, fn), errors="replace") as f:
            for m in pat.finditer(f.read()):
                out.setdefault(int(m[2], 0), m[1])
    return out


class Names:
    def __init__(self):
        self.hc = public_defines("__HYPERVISOR_")
        self.sub = {}

    def hypercall(self, nr):
        return self.hc.get(nr, f"hypercall_{nr}")

    def subop(self, nr, arg, prefixes=SUBOP_PREFIX):
        name = self.hypercall(nr)
        prefix = prefixes.get(name)
        if prefix is None:
            return name
        if prefix not in self.sub:
            self.sub[prefix] = public_defines(prefix)
        return f"{name}/{self.sub[prefix].get(arg, arg)}"


# --- reading the dump ----------------------------------------------------------
def parse_log(text):
    """Returns (header dict, {cpu: [record tuples]}, {cpu: lost})."""
    header, recs, lost, cpu, chunks = None, {}, {}, None, []

    def decode(chunk):
        """A line's whole records; a line the serial garbled (a lost or added
        character) counts as its records lost, so the others stay aligned."""
        try:
            data = base64.b64decode(chunk, validate=True)
        except binascii.Error:
            data = b""
        if not data or len(data) % RECORD.size:
            lost[cpu] += max(1, round(len(chunk) * 3 / 4 / RECORD.size))
            return b""
        return data

    def flush():
        if cpu is not None:
            data = b"".join(decode(c) for c in chunks)  # each line padded
            recs[cpu] = [RECORD.unpack_from(data, i)
                         for i in range(0, len(data) - RECORD.size + 1, RECORD.size)]

    for line in text.splitlines():
        line = line.strip()
        if line.startswith("(XEN) "):  # xeno's console prefix
            line = line[6:]
        if line.startswith("XENO-TRACE-BEGIN"):
            header = dict(kv.split("=", 1) for kv in line.split()[2:])
            header["version"] = line.split()[1]
        elif header is None:
            continue
        elif line.startswith("XENO-TRACE-CPU"):
            flush()
            parts = line.split()
            cpu, chunks = int(parts[1]), []
            lost[cpu] = int(parts[3].split("=")[1])
        elif line.startswith("XT "):
            chunks.append(line[3:])
        elif line.startswith("XENO-TRACE-END"):
            flush()
            break
    if header is None:
        raise ValueError("no XENO-TRACE-BEGIN in the log (booted with tbuf_size= tbuf_dump=1?)")
    if int(header.get("record", RECORD.size)) != RECORD.size:
        raise ValueError(f"record size {header['record']}, expected {RECORD.size}")
    return header, recs, lost


# --- analysis --------------------------------------------------------------------
class Analysis:
    """Slices (hypercalls, faults) and instants, with the summary's sums."""

    def __init__(self, header, recs, names):
        self.khz = int(header.get("tsc_khz", "1000000")) or 1000000
        self.names = names
        self.slices = []  # (cpu, domid, vcpu, start, end, kind, name, depth)
        self.idle_since = {}  # cpu -> tsc of its switch to idle
        self.instants = []  # (cpu, domid, vcpu, tsc, name, args)
        self.t0 = min((r[0] for rs in recs.values() for r in rs), default=0)
        self.t1 = max((r[0] for rs in recs.values() for r in rs), default=0)
        for cpu, rs in sorted(recs.items()):
            self._cpu(cpu, rs)

    def _cpu(self, cpu, rs):
        stack = []  # open slices: [kind, start rec, name, notes]
        for r in rs:
            tsc, ev, domid, vcpu, _, a, b = r
            if ev == E["HC_ENTRY"]:
                stack.append(["hypercall", r, self.names.subop(a, b), []])
            elif ev == E["EXC_ENTRY"]:
                name = VECTORS.get(a, f"vec{a}")
                if a in (6, 13) and b:
                    name += f" {insn_name(b)}"
                stack.append(["fault", r, name, []])
            elif ev in (E["HC_EXIT"], E["EXC_EXIT"]):
                kind = "hypercall" if ev == E["HC_EXIT"] else "fault"
                while stack and stack[-1][0] != kind:
                    stack.pop()  # an unmatched entry (trace started/stopped inside)
                if stack:
                    k, start, name, notes = stack.pop()
                    self._close(cpu, k, start, tsc, name, notes, b, len(stack))
            else:
                if stack:
                    stack[-1][3].append(r)
                if ev == E["SCHED_SWITCH"]:
                    self._switch(cpu, r)
                if ev == E["HC_SUBOP"]:
                    continue  # named in its hypercall's slice
                self.instants.append((cpu, domid, vcpu, tsc, self._instant(r), {"a": a, "b": b}))

    def _close(self, cpu, kind, start, end, name, notes, exit_b, depth):
        if kind == "fault":
            if any(n[1] == E["PTWR"] and n[6] for n in notes):
                name += " ptwr"
            elif exit_b:
                name += " bounced"
                vec = VECTORS.get(start[5], f"vec{start[5]}")
                self.instants.append((cpu, start[2], start[3], end, f"bounce {vec}",
                                      {"vector": start[5]}))
            else:
                name += " handled"
        else:
            subs = [n for n in notes if n[1] == E["HC_SUBOP"]]
            if subs and "/" not in name:
                name = self.names.subop(start[5], subs[0][6], SUBOP_IN_STRUCT)
        self.slices.append((cpu, start[2], start[3], start[0], end, kind, name, depth))

    def _switch(self, cpu, r):
        """Idle slices: from a switch to idle to the CPU's next switch."""
        start = self.idle_since.pop(cpu, None)
        if start is not None:
            self.slices.append((cpu, IDLE_DOMID, 0, start, r[0], "idle", "idle", 0))
        if r[5] in (0xFFFF, 0xFFFFFFFF):
            self.idle_since[cpu] = r[0]

    def _instant(self, r):
        ev, a, b = r[1], r[5], r[6]
        if ev == E["SCHED_SWITCH"]:
            return "switch to idle" if a in (0xFFFF, 0xFFFFFFFF) else f"switch to d{a}v{b}"
        if ev == E["PORT_IO"]:
            return port_io_name(a)
        return NAMES.get(ev, f"event_{ev:#x}")

    def us(self, tsc):
        return (tsc - self.t0) * 1000.0 / self.khz


# --- output --------------------------------------------------------------------
def vcpu_tid(domid, vcpu):
    return domid * 1000 + vcpu


def chrome_json(an):
    ev = [{"ph": "M", "pid": 1, "name": "process_name", "args": {"name": "physical CPUs"}},
          {"ph": "M", "pid": 2, "name": "process_name", "args": {"name": "vCPUs"}}]
    seen_cpu, seen_vcpu = set(), set()

    def tracks(cpu, domid, vcpu):
        if cpu not in seen_cpu:
            seen_cpu.add(cpu)
            ev.append({"ph": "M", "pid": 1, "tid": cpu, "name": "thread_name",
                       "args": {"name": f"CPU{cpu}"}})
        out = [(1, cpu)]
        if domid != IDLE_DOMID:
            tid = vcpu_tid(domid, vcpu)
            if tid not in seen_vcpu:
                seen_vcpu.add(tid)
                ev.append({"ph": "M", "pid": 2, "tid": tid, "name": "thread_name",
                           "args": {"name": f"d{domid}v{vcpu}"}})
            out.append((2, tid))
        return out

    for cpu, domid, vcpu, start, end, kind, name, _ in an.slices:
        for pid, tid in tracks(cpu, domid, vcpu):
            ev.append({"ph": "X", "pid": pid, "tid": tid, "name": name, "cat": kind,
                       "ts": round(an.us(start), 3), "dur": round(an.us(end) - an.us(start), 3),
                       "args": {"cycles": end - start, "domid": domid, "vcpu": vcpu}})
    for cpu, domid, vcpu, tsc, name, args in an.instants:
        for pid, tid in tracks(cpu, domid, vcpu):
            ev.append({"ph": "i", "s": "t", "pid": pid, "tid": tid, "name": name,
                       "cat": "event", "ts": round(an.us(tsc), 3), "args": args})
    return {"traceEvents": ev, "displayTimeUnit": "ns"}


def summary(an, lost):
    rows = collections.defaultdict(lambda: [0, 0])  # (domid, kind, name) -> [count, cycles]
    by_kind = collections.Counter()  # outermost slices only: nothing counted twice
    for cpu, domid, vcpu, start, end, kind, name, depth in an.slices:
        rows[(domid, kind, name)][0] += 1
        rows[(domid, kind, name)][1] += end - start
        if depth == 0:
            by_kind[kind] += end - start
    counts = collections.Counter((i[1], i[4]) for i in an.instants)
    span = an.t1 - an.t0
    total = span * max(1, len({s[0] for s in an.slices} | {i[0] for i in an.instants}))
    out = [f"xenotrace summary: {span} cycles traced ({span / an.khz:.3f} ms at "
           f"{an.khz} kHz), {len(an.slices)} slices, {len(an.instants)} instants, "
           f"lost records: {sum(lost.values())}",
           "share of the CPUs' traced time (hypercalls and faults: outermost slices):"]
    for kind, cyc in sorted(by_kind.items()):
        where = "idle" if kind == "idle" else f"in the hypervisor, {kind}s"
        out.append(f"  {where:<32} {cyc:>13} cycles {100.0 * cyc / total:5.1f}%")
    rest = total - sum(by_kind.values())
    out.append(f"  {'the rest (guest, interrupts)':<32} {rest:>13} cycles "
               f"{100.0 * rest / total if total else 0:5.1f}%")
    out.append("(rows below: cycles inclusive of nested slices, e.g. a multicall's entries)")
    for domid in sorted({k[0] for k in rows} | {k[0] for k in counts}):
        out.append("")
        out.append(f"domain {'idle' if domid == IDLE_DOMID else domid}:")
        out.append(f"  {'kind':<10} {'name':<40} {'count':>9} {'cycles':>13} {'mean':>9}")
        mine = sorted(((k, v) for k, v in rows.items() if k[0] == domid),
                      key=lambda kv: -kv[1][1])
        for (_, kind, name), (n, cyc) in mine:
            out.append(f"  {kind:<10} {name:<40} {n:>9} {cyc:>13} {cyc // n:>9}")
        for (d, name), n in sorted(counts.items(), key=lambda kv: -kv[1]):
            if d == domid:
                out.append(f"  {'event':<10} {name:<40} {n:>9}")
        sites = collections.Counter((i[4], i[5]["b"]) for i in an.instants
                                    if i[1] == domid and i[4][:3] in ("in ", "out"))
        if sites:
            out.append(f"  port I/O by guest instruction (top {min(len(sites), 20)}):")
        for (name, rip), n in sites.most_common(20):
            out.append(f"  {'port I/O':<10} {name + f' at {rip:#x}':<40} {n:>9}")
    return "\n".join(out) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("log")
    ap.add_argument("--json", help="write the Chrome/Perfetto trace here")
    ap.add_argument("--summary", help="write the text summary here (default: stdout)")
    a = ap.parse_args(argv)
    with open(a.log, errors="replace") as f:
        header, recs, lost = parse_log(f.read().replace("\r\n", "\n"))
    an = Analysis(header, recs, Names())
    if a.json:
        with open(a.json, "w") as f:
            json.dump(chrome_json(an), f, separators=(",", ":"))
    text = summary(an, lost)
    if a.summary:
        with open(a.summary, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
