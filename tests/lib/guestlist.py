"""The test guests (guests/tests/<name>/) and how to run and judge them.

Shared by tests/guests (on xeno) and tests/reference (on Debian's Xen 4.17):
both expect the same verdict. A guest runs as dom0 with an optional command
line (a "variant"); it prints exactly one line "Test result: <VERDICT>"
before it shuts down. For some variants the hypervisor's reaction to the
shutdown is part of the test (HV_EXPECT).
"""
import os
import re

import xenoqemu

ROOT = xenoqemu.ROOT
GUEST_DIR = os.path.join(xenoqemu.BUILD, "guests")
VERDICT = re.compile(r"^Test result: (SUCCESS|FAILURE|ERROR|SKIP)\s*$", re.M)

# Variants: guest -> [(id, command line)]; guests not listed run once, no command line.
VARIANTS = {
    "domains": [(None, ""), ("many", ""), ("destroy", "destroy")],
    "exchange-race": [(None, ""), ("domains", "")],
    # hcfuzz (guests/tests/hcfuzz/test.toml says why each is as it is):
    # the fuzzer as d1 beside a checksummed d2, dom0 judging (seed rotates);
    # the same under mm_audit, fewer calls; dom0 fuzzing with a sacrificial
    # d1; dom0 alone with a fixed seed (also on Xen 4.17); regression seeds.
    "hcfuzz": [(None, "role=watch"), ("audit", "role=watch"),
               ("dom0", "role=fuzz target=1 count=150000"),
               ("ref", "role=fuzz seed=0x5eed count=12000"),
               ("regress", "role=fuzz regress seed=0x5eed count=1000")],
    "shutdown": [(r, f"reason={n}") for n, r in
                 enumerate(["poweroff", "reboot", "suspend", "crash", "watchdog"])]
    + [("code-reboot", "reason=0 code=1")],
}

# Guests that need boot-time domUs (xeno only: Xen 4.17 on x86 cannot build
# domains at boot): guest -> the domU module strings after the image name.
# Each domU prints "(dN) Test result: ..." and must succeed too.
DOMUS = {
    "interdomain": ["domU mem=8M -- role=peer"],
    "grant-ring": ["domU mem=8M -- role=peer"],
    "foreign-map": ["domU mem=8M -- role=peer"],
    "domains": ["domU mem=8M -- role=crash", "domU mem=8M -- role=worker"],
    "domains-many": ["domU mem=4M copies=64 -- role=worker"],
    "domains-destroy": ["domU mem=8M -- role=filler"],
    "exchange-race-domains": ["domU mem=8M vcpus=2 -- role=peer"],
    "hcfuzz": ["domU mem=8M -- role=fuzz self=1 count=400000",
               "domU mem=8M -- role=worker"],
    "hcfuzz-audit": ["domU mem=8M -- role=fuzz self=1 count=1500", "domU mem=8M -- role=worker"],
    "hcfuzz-dom0": ["domU mem=8M -- role=target"],
    "sched": ["domU mem=8M weight=256 -- role=spin",
              "domU mem=8M weight=512 -- role=spin",
              "domU mem=8M weight=1024 cap=25 -- role=spin"],
}
# Cases that measure time shares: one CPU under -icount (virtual time
# follows instructions), so the load on the host cannot skew them. (With
# several CPUs, icount's round-robin TCG runs one CPU while the other's
# virtual time passes: no good for shares.)
ICOUNT = {"sched"}

# Cases run without mm_audit: the test times an event against a hypercall,
# and an audit after every hypercall (milliseconds) would move the event.
NO_AUDIT = {"mm-preempt", "hcfuzz", "hcfuzz-dom0", "hcfuzz-ref", "hcfuzz-regress"}

# Seconds per run other than 120 (the fuzzer's long CI runs).
TIMEOUT = {"hcfuzz": 240, "hcfuzz-audit": 240, "hcfuzz-dom0": 240}

