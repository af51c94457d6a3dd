#!/usr/bin/python3
"""make trace-linux: Debian's Linux as dom0 on xeno with tracing on, under
the benchmark's QEMU (icount, -cpu max,-smap,-smep, 1 GiB, one CPU by
default), from power-on to its /init (bench/linux-init, which powers off at
once); then the trace dump is converted by xenotrace.py.

Writes build/trace/linux.log (the serial log), linux.json (open it in
ui.perfetto.dev) and linux-summary.txt.
Usage: trace-linux.py [--pages N] [--smp N] [--mask M] [--out DIR]
"""
import argparse
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))
sys.path.insert(0, HERE)
import xenoqemu  # noqa: E402
import xenotrace  # noqa: E402


def bench_module():
    spec = importlib.util.spec_from_file_location("bench_run", os.path.join(ROOT, "bench", "run.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=16384, help="trace buffer pages per CPU")
    ap.add_argument("--smp", type=int, default=1)
    ap.add_argument("--mask", default="0x7e", help="tbuf_mask (default: every category)")
    ap.add_argument("--out", default=os.path.join(xenoqemu.BUILD, "trace"))
    a = ap.parse_args()
    bench = bench_module()
    os.makedirs(a.out, exist_ok=True)
    os.makedirs(bench.BENCH_DIR, exist_ok=True)
    kernel = os.path.join(bench.CACHE, "vmlinux")
    args = f"console=hvc0 {bench.LINUX_ARGS}".replace(",", ",,")  # QEMU's module-list comma
    res = xenoqemu.run("trace-linux", timeout=3600, kernel=xenoqemu.XENO, cpu=bench.CPU,
                       smp=a.smp, mem=f"{bench.MEM_MB}M", icount=True,
                       append=f"console=com1 dom0_mem={bench.DOM0_MEM} tbuf_size={a.pages} "
                              f"tbuf_mask={a.mask} tbuf_dump=1",
                       modules=[f"{kernel} {args}", bench.linux_initrd()],
                       extra=bench.qemu_extra())
    log = os.path.join(a.out, "linux.log")
    with open(log, "w") as f:
        f.write(res.log)
    if res.timed_out or "XENO-TRACE-END" not in res.log:
        sys.exit(f"trace-linux: no complete trace dump (see {res.log_path})")
    xenotrace.main([log, "--json", os.path.join(a.out, "linux.json"),
                    "--summary", os.path.join(a.out, "linux-summary.txt")])
    for line in res.log.splitlines():
        if line.startswith("BENCH linux_init"):
            print(line)
    print(f"trace-linux: wrote {a.out}/linux.json and {a.out}/linux-summary.txt")


if __name__ == "__main__":
    main()
