"""Reference check: the smoke PV kernels must behave the same on Debian's
Xen 4.17 (scripts/run-reference.sh) as on xeno. Xen is fetched with
scripts/fetch-debian.sh xen (apt-get download, cached in .cache/debian)."""
import os
import subprocess

import pytest
import xenoqemu

ROOT = xenoqemu.ROOT


@pytest.fixture(scope="module")
def xen_fetched():
    r = subprocess.run([os.path.join(ROOT, "scripts", "fetch-debian.sh"), "xen"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.fail("could not fetch Xen 4.17: " + r.stderr[-2000:])


def run_reference(name, kernel, *words, timeout=120, xen_args=(), qemu_args=()):
    log = os.path.join(xenoqemu.LOG_DIR, f"reference-{name}.log")
    os.makedirs(xenoqemu.LOG_DIR, exist_ok=True)
    cmd = [os.path.join(ROOT, "scripts", "run-reference.sh"), "-q", "--log", log,
           "--timeout", str(timeout)]
    for arg in xen_args:
        cmd += ["--xen-arg", arg]
    for arg in qemu_args:
        cmd += ["--qemu-arg", arg]
    cmd += ["--", kernel, *words]
    rc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True).returncode
    with open(log, errors="replace") as f:
        return rc, f.read()


@pytest.mark.parametrize("kernel,words", [("pv-smoke", ["0"]), ("pv-traps", [])])
def test_smoke_kernel_on_xen_4_17(xen_fetched, kernel, words):
    rc, log = run_reference(kernel, os.path.join(xenoqemu.BUILD, "tests", kernel), *words)
    tail = "\n".join(log.splitlines()[-30:])
    assert "Test result: SUCCESS" in log, tail
    assert "FAIL:" not in log, tail
    assert rc == 0, tail
