#!/usr/bin/python3
"""xeno's benchmark harness: the same guest binaries under the same QEMU
command (q35, -cpu max,-smap,-smep, -smp 1, -icount shift=0,sleep=off) on
xeno and on Debian's Xen 4.17, N repetitions each; figures come from the
guests' own TSC readings (BENCH lines) or timestamps, never from wall time.
Prints one table (median, min-max, ratio xeno/Xen against the goal) and
with --write puts it, the command and the method into docs/performance.md.
--quick: one repetition of the PV-operation guest only, checking that every
figure was produced on both hypervisors (make test runs this).
"""
import argparse
import datetime
import os
import re
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))
import xenoqemu  # noqa: E402

CPU = "max,-smap,-smep"
CACHE = os.environ.get("XENO_CACHE", os.path.join(ROOT, ".cache", "debian"))
PV_OPS = os.path.join(xenoqemu.BUILD, "bench", "pv-ops")
LINUX_ARGS = ("console=hvc0 acpi=off pci=off nolapic "
              "initcall_blacklist=cmos_init,i8042_init")

# figure -> (label, unit, goal ratio xeno/Xen or None)
FIGURES = {
    "boot_to_guest": ("1. boot: power-on to the first dom0 instruction", "us", 0.1),
    "hypercall_syscall": ("2. null hypercall (xen_version), syscall", "cycles", 0.7),
    "hypercall_page": ("2. null hypercall (xen_version), hypercall page", "cycles", 0.7),
    "user_syscall_bounce": ("3. guest user syscall bounce + iret back", "cycles", 0.8),
    "exception_bounce_int3": ("4. exception bounce (int3) + iret back", "cycles", None),
    "mmu_update_512": ("5. mmu_update batch of 512 L1 entries", "cycles", 0.8),
    "unpin_pin_l1": ("5. unpin + pin of an L1 table", "cycles", None),
    "ptwr_pte_write": ("5. one ptwr-emulated PTE write", "cycles", None),
    "linux_init": ("7. Linux dom0 boot to /init (guest uptime)", "ms", 0.8),
}
NOT_YET = ["6. event-channel round trip, domain switch, 4 KiB grant copy: need several "
           "domains (issue 5)",
           "8. lmbench-style syscall/fork/exec inside Linux: not yet"]


def parse_bench(log):
    return {m.group(1): float(m.group(2))
            for m in re.finditer(r"^BENCH (\S+) (\d+) \S+", log, re.M)}


def run_xeno(image, args="", timeout=300, modules=None, name="bench"):
    res = xenoqemu.run(name, timeout=timeout, kernel=xenoqemu.XENO, cpu=CPU, smp=1, mem="1G",
                       icount=True, append=f"console=com1 dom0_mem=512M {args}".strip(),
                       modules=modules or [image], until=r"Powering off\.")
    return res.log


def run_xen(image_and_args, initrd=None, timeout=600, name="bench"):
    log = os.path.join(xenoqemu.LOG_DIR, f"{name}-xen.log")
    cmd = [os.path.join(ROOT, "scripts", "run-reference.sh"), "-q", "--icount", "--smp", "1",
           "--mem", "1024", "--timeout", str(timeout), "--log", log, "--", *image_and_args]
    if initrd:
        cmd += ["--initrd", initrd]
    subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True)
    with open(log, errors="replace") as f:
        return f.read()


def linux_uptime_ms(log):
    m = re.search(r"XENO-INIT-READY uptime=([0-9.]+)", log)
    return float(m.group(1)) * 1000 if m else None


