"""The dom0 image (scripts/mkdom0.sh) as xeno's dom0: the part of Debian's Xen
4.17 toolstack that works on xeno today, booted as tests/linux boots Debian's
Linux (same kernel options). Checked: every dom0 module loads (privcmd,
xenfs, evtchn, gntdev, gntalloc, blkback, netback, bridge, loop), xenfs says
control_d, /sys/hypervisor says Xen 4.17, oxenstored, the C xenstored or
ours (tools/xenstored; xeno.xenstored=ocaml|c|xeno) starts and serves
xenstore-write/-read over its socket and through dom0's kernel
(/dev/xen/xenbus: the xsd_kva ring and the loopback event channel of
XS_LOCAL), xenconsoled (Debian's, or ours with xeno.xenconsoled=xeno)
starts, and `poweroff` goes through busybox init and ACPI S5 to xeno's
power-off.

xen-init-dom0 succeeds (pool 0 in xenstore); xl info, list, list -l,
dmesg, uptime, domid and domname pass the same checks as on Xen 4.17
(dom0_checks.py); and, as there, `xl create` of /etc/xen/demo.cfg reaches
the domU's /init, `xl list` shows it and `xl destroy` removes it
(xeno.test=toolstack).
Logs: build/test-logs/dom0-image-xeno-<flavour>.log."""
import os
import re

import pytest
import xenoqemu
from dom0_checks import (check_daemon_restart, check_demo_domu, check_dom0_xl, check_xsbench,
                         kernel_warnings, section)
from test_dom0_image_reference import CACHE

# The dom0 image boots as on a real machine: ACPI and PCI on, poweroff
# through ACPI S5 (XENPF_enter_acpi_sleep).
IMAGE_ARGS = "console=hvc0 earlyprintk=xen"
# The toolstack suites (test_domus, test_split, test_xm, test_saverestore,
# test_migrate) boot dom0 the same way.
KERNEL_ARGS = IMAGE_ARGS


@pytest.mark.parametrize("flavour,consoled,processes", [
    ("ocaml", "debian", {"oxenstored", "xenconsoled"}),
    ("c", "debian", {"xenstored", "xenconsoled"}),
    ("xeno", "debian", {"xeno-xenstored", "xenconsoled"}),
    ("xeno", "xeno", {"xeno-xenstored", "xeno-xenconsole"}),  # our xenconsoled too
])
def test_dom0_image_toolstack_on_xeno(dom0_image, flavour, consoled, processes):
    name = flavour if consoled == "debian" else "own-daemons"
    r = xenoqemu.run(f"dom0-image-xeno-{name}", timeout=900, mem="1G", smp=2,
                     until=r"Powering off\.|Rebooting\.|Hardware Dom0 (halted|shutdown|crashed)[^\n]*\n",
                     append="console=com1 dom0_mem=512M",
                     modules=[f"{os.path.join(CACHE, 'vmlinux')} {IMAGE_ARGS} xeno.test=toolstack "
                              f"xeno.xenstored={flavour} xeno.xenconsoled={consoled}",
                              dom0_image])
    log, tail = r.log, r.tail(60)
    assert "DOM0-MODULES ok=9 failed=none" in log, tail
    out, _ = section(log, "lsmod")
    for mod in ("xen_privcmd", "xenfs", "xen_evtchn", "xen_gntdev", "xen_gntalloc",
                "xen_blkback", "xen_netback", "bridge", "loop"):
        assert re.search(rf"^{mod}\s", out, re.M), f"{mod} not loaded:\n{out}"
    assert "capabilities=control_d" in log and "hypervisor=xen 4.17" in log, tail
    assert f"DOM0-XENSTORED {flavour} rc=0" in log, tail
    assert "DOM0-XENCONSOLED rc=0" in log, tail
    out, _ = section(log, "processes")
    assert set(out.split()) == processes, tail
    check_dom0_xl(log, tail)
    assert section(log, "xenstore-write") == ("hello\n", 0), tail
    assert section(log, "xenstore via kernel") == ("hello\n", 0), tail
    check_daemon_restart(log, tail, flavour)
    check_xsbench(log, tail, flavour)
    check_demo_domu(log, tail)
    assert "XENO-TEST-END rc=0" in log, tail
    assert "Kernel panic" not in log and "Oops" not in log and not kernel_warnings(log), tail
    assert "Requesting system poweroff" in log, tail
    assert "Dom0 asked for ACPI S5: powering off" in log, tail
