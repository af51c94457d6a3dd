"""The test guests (guests/tests/<name>/) and how to run and judge them.

Shared by tests/guests (on xeno) and tests/reference (on Debian's Xen 4.17):
both expect the same verdict. A guest runs as dom0 with an optional command
line; it prints exactly one line "Test result: <VERDICT>" before it shuts
down.

A guest's settings live next to its main.c in test.toml (keys in
docs/testing.md); a guest without one runs once, with the defaults below.
Each [[variant]] table of the file is one case (id "<name>-<id>", or "<name>"
without an id); keys at the top level apply to every case of the guest.
"""
import dataclasses
import os
import re
import tomllib

import xenoqemu

ROOT = xenoqemu.ROOT
GUEST_DIR = os.path.join(xenoqemu.BUILD, "guests")
SRC_DIR = os.path.join(ROOT, "guests", "tests")
VERDICT = re.compile(r"^Test result: (SUCCESS|FAILURE|ERROR|SKIP)\s*$", re.M)
DOMU_VERDICT = re.compile(r"^\(d(\d+)\) Test result: (SUCCESS|FAILURE|ERROR|SKIP)\s*$", re.M)


@dataclasses.dataclass(frozen=True)
class Case:
    """One run of a guest and what it must print (defaults: no test.toml)."""
    id: str
    name: str
    cmdline: str = ""  # dom0's command line after the image name
    # Boot-time domUs (module strings after the image name); a guest with any
    # runs on xeno only: Xen 4.17 on x86 cannot build domains at boot.
    domus: tuple = ()
    # {domid: [verdicts]} the domUs print (a crashed one prints none);
    # None: SUCCESS from each domU (copies=N counting N).
    domu_verdicts: dict = None
    icount: bool = False  # QEMU -icount: virtual time follows instructions
    cpus: int = 2  # CPUs of the xeno run
    memory: str = "512M"  # memory of the xeno run
    mm_audit: bool = True  # xeno's mm_audit debug option
    timeout: int = 120  # seconds, on either hypervisor
    # {"xeno": regex, "xen": regex} each hypervisor must print (dom0's shutdown).
    hv_expect: dict = dataclasses.field(default_factory=dict)
    # Words appended to Xen 4.17's command line in tests/reference (e.g.
    # "gnttab=max-ver:1": the limits xeno has); xeno ignores them.
    xen_args: str = ""
    # Words appended to xeno's command line in tests/guests (e.g.
    # "logdirty_partial", a test-only option); Xen 4.17 does not see them.
    xeno_args: str = ""
    # Words appended to QEMU's command line on both hypervisors (e.g. a
    # device: "-device e1000e").
    qemu_args: str = ""
    # Known difference on Xen 4.17, with evidence in the file:
    # {"verdict": ..., "why": ...}; else SUCCESS as on xeno.
    reference: dict = None

    @property
    def reference_verdict(self):
        return (self.reference or {}).get("verdict", "SUCCESS")


SETTINGS = {f.name for f in dataclasses.fields(Case)} - {"id", "name"}


def names():
    return sorted(d for d in os.listdir(SRC_DIR) if os.path.exists(os.path.join(SRC_DIR, d, "main.c")))


def _settings(path, table):
    unknown = set(table) - SETTINGS
    if unknown:
        raise ValueError(f"{path}: unknown keys {sorted(unknown)} (docs/testing.md lists them)")
    out = dict(table)
    if "domus" in out:
        out["domus"] = tuple(out["domus"])
    if "domu_verdicts" in out:
        out["domu_verdicts"] = {int(k): v for k, v in out["domu_verdicts"].items()}
    return out


def guest_cases(name):
    """[Case] of one guest, from its test.toml if it has one."""
    path = os.path.join(SRC_DIR, name, "test.toml")
    conf = {}
    if os.path.exists(path):
        with open(path, "rb") as f:
            conf = tomllib.load(f)
    variants = conf.pop("variant", [{}])
    common = _settings(path, conf)
    out = []
    for v in variants:
        vid = v.pop("id", None)
        settings = {**common, **_settings(path, v)}
        out.append(Case(f"{name}-{vid}" if vid else name, name, **settings))
    return out


def cases(single_domain_only=False):
    """[Case] for every guest and variant; single_domain_only: only the cases
    that need no domUs (those that can run on Xen 4.17)."""
    return [c for name in names() for c in guest_cases(name)
            if not (single_domain_only and c.domus)]


def image(name):
    return os.path.join(GUEST_DIR, name)


def verdicts(log):
    return VERDICT.findall(log)


def domu_modules(case):
    """Multiboot module strings for the domUs a case needs."""
    return [f"{image(case.name)} {spec}" for spec in case.domus]


def domu_expect(case):
    """{domid: [verdict]} the domUs of a case must print."""
    if case.domu_verdicts is not None:
        return case.domu_verdicts
    n = sum(int(re.search(r"copies=(\d+)", s)[1]) if "copies=" in s else 1 for s in case.domus)
    return {domid: ["SUCCESS"] for domid in range(1, n + 1)}


def domu_verdicts(log):
    """{domid: [verdicts]} of the domUs' verdict lines."""
    out = {}
    for domid, verdict in DOMU_VERDICT.findall(log):
        out.setdefault(int(domid), []).append(verdict)
    return out
