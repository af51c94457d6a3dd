"""The life of Linux domUs under Debian's xl, on Xen 4.17 and on xeno, one
dom0-image boot each (xeno.test=domus: tools/dom0/tests/lifecycle.sh,
badinput.sh, scale.sh), the same checks on both (dom0_checks.py): the demo domU created,
paused and unpaused (its CPU time stops), typed into through its console,
reweighted, pinned, given a second vCPU, ballooned down by 32 MiB and back,
shut down through xenstore, created again, rebooted (a new domain), destroyed;
bad input (a truncated kernel, garbage, more memory than exists) refused with
nothing left behind; then eight 96 MiB domUs at once, all to their /init, and 50 create/destroy
cycles (xl given the demo kernel's ELF, unpacked once) with free memory back where it started (to the MiB; the page-exact
check is the domain-reclaim test guest's, 64 cycles on both hypervisors).
The machine has 2 GiB, dom0 768 MiB: Debian's kernel alone takes 58 MiB of a
domU as libxc loads it, so 64 MiB domUs cannot be built (on either
hypervisor), and with 512 MiB dom0 itself ran short while xl decompressed
the sixth kernel (on Xen 4.17: "unable to XZ decompress kernel").
Logs: build/test-logs/domus-<hypervisor>.log."""
import os

import pytest
import xenoqemu
from dom0_checks import check_badinput, check_lifecycle, check_scale, kernel_warnings
from test_dom0_image_reference import CACHE, boot_on_xen
from test_dom0_image_xeno import KERNEL_ARGS

UNTIL = r"Powering off\.|Rebooting\.|Hardware Dom0 (halted|shutdown|crashed)[^\n]*\n"


def check(log, tail, max_failed_cycles=0):
    assert "XENO-TEST-END rc=0" in log, tail
    check_lifecycle(log, tail)
    check_badinput(log, tail)
    check_scale(log, tail, max_failed=max_failed_cycles)
    assert "Kernel panic" not in log and not kernel_warnings(log), tail


# Xen 4.17's half keeps the old args until a run with ACPI and PCI on has
# passed (the xeno half has; this one did not finish in the time given).
XEN_DOM0_ARGS = ["console=hvc0", "earlyprintk=xen", "acpi=off", "pci=off", "nolapic",
                 "initcall_blacklist=cmos_init,i8042_init"]


# Not strict, as test_split's and test_migrate_two's Xen halves: the checks
# run and a passing run reports XPASS. Two of three CI-like runs of
# 2026-12-03 failed here on Xen's side only: once 96 MiB not returned after
# the eight domUs (a domain an xl crash left behind, now destroyed by scale.sh
# as a SCALE-RETRY), once busybox applets segfaulting in the lifecycle part
# (a TLS pointer read as 0x10000; more of them when two boots share the two
# cores; without FSGSBASE in the CPU xl still died the same way in malloc).
@pytest.mark.xfail(reason="dom0 user programs crash at random on Xen 4.17 under TCG",
                   strict=False)
def test_domus_on_xen_4_17(dom0_image):
    rc, log = boot_on_xen("domus-xen", dom0_image, "xeno.xenstored=c", "xeno.test=domus",
                          timeout=1500, mem=2048, dom0_mem="768M", dom0_args=XEN_DOM0_ARGS)
    # Debian's xl itself dies now and then on Xen 4.17 under TCG load: a CI
    # run had 2 of the 50 creates fail with xl aborting in glibc's malloc
    # ("corrupted double-linked list") and segfaulting in libc, the same
    # random user-space crashes as the busybox applets of other Xen boots.
    # Memory still comes back to the MiB. xeno must pass all of them.
    check(log, "\n".join(log.splitlines()[-60:]), max_failed_cycles=5)


def test_domus_on_xeno(dom0_image):
    r = xenoqemu.run("domus-xeno", timeout=1500, mem="2G", smp=2, until=UNTIL,
                     append="console=com1 dom0_mem=768M",
                     modules=[f"{os.path.join(CACHE, 'vmlinux')} {KERNEL_ARGS} xeno.test=domus "
                              "xeno.xenstored=c", dom0_image])
    check(r.log, r.tail(60))
    assert "Dom0 asked for ACPI S5: powering off" in r.log, r.tail(60)