def measure(reps, quick):
    samples = {"xeno": {}, "xen": {}}
    for i in range(reps):
        for hv, log in (("xeno", run_xeno(PV_OPS, name=f"bench-pv-ops-{i}")),
                        ("xen", run_xen([PV_OPS], name=f"bench-pv-ops-{i}"))):
            for k, v in parse_bench(log).items():
                samples[hv].setdefault(k, []).append(v)
        if quick:
            continue
        kernel, initrd = os.path.join(CACHE, "vmlinux"), os.path.join(CACHE, "initrd.cpio.gz")
        xl = run_xeno(None, modules=[f"{kernel} {LINUX_ARGS.replace(',', ',,')}", initrd],
                      name=f"bench-linux-{i}", timeout=900)
        rl = run_xen([kernel, *LINUX_ARGS.split()], initrd=initrd, name=f"bench-linux-{i}",
                     timeout=900)
        for hv, log in (("xeno", xl), ("xen", rl)):
            v = linux_uptime_ms(log)
            if v is not None:
                samples[hv].setdefault("linux_init", []).append(v)
    return samples


def fmt(vals):
    if not vals:
        return "not yet", None
    med = statistics.median(vals)
    spread = f"{min(vals):g}-{max(vals):g}" if len(vals) > 1 else "-"
    return f"{med:g} ({spread})", med


def table(samples, reps):
    rows = ["| figure | unit | xeno: median (min-max) | Xen 4.17: median (min-max) | "
            "xeno/Xen | goal |", "|---|---|---|---|---|---|"]
    for key, (label, unit, goal) in FIGURES.items():
        xs, xm = fmt(samples["xeno"].get(key, []))
        rs, rm = fmt(samples["xen"].get(key, []))
        ratio = f"{xm / rm:.2f}" if xm is not None and rm else "-"
        verdict = "-" if goal is None or ratio == "-" else (
            f"<= {goal} met" if xm / rm <= goal else f"<= {goal} **behind**")
        rows.append(f"| {label} | {unit} | {xs} | {rs} | {ratio} | {verdict} |")
    rows += [f"| {n} | | | | | |" for n in NOT_YET]
    return "\n".join(rows)


def write_doc(path, text, reps):
    now = datetime.date.today().isoformat()
    doc = f"""# Performance

Measured {now} with `make bench N={reps}` (bench/run.py) on the project's
development machine (QEMU TCG, no KVM). Regenerate with `make bench`.

## Method

- Same guest binary, same QEMU command on both hypervisors, in one run:
  `qemu-system-x86_64 -machine q35 -cpu {CPU} -smp 1 -m 1G
  -icount shift=0,sleep=off`; xeno boots with `console=com1 dom0_mem=512M`,
  Xen 4.17 (Debian's `xen-hypervisor-4.17-amd64`) through
  `scripts/run-reference.sh --icount --smp 1` (`dom0_mem=256M,max:256M`).
- With `-icount shift=0`, guest-visible time advances with executed
  instructions, so the guests' own TSC readings are nearly deterministic;
  wall time is never used. All runs are `-smp 1` (icount with several CPUs
  is less deterministic).
- Figures 2-5 come from `bench/guests/pv-ops` (TSC deltas around 2000
  iterations, or one 512-entry batch); figure 1 is the TSC read by the first
  guest instruction, converted with the hypervisor's vcpu_time_info, so it
  includes the firmware (SeaBIOS) time before the hypervisor; figure 7 is the
  `uptime` Linux reports when /init starts (Debian's 6.1 kernel, our busybox
  initrd, `{LINUX_ARGS}`).
- Median over N repetitions, with the min-max spread; ratio = xeno / Xen,
  lower is better.

## Results

{text}
"""
    with open(path, "w") as f:
        f.write(doc)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--write")
    a = ap.parse_args()
    samples = measure(a.reps, a.quick)
    text = table(samples, a.reps)
    print(text)
    if a.quick:
        missing = [k for k in ("boot_to_guest", "hypercall_syscall", "user_syscall_bounce",
                               "exception_bounce_int3", "mmu_update_512")
                   for hv in ("xeno", "xen") if not samples[hv].get(k)]
        if missing:
            print("bench: figures missing:", ", ".join(sorted(set(missing))))
            return 1
        print("bench: every quick figure produced on xeno and Xen 4.17")
    if a.write:
        write_doc(os.path.join(ROOT, a.write), text, a.reps)
        print(f"written to {a.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
