"""bench/migrate.py's parsing (host tests, no QEMU): the MIGBENCH lines of
bench/migrate/dom0.sh's two serial logs become the BENCH lines bench/run.py
reads (migrate_<case>_<measure>), a hypervisor line inside a JSON line is
dropped, a failed or missing case gives BENCH-NA, and the figure 12 table
and its goals come out of the samples."""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import migrate  # noqa: E402


def result(downtime, rounds=5, live=True):
    return {"domid": 1, "name": "x", "host": "10.9.0.2", "port": 8004, "target_domid": 3,
            "live": live, "relocation_version": 3, "rounds": rounds, "pages": 33000,
            "bytes": 135266304, "downtime_ms": downtime, "total_ms": 9123.4,
            "suspend_ms": 30.5, "drain_ms": 12.0, "last_round_pages": 150,
            "downtime_parts": {"last_round_ms": 2.5, "stream_end_ms": 0.25,
                               "target_restore_ms": 3.0, "target_start_ms": 1.5},
            "last_round": {"clean_ms": 0.1, "write_ms": 0.5, "deltas": 60}, "stream_end": {"writes": 1}}


def json_line(case, res, rc=0, last=41):
    """The source's lines of a case; the target's ticks go on from `last`."""
    return (f"MIGBENCH-JSON {case} {rc} {json.dumps(res, indent=1).replace(chr(10), '')}\n"
            f"MIGBENCH-LAST {case} {last}\r\n")


def ticks(case, first=42):
    return f"MIGBENCH-TICKS {case}  {first}  {first + 1}  {first + 2} \n"


IN_LINE = ('MIGBENCH-IN {} [xend] migration in: after the SYNC 3 page records, 200 pages '
           '(60 of them PAGE_DELTA entries): 1.0 ms reading, 2.0 ms writing (1.5 ms mapping '
           'and copying); last page record to END 0.3 ms; END to built and "ready" 4.7 ms '
           '(p2m 0.1, start_info 0.1, 61 pins 3.0, shared_info 0.2, domain state 0.1, vCPUs '
           '0.4); then max_mem, ring nodes (written at the SYNC in 2.0 ms), XS_INTRODUCE '
           '1.1 ms; "go" 1.5 ms after "ready"\n'
           'MIGBENCH-IN {} [xend] domain 1 (x) migrated in from 10.9.0.1 ("done" 0.2 ms after '
           '"go", unpaused 0.9 ms after it)\n')


def logs():
    a = ("boot\n" + json_line("idle128", result(8.0)) + IN_LINE.format("idle256", "idle256") +
         ticks("idle256") + json_line("idle512", result(9.5))[:40] + "(XEN) Domain 2 freed\r\n" +
         json_line("idle512", result(9.5))[40:] + "MIGBENCH-DONE\n")
    b = (IN_LINE.format("idle128", "idle128") + ticks("idle128") + ticks("idle512") +
         json_line("idle256", result(7.25)) + json_line("dirty256", {}, rc=1))
    return a, b


def parsed():
    return run_parse(migrate.bench_lines(*logs()))


def run_parse(text):
    values, na = {}, {}
    for line in text.splitlines():
        words = line.split(" ", 3)
        if words[0] == "BENCH":
            values[words[1]] = [float(words[2])]
        else:
            na[words[1]] = line.split(" ", 2)[2]
    return values, na


def test_every_measure_of_a_case():
    values, _ = parsed()
    assert values["migrate_idle128_downtime"] == [8000]
    assert values["migrate_idle128_total"] == [9123400]
    assert values["migrate_idle128_sent"] == [135266304]
    assert values["migrate_idle128_rounds"] == [5]
    assert values["migrate_idle128_last_pages"] == [150]
    # The last round less its write, the write with the stream end's.
    assert values["migrate_idle128_last_round"] == [2000]
    assert values["migrate_idle128_writes"] == [750]
    # The target's own side comes from the other machine's log.
    assert values["migrate_idle128_target_ready"] == [4700]
    assert values["migrate_idle128_target_introduce"] == [1100]
    assert values["migrate_idle128_target_done"] == [200]
    # The work: the source's last round less its write, the target's three.
    assert values["migrate_idle128_work"] == [2000 + 4700 + 1100 + 200]
    assert values["migrate_idle256_downtime"] == [7250]


def test_hypervisor_line_inside_the_json_is_dropped():
    values, _ = parsed()
    assert values["migrate_idle512_downtime"] == [9500]
    # Without the target's lines: no work figure.
    assert "migrate_idle512_target_ready" not in values and "migrate_idle512_work" not in values


def test_a_counter_that_did_not_go_on_is_not_a_figure():
    a, b = logs()
    values, na = run_parse(migrate.bench_lines(a, b.replace("MIGBENCH-LAST idle256 41",
                                                             "MIGBENCH-LAST idle256 43")))
    assert "migrate_idle256_work" not in values and "migrate_idle128_work" in values
    assert na["migrate_idle256_rounds"] == "the domU's counter did not go on on the target"
    values, _ = run_parse(migrate.bench_lines(a, b.replace(ticks("idle128"), "")))
    assert "migrate_idle128_work" not in values


def test_failed_case_is_not_available():
    values, na = parsed()
    assert not any(k.startswith("migrate_dirty256") for k in values)
    assert na["migrate_dirty256_work"] == "xm migrate exit 1"
    _, na = (lambda lines: ({}, {l.split()[1]: l for l in lines.splitlines()}))(
        migrate.bench_lines("", ""))
    assert "no MIGBENCH-JSON line" in na["migrate_idle128_rounds"]


def test_table_and_goals():
    values, na = parsed()
    text = migrate.table(values, na, ["migrate"])
    rows = text.splitlines()
    assert len(rows) == 2 + len(migrate.CASES)
    assert rows[3].startswith("| idle, 256 MiB, B -> A | 8.0 |") and "<= 10.0 ms met" in rows[3]
    assert "| 150 | 5 | 129 | 8.0 | 9.1 |" in rows[2]  # pages, rounds, MiB, ms, s
    assert rows[4].startswith("| idle, 512 MiB, A -> B | none (missing) | 2.0 | 0.8 |")
    assert "none (xm migrate exit 1)" in rows[5] and "not measured" in rows[5]
    assert [line for line in migrate.behind(values) if "dirty256" in line]
    assert migrate.table(values, na, ["xm"]) == "(not run)"


def test_figures_cover_every_case_and_measure():
    keys = {f[0] for f in migrate.figures(lambda *a: a)}
    assert len(keys) == len(migrate.CASES) * len(migrate.MEASURES)
    assert "migrate_dirty256_downtime" in keys
