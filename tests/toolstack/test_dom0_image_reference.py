"""The dom0 image (scripts/mkdom0.sh, tools/dom0/) on Debian's Xen 4.17: Debian's
own toolstack (xl, libxl, oxenstored, the C xenstored or ours from
tools/xenstored, xen-init-dom0, xenconsoled) in our initramfs with our init,
booted as tests/reference boots Xen (scripts/run-reference.sh). One boot per xenstored flavour; in each, the
image's test mode (xeno.test=toolstack, tools/dom0/tests/toolstack.sh) runs
xen-init-dom0, xl info/list/list -l/dmesg/uptime/domid/domname
(dom0_checks.py, the same checks as on xeno), xenstore reads and writes, then `xl create` of
/etc/xen/demo.cfg (Debian's bzImage + a busybox initrd) to its /init (its
kernel's xenstore node control/feature-poweroff read back from dom0), and
`xl destroy`, and powers off through busybox init. One more boot runs our
xenstored and our xenconsoled (tools/xenconsoled) together. The checks read
the commands' real output on the serial console.

Logs: build/test-logs/dom0-image-xen-<flavour>.log. dom0 gets 512 MiB of
1 GiB: libxc holds the 66 MB decompressed domU kernel in dom0's memory, which
256 MiB (less the image in its rootfs) cannot give (xl is OOM-killed)."""
import os
import re
import subprocess

import pytest
import xenoqemu
from dom0_checks import (check_daemon_restart, check_demo_domu, check_dom0_xl, check_xsbench,
                         kernel_warnings, section)

ROOT = xenoqemu.ROOT
CACHE = os.environ.get("XENO_CACHE", os.path.join(ROOT, ".cache", "debian"))
# The dom0 image boots as on a real machine (ACPI and PCI on: poweroff is
# ACPI S5). DOM0_ARGS: the toolstack suites (test_domus, test_split,
# test_saverestore, test_xm) boot dom0 the same way.
IMAGE_ARGS = ["console=hvc0", "earlyprintk=xen"]
DOM0_ARGS = IMAGE_ARGS


def boot_on_xen(name, image, *words, timeout=900, mem=1024, dom0_mem="512M",
                dom0_args=DOM0_ARGS, qemu_args=()):
    """qemu_args: extra QEMU arguments (e.g. a -drive), each passed as is."""
    log = os.path.join(xenoqemu.LOG_DIR, f"{name}.log")
    os.makedirs(xenoqemu.LOG_DIR, exist_ok=True)
    cmd = [os.path.join(ROOT, "scripts", "run-reference.sh"), "-q", "--log", log,
           "--timeout", str(timeout), "--mem", str(mem),
           "--dom0-mem", f"{dom0_mem},max:{dom0_mem}"]
    for a in qemu_args:
        cmd += ["--qemu-arg", a]
    cmd += ["--", os.path.join(CACHE, "vmlinux"), *dom0_args, *words, "--initrd", image]
    rc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True).returncode
    with open(log, errors="replace", newline="") as f:
        return rc, re.sub(r"\r+\n", "\n", f.read())  # Xen's console adds a \r to Linux's


@pytest.mark.parametrize("flavour,process", [("ocaml", "oxenstored"), ("c", "xenstored"),
                                             ("xeno", "xeno-xenstored")])
def test_dom0_image_toolstack_on_xen_4_17(dom0_image, flavour, process):
    run = boot_on_xen(f"dom0-image-xen-{flavour}", dom0_image, f"xeno.xenstored={flavour}",
                      "xeno.test=toolstack", dom0_args=IMAGE_ARGS)
    check_toolstack_boot(*run, flavour, {process, "xenconsoled"})


def test_dom0_image_own_daemons_on_xen_4_17(dom0_image):
    """Our xenstored and our xenconsoled (tools/xenconsoled) together: the
    domU's console log that the checks read is written by ours."""
    def check(run):
        check_toolstack_boot(*run, "xeno", {"xeno-xenstored", "xeno-xenconsole"})
        out, _ = section(run[1], "xenconsoled log")
        assert re.search(r"domain [1-9]\d* console on /dev/pts/\d+", out), out
    check(boot_on_xen("dom0-image-xen-own-daemons", dom0_image, "xeno.xenstored=xeno",
                      "xeno.xenconsoled=xeno", "xeno.test=toolstack", dom0_args=IMAGE_ARGS))


def check_toolstack_boot(rc, log, flavour, processes):
    tail = "\n".join(log.splitlines()[-60:])
    # The init's steps, in order.
    assert "DOM0-MODULES ok=9 failed=none" in log, tail
    assert f"DOM0-XENSTORED {flavour} rc=0" in log, tail
    assert "DOM0-XENCONSOLED rc=0" in log, tail
    assert "capabilities=control_d" in log and "hypervisor=xen 4.17" in log, tail
    out, _ = section(log, "processes")
    assert set(out.split()) == processes, tail
    out, _ = section(log, "lsmod")
    for mod in ("xen_privcmd", "xenfs", "xen_evtchn", "xen_gntdev", "xen_gntalloc",
                "xen_blkback", "xen_netback", "bridge", "stp", "llc", "loop"):
        assert re.search(rf"^{mod}\s", out, re.M), f"{mod} not loaded:\n{out}"
    check_dom0_xl(log, tail)
    assert section(log, "xenstore-write") == ("hello\n", 0), tail
    assert section(log, "xenstore via kernel") == ("hello\n", 0), tail

    check_daemon_restart(log, tail, flavour)
    check_xsbench(log, tail, flavour)
    check_demo_domu(log, tail)

    assert "XENO-TEST-END rc=0" in log, tail
    assert "Kernel panic" not in log and "Oops" not in log and not kernel_warnings(log), tail
    # poweroff went through busybox init, and Xen powered the machine off (S5).
    assert "Requesting system poweroff" in log, tail
    assert re.search(r"\(XEN\) .*Entering ACPI S5 state", log), tail
    assert rc == 0, tail
