"""The hypervisor trace buffer (common/trace.c) and its converter
(tools/trace/xenotrace.py).

Host tests: the converter's re-declared record format and event ids agree
with hypervisor/include/xeno/trace.h; a tiny synthetic dump converts to the
expected slices, instants, summary and Chrome JSON.
QEMU tests: the `hypercall` test guest booted with tracing on dumps a trace
whose hypercall slices are the guest's known hypercalls; tracing is off
(nothing dumped) without tbuf_size=; tbuf_mask= selects categories."""
import base64
import json
import os
import re
import struct
import sys

import guestlist

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools", "trace"))
import xenotrace  # noqa: E402

HEADER = os.path.join(ROOT, "hypervisor", "include", "xeno", "trace.h")
C_TYPES = {"u64": "Q", "u32": "I", "u16": "H", "u8": "B"}


# --- host: the format ------------------------------------------------------------
def test_event_ids_agree_with_header():
    with open(HEADER) as f:
        text = f.read()
    ids = {m[1]: int(m[2], 16) for m in re.finditer(r"^#define (TRC_[A-Z_]+) (0x[0-9a-f]+)", text,
                                                    re.M)}
    assert ids and ids == xenotrace.EVENTS


def test_record_layout_agrees_with_header():
    with open(HEADER) as f:
        body = re.search(r"struct trace_rec \{(.*?)\};", f.read(), re.S)[1]
    fmt = "<" + "".join(C_TYPES[m[1]] for m in re.finditer(r"(u\d+) \w+;", body))
    assert fmt == xenotrace.RECORD.format and struct.calcsize(fmt) == 32


# --- host: a synthetic trace -----------------------------------------------------
E = xenotrace.E


def rec(tsc, ev, a=0, b=0, domid=0, vcpu=0, cpu=0):
    return xenotrace.RECORD.pack(tsc, ev, domid, vcpu, cpu, a, b)


def dump(cpus, lost=0):
    """The serial text of a dump: {cpu: [packed records]}, as xeno prints it."""
    out = ["(XEN) some boot line", "XENO-TRACE-BEGIN 1 cpus=2 record=32 tsc_khz=1000000"]
    for cpu, recs in cpus.items():
        out.append(f"(XEN) XENO-TRACE-CPU {cpu} records={len(recs)} lost={lost}")
        data = b"".join(recs)
        for i in range(0, len(data), 64):  # lines of 2 records: padded ones
            out.append("(XEN) XT " + base64.b64encode(data[i:i + 64]).decode())
    return "\n".join(out + ["(XEN) XENO-TRACE-END", "(XEN) Powering off."]) + "\n"


SYNTH = {
    0: [
        rec(1000, E["HC_ENTRY"], 17, 0),  # xen_version(XENVER_version)
        rec(1100, E["HC_EXIT"], 17, 0x40011),
        rec(2000, E["EXC_ENTRY"], 14, 0xdead000),  # a #PF fixed by ptwr
        rec(2300, E["PTWR"], 0xdead000, 1),
        rec(2500, E["EXC_EXIT"], 14, 0),
        rec(3000, E["HC_ENTRY"], 32, 4),  # event_channel_op(EVTCHNOP_send)
        rec(3050, E["TIMER_FIRE"], 0xffff82d040000000, 0),  # an interrupt inside
        rec(3100, E["EVTCHN_SEND"], 0, 3),
        rec(3400, E["HC_EXIT"], 32, 0),
        rec(3500, E["UPCALL"]),
        rec(3600, E["EXC_ENTRY"], 13, 0x9090909090_30_0f_66),  # a wrmsr, emulated
        rec(3700, E["EXC_EXIT"], 13, 0),
        rec(4000, E["EXC_ENTRY"], 3, 0),  # int3, bounced
        rec(4200, E["EXC_EXIT"], 3, 1),
    ],
    1: [
        rec(1500, E["SCHED_SWITCH"], 1, 0, domid=0x7FFF, cpu=1),
        rec(1600, E["HC_ENTRY"], 17, 0, domid=1, cpu=1),
        rec(1640, E["HC_EXIT"], 17, 0, domid=1, cpu=1),
    ],
}


def analyse(text):
    header, recs, lost = xenotrace.parse_log(text)
    return xenotrace.Analysis(header, recs, xenotrace.Names()), lost


def test_synthetic_slices_and_instants():
    an, lost = analyse(dump(SYNTH, lost=2))
    slices = {(s[0], s[1], s[6]): s[4] - s[3] for s in an.slices}
    assert slices == {
        (0, 0, "xen_version/version"): 100,
        (0, 0, "#PF ptwr"): 500,
        (0, 0, "event_channel_op/send"): 400,
        (0, 0, "#BP bounced"): 200,
        (0, 0, "#GP wrmsr handled"): 100,
        (1, 1, "xen_version/version"): 40,
    }
    names = sorted(i[4] for i in an.instants)
    assert names == sorted(["ptwr", "timer_fire", "evtchn_send", "upcall", "bounce #BP",
                            "switch to d1v0"])
    assert lost == {0: 2, 1: 2}


