"""Debian's stock Linux (linux-image-amd64, 6.1, XEN_PV) as dom0 on xeno.

The kernel and busybox come from Debian (scripts/fetch-debian.sh, cached), the
initrd is ours (scripts/mkinitrd.sh, tests/initrd/init). /init prints
XENO-INIT-READY, runs the workload passed as xeno.run64 (base64 shell script),
prints its output between XENO-RUN-BEGIN/END and powers off.

dom0 boots as on a real machine: ACPI and PCI on, no kernel option beyond
the console (tests/linux/test_dom0_devices.py drives its disks and NICs).
`poweroff` goes through ACPI: Linux asks for S5 (XENPF_enter_acpi_sleep) and
the hypervisor powers the machine off; `reboot` is still SCHEDOP_shutdown.
"""
import base64
import os
import re
import subprocess

import pytest
import xenoqemu

ROOT = xenoqemu.ROOT
CACHE = os.environ.get("XENO_CACHE", os.path.join(ROOT, ".cache", "debian"))
KERNEL_ARGS = "console=hvc0 earlyprintk=xen"
POWERED_OFF = "(XEN) Dom0 asked for ACPI S5: powering off"

WORKLOAD = """
cat /proc/xen/capabilities
echo online=$(cat /sys/devices/system/cpu/online)
echo xsd_port=$(cat /proc/xen/xsd_port)
xeno-threads 2 32 4
cat /sys/hypervisor/type
echo version=$(cat /sys/hypervisor/version/major).$(cat /sys/hypervisor/version/minor)
i=0; while [ $i -lt 1000 ]; do /bin/true; i=$((i+1)); done; echo forks=$i
dd if=/dev/urandom of=/tmp/f bs=1M count=64 2>/dev/null
a=$(md5sum < /tmp/f); b=$(cat /tmp/f | md5sum); [ "$a" = "$b" ] && echo checksum=ok
dmesg | grep -E "BUG|WARNING|Oops|Call Trace" | grep -v "This is not a bug" || echo dmesg=clean
"""


@pytest.fixture(scope="module")
def debian():
    for cmd in (["scripts/fetch-debian.sh", "linux", "busybox"], ["scripts/mkinitrd.sh"]):
        r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if r.returncode:
            pytest.fail(f"{' '.join(cmd)} failed: {r.stderr[-2000:]}")
    return os.path.join(CACHE, "vmlinux"), os.path.join(CACHE, "initrd.cpio.gz")


def boot_linux(name, debian, run=None, xeno_args="", timeout=300, smp=2, linux_args="",
               mem="1G", dom0_mem="512M"):
    kernel, initrd = debian
    args = f"{KERNEL_ARGS} {linux_args}".strip()
    if run:
        args += " xeno.run64=" + base64.b64encode(run.encode()).decode()
    return xenoqemu.run(name, timeout=timeout, mem=mem, smp=smp,
                        until=r"Powering off\.|Rebooting\.",
                        append=f"console=com1 dom0_mem={dom0_mem} {xeno_args}".strip(),
                        modules=[f"{kernel} {args}", initrd])


def test_linux_dom0_boots_to_init_and_runs_workloads(debian):
    r = boot_linux("linux-dom0-workload", debian, run=WORKLOAD)
    tail = r.tail(60)
    assert "Booting kernel on Xen" in r.log, tail
    assert re.search(r"XENO-INIT-READY .*xen=control_d", r.log), tail
    run = r.log.split("XENO-RUN-BEGIN", 1)[-1]
    for want in ("control_d", "online=0-1", "threads=2 cpus=2 ", "\nxen", "version=4.17",
                 "forks=1000", "checksum=ok", "dmesg=clean", "XENO-RUN-END rc=0"):
        assert want in run, f"missing {want!r}:\n{tail}"
    # xenstore in local mode: dom0's xenbus made its store event channel
    # (alloc_unbound to itself) for a xenstored to come.
    assert re.search(r"xsd_port=[1-9]\d*\s", run), tail
    assert "Kernel panic" not in r.log, tail
    assert POWERED_OFF in r.log, tail


BIG_MEMORY = """
mount -o remount,size=90% /tmp
dd if=/dev/urandom of=/tmp/src bs=1M count=16 2>/dev/null
i=0; while [ $i -lt 16 ]; do cat /tmp/src; i=$((i+1)); done > /tmp/big
echo size=$(stat -c %s /tmp/big)
a=$(md5sum < /tmp/big); b=$(i=0; while [ $i -lt 16 ]; do cat /tmp/src; i=$((i+1)); done | md5sum)
[ "$a" = "$b" ] && echo bigsum=ok
"""


