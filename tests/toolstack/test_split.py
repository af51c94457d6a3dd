"""Virtual disks and networks for Linux domUs under Debian's xl, on Xen 4.17
and on xeno, one dom0-image boot each (xeno.test=split:
tools/dom0/tests/split.sh, the domU side tools/dom0/domu-io.sh), the same
checks on both (dom0_checks.py:check_split). dom0 runs xen-blkback and
xen-netback, xl runs its own hotplug scripts (block: a loop device on a file
in dom0's tmpfs; vif-bridge: the vif on xenbr0); the domU loads xen-blkfront,
xen-netfront and ext4 from its initrd. Checked: an ext4 xvda mounted, read,
written and synced, its data found again after `xl reboot` and after
`xl destroy` under load and a new create; a read-only xvdb whose writes
fail; ping both ways and a 2 MiB TCP stream each way with matching md5;
a second domU pinging the first across the bridge; nothing left in dom0
(loop devices, vifs, backend nodes) after each destroy.
Logs: build/test-logs/split-<hypervisor>.log."""
import os

import xenoqemu
from dom0_checks import check_split, kernel_warnings
from test_dom0_image_reference import CACHE, boot_on_xen
from test_dom0_image_xeno import KERNEL_ARGS

UNTIL = r"Powering off\.|Rebooting\.|Hardware Dom0 (halted|shutdown|crashed)[^\n]*\n"


def check(log, tail):
    assert "XENO-TEST-END rc=0" in log, tail
    check_split(log, tail)
    assert "Kernel panic" not in log and not kernel_warnings(log), tail


# Its boot is bounded at 600 s (a whole run takes about 4 min): a create
# that fails leaves the hostile domU's attack waiting out its timeouts.
def test_split_on_xen_4_17(dom0_image):
    rc, log = boot_on_xen("split-xen", dom0_image, "xeno.test=split",
                          timeout=600, mem=2048, dom0_mem="768M")
    check(log, "\n".join(log.splitlines()[-60:]))


def test_split_on_xeno(dom0_image):
    r = xenoqemu.run("split-xeno", timeout=1500, mem="2G", smp=2, until=UNTIL,
                     append="console=com1 dom0_mem=768M",
                     modules=[f"{os.path.join(CACHE, 'vmlinux')} {KERNEL_ARGS} xeno.test=split",
                              dom0_image])
    check(r.log, r.tail(60))
    assert "Dom0 asked for ACPI S5: powering off" in r.log, r.tail(60)