def test_synthetic_summary():
    an, lost = analyse(dump(SYNTH))
    text = xenotrace.summary(an, lost)
    assert re.search(r"hypercall\s+xen_version/version\s+1\s+100\s+100", text)
    assert re.search(r"fault\s+#PF ptwr\s+1\s+500\s+500", text)
    assert "domain 1:" in text and "domain 0:" in text
    assert re.search(r"in the hypervisor, hypercalls\s+540 cycles", text)


def test_synthetic_chrome_json():
    an, _ = analyse(dump(SYNTH))
    doc = json.loads(json.dumps(xenotrace.chrome_json(an)))
    tracks = {(e["pid"], e["args"]["name"]) for e in doc["traceEvents"]
              if e["ph"] == "M" and e["name"] == "thread_name"}
    assert tracks == {(1, "CPU0"), (1, "CPU1"), (2, "d0v0"), (2, "d1v0")}
    x = [e for e in doc["traceEvents"] if e["ph"] == "X" and e["name"] == "#PF ptwr"]
    assert len(x) == 2 and x[0]["dur"] == 0.5  # CPU and vCPU track; 500 cycles at 1 GHz


def test_garbled_line_counts_as_lost():
    """A dump line the serial port garbled (a character lost) costs its own
    records, counted as lost; the lines after it still decode in step."""
    text = dump(SYNTH)
    lines = text.split("\n")
    i = next(n for n, line in enumerate(lines) if line.startswith("(XEN) XT "))
    lines[i] = lines[i][:20] + lines[i][21:]
    an, lost = analyse("\n".join(lines))
    assert lost == {0: 2, 1: 0}
    names = {s[6] for s in an.slices}
    assert "#BP bounced" in names and "#GP wrmsr handled" in names


def test_no_dump_is_an_error():
    try:
        xenotrace.parse_log("(XEN) Powering off.\n")
    except ValueError:
        return
    raise AssertionError("a log without a dump must not convert")


# --- QEMU: the hypercall test guest with tracing on --------------------------------
def boot_hypercall_guest(boot, xeno_args, guest="hypercall"):
    res = boot(modules=[guestlist.image(guest)], append=f"console=com1 {xeno_args}",
               icount=True, smp=2, timeout=120)
    assert not res.timed_out and guestlist.verdicts(res.log) == ["SUCCESS"], res.tail()
    return res


def test_traced_guest_shows_its_hypercalls(boot, tmp_path):
    res = boot_hypercall_guest(boot, "tbuf_size=16 tbuf_dump=1")
    assert re.search(r"trace: 16 pages per CPU", res.log)
    an, lost = analyse(res.log)
    names = {s[6] for s in an.slices if s[5] == "hypercall" and s[1] == 0}
    # the guest's own calls (guests/tests/hypercall/main.c), each by page and by syscall
    for want in ("xen_version/version", "xen_version/commandline2", "memory_op/63",
                 "event_channel_op/99", "console_io/write", "set_trap_table"):
        assert want in names, f"{want} not among {sorted(names)}"
    counts = {}
    for s in an.slices:
        counts[s[6]] = counts.get(s[6], 0) + 1
    assert counts["memory_op/63"] == 2  # once through the page, once by SYSCALL
    assert all(s[4] > s[3] for s in an.slices)
    assert sum(lost.values()) == 0
    out = tmp_path / "t.json"
    xenotrace.main([res.log_path, "--json", str(out), "--summary", str(tmp_path / "s.txt")])
    assert json.loads(out.read_text())["traceEvents"]
    assert "hypercall  memory_op/63" in (tmp_path / "s.txt").read_text()


def test_tracing_is_off_by_default(boot):
    res = boot_hypercall_guest(boot, "tbuf_dump=1")
    assert "XENO-TRACE" not in res.log and "trace:" not in res.log


def test_mask_selects_categories(boot):
    res = boot_hypercall_guest(boot, "tbuf_size=4 tbuf_dump=1 tbuf_mask=0x10")  # sched only
    _, recs, _ = xenotrace.parse_log(res.log)
    cats = {r[1] >> 8 for rs in recs.values() for r in rs}
    assert cats == {4}, f"categories recorded: {cats}"
    an, _ = analyse(res.log)
    assert not an.slices
    assert any(i[4].startswith("switch to d0v0") for i in an.instants)


def test_full_buffer_stops_or_wraps(boot):
    """One page (128 records; the evtchn guest makes ~230): without tbuf_wrap the
    start is kept, with it the end (the guest's last hypercall,
    sched_op(SCHEDOP_shutdown), which never returns)."""
    kept = {}
    for mode in ("", "tbuf_wrap"):
        res = boot_hypercall_guest(boot, f"tbuf_size=1 tbuf_dump=1 {mode}", "evtchn")
        m = re.search(r"XENO-TRACE-CPU 0 records=(\d+) lost=(\d+)", res.log)
        assert m and int(m[1]) == 128 and int(m[2]) > 0, res.tail()
        _, recs, _ = xenotrace.parse_log(res.log)
        kept[mode] = [(r[1], r[5], r[6]) for r in recs[0]]
        assert len(kept[mode]) == 128
    shutdown = (E["HC_ENTRY"], 29, 2)  # __HYPERVISOR_sched_op, SCHEDOP_shutdown
    assert shutdown in kept["tbuf_wrap"][-8:]
    assert shutdown not in kept[""]
    assert kept[""][0] != kept["tbuf_wrap"][0]