# Verdicts other than SUCCESS: case -> {domid: verdicts} (a crashed domain has none).
DOMU_EXPECT = {
    "domains": {2: ["SUCCESS"]},
    # d1 the fuzzer prints no verdict (finished or crashed: dom0 judges)
    "hcfuzz": {2: ["SUCCESS"]},
    "hcfuzz-audit": {2: ["SUCCESS"]},
    # d1 is dom0's sacrificial target: it prints no verdict
    "hcfuzz-dom0": {},
}

# What each hypervisor prints when dom0 shuts down with a given reason.
HV_EXPECT = {
    "shutdown-poweroff": {"xeno": r"Dom0 halted: powering off", "xen": r"Dom0 halted: halting"},
    "shutdown-reboot": {"xeno": r"Dom0 shutdown: rebooting machine",
                        "xen": r"Dom0 shutdown: rebooting machine"},
    "shutdown-suspend": {"xeno": r"Dom0 shutdown \(unknown reason 2\): rebooting",
                         "xen": r"Dom0 shutdown \(unknown reason 2\): rebooting"},
    "shutdown-crash": {"xeno": r"Dom0 crashed: rebooting", "xen": r"Dom0 crashed: rebooting"},
    "shutdown-watchdog": {"xeno": r"Dom0 shutdown: watchdog rebooting",
                          "xen": r"Dom0 shutdown: watchdog rebooting"},
    "shutdown-code-reboot": {"xeno": r"Dom0 shutdown: rebooting machine",
                             "xen": r"Dom0 shutdown: rebooting machine"},
}

# Known differences of the reference (Xen 4.17 under QEMU TCG) with evidence:
# case id -> (verdict expected on Xen 4.17, why).
KNOWN_REFERENCE_DIFFERENCES = {
    # QEMU TCG reports the #GP of `int $n` through a DPL-0 gate (our IDT and
    # Xen's) with error code (n << 4) | 2 instead of (n << 3) | 2. Xen 4.17
    # takes the vector from that error code (ec >> 3, truncated to 8 bits), so
    # under TCG it delivers `int $0x82` as vector 4, refuses `int $0x81` from
    # the guest kernel (read as vector 2, DPL 0) and passes TCG's error code on.
    # Seen in build/test-logs/reference-guest-softint.log:
    #   "kernel int $0x81 (DPL 1): delivered ... (got 1 traps, vector 0xd)",
    #   "kernel int $0x82 (DPL 0): #GP(0x412) (got vector 0x4 ec 0x0)".
    # xeno decodes the instruction instead (pv/traps.c software_interrupt).
    "softint": ("FAILURE", "TCG's long-mode IDT error code misleads Xen 4.17"),
}


def names():
    src = os.path.join(ROOT, "guests", "tests")
    return sorted(d for d in os.listdir(src) if os.path.exists(os.path.join(src, d, "main.c")))


def cases(single_domain_only=False):
    """[(case id, guest name, command line)] for every guest and variant."""
    out = []
    for name in names():
        for vid, cmd in VARIANTS.get(name, [(None, "")]):
            case = f"{name}-{vid}" if vid else name
            if not (single_domain_only and case in DOMUS):
                out.append((case, name, cmd))
    return out


def image(name):
    return os.path.join(GUEST_DIR, name)


def verdicts(log):
    return VERDICT.findall(log)


DOMU_VERDICT = re.compile(r"^\(d(\d+)\) Test result: (SUCCESS|FAILURE|ERROR|SKIP)\s*$", re.M)


def domu_modules(case, name):
    """Multiboot module strings for the domUs a case needs."""
    return [f"{image(name)} {spec}" for spec in DOMUS.get(case, [])]


def domu_expect(case):
    """{domid: [verdict]} the domUs of a case must print."""
    if case in DOMU_EXPECT:
        return DOMU_EXPECT[case]
    n = sum(int(re.search(r"copies=(\d+)", s)[1]) if "copies=" in s else 1
            for s in DOMUS.get(case, []))
    return {domid: ["SUCCESS"] for domid in range(1, n + 1)}


def domu_verdicts(log):
    """{domid: [verdicts]} of the domUs' verdict lines."""
    out = {}
    for domid, verdict in DOMU_VERDICT.findall(log):
        out.setdefault(int(domid), []).append(verdict)
    return out