def test_linux_dom0_fills_256m_and_reboots(debian):
    """256 MiB written and checksummed in tmpfs; `reboot` reboots the machine."""
    r = boot_linux("linux-dom0-256m-reboot", debian, run=BIG_MEMORY, dom0_mem="768M",
                   linux_args="xeno.exit=reboot")
    tail = r.tail(40)
    assert f"size={256 << 20}" in r.log and "bigsum=ok" in r.log, tail
    assert "Hardware Dom0 shutdown: rebooting machine" in r.log, tail
    assert "Kernel panic" not in r.log, tail


@pytest.mark.parametrize("smp,xeno_args,online", [(2, "dom0_max_vcpus=1", "0"),
                                                   (4, "", "0-3")])
def test_linux_dom0_vcpu_counts(debian, smp, xeno_args, online):
    """dom0 with one vCPU, and with four on a 4-CPU machine."""
    r = boot_linux(f"linux-dom0-smp{smp}-{online}", debian, smp=smp, xeno_args=xeno_args,
                   run="echo online=$(cat /sys/devices/system/cpu/online)\n"
                       "xeno-threads 4 16 2\n")
    tail = r.tail(40)
    assert re.search(rf"online={online}\s", r.log), tail
    m = re.search(r"threads=4 cpus=(\d+) hash=\w+ ok", r.log)
    assert m, tail
    # One vCPU: everything on it; four: Linux spreads the threads (not
    # necessarily over all four in a short run).
    assert int(m[1]) == 1 if online == "0" else int(m[1]) >= 2, tail
    assert POWERED_OFF in r.log, tail


@pytest.mark.parametrize("mem,dom0_mem,want_mib,want_max", [
    ("1G", "512M,max:512M", 512, 512),   # the reference runner's and the docs' form
    ("1G", "min:128M,-300M", None, None),  # all available less 300 MiB
    ("1G", "", None, None),               # no option: Xen's default sizing
    ("512M", "4G", None, None),           # more than there is: clamped, no panic
])
def test_linux_dom0_mem_syntax(debian, mem, dom0_mem, want_mib, want_max):
    """Xen 4.17's dom0_mem= forms (parser: tests/unit/test_dom0_mem.c). Sizing
    happens once the kernel is unpacked, so no form makes the build panic."""
    kernel, initrd = debian
    name = "linux-dom0-mem-" + (re.sub(r"[^0-9A-Za-z]+", "_", dom0_mem) or "default") + "-" + mem
    append = "console=com1" + (f" dom0_mem={dom0_mem}" if dom0_mem else "")
    r = xenoqemu.run(name, timeout=300, mem=mem, smp=2, until=r"Powering off\.|Rebooting\.",
                     append=append, modules=[f"{kernel} {KERNEL_ARGS}", initrd])
    tail = r.tail(40)
    assert "unknown or invalid option" not in r.log, tail
    m = re.search(r"Dom0 has (\d+) MiB \(max (\d+) MiB\); (\d+) MiB stay free", r.log)
    assert m, tail
    got, got_max, free = (int(x) for x in m.groups())
    if want_mib:
        assert (got, got_max) == (want_mib, want_max), m[0]
    elif dom0_mem.startswith("min:128M,-300M"):
        assert 300 <= free <= 300 + 80, m[0]  # -300M of what was available
    # The default keeps 1/16 back (dom0's swiotlb exchanges need 64 MiB of
    # it); an explicit amount may take all but the hypervisor's 8 MiB.
    assert free >= (8 if dom0_mem == "4G" else 64), m[0]
    assert re.search(r"XENO-INIT-READY .*xen=control_d", r.log), tail
    assert POWERED_OFF in r.log, tail


def test_linux_dom0_on_shadow_page_tables(debian):
    """The log-dirty shadow page tables are invisible to Linux: dom0 runs the
    workloads in log-dirty mode (xeno's debug option logdirty_selftest: on
    100 ms into its boot, CLEAN every 200 ms, so every first write to a page
    after a CLEAN faults into the hypervisor): no oops, the same results."""
    r = boot_linux("linux-dom0-logdirty-shadow", debian, run=WORKLOAD,
                   xeno_args="logdirty_shadow logdirty_selftest=200")
    tail = r.tail(60)
    assert "logdirty selftest: dom0 in log-dirty mode" in r.log, tail
    assert "logdirty selftest: 10 rounds" in r.log, tail  # printed at 1, 10, 100, ...
    run = r.log.split("XENO-RUN-BEGIN", 1)[-1]
    for want in ("control_d", "threads=2 cpus=2 ", "forks=1000", "checksum=ok", "dmesg=clean",
                 "XENO-RUN-END rc=0"):
        assert want in run, f"missing {want!r}:\n{tail}"
    assert "Kernel panic" not in r.log, tail
    assert POWERED_OFF in r.log, tail
