"""Our toolstack's xm (tools/xm, tools/xend, tools/libs) in the dom0 image,
on xeno and on Debian's Xen 4.17, with our xenstored and xenconsoled and
with Debian's: one boot each in the image's test mode xeno.test=xm
(tools/dom0/tests/xm.sh). Checked: `xm info` prints xl info's keys in xl's
order with the same host values, `xm list` is `xl list` (same table, same
dom0 row but for its CPU time), `xm create /etc/xen/demo.cfg` boots
Debian's bzImage and a busybox initrd to its /init (its console log and
the xenstore node its kernel writes), `xm list` and Debian's `xl list`
show it, a taken name, a misspelt key and a malformed file are refused
with xl-style messages, `xm destroy` removes it (from the domain list and
from xenstore); a second one, asked by `xm shutdown -w`, powers itself off
and is gone.
Logs: build/test-logs/xm-<hypervisor>-<daemons>.log."""
import os
import re
import shutil

import pytest
import xenoqemu
from dom0_checks import section
from test_dom0_image_reference import CACHE, boot_on_xen, dom0_image  # noqa: F401
from test_dom0_image_xeno import KERNEL_ARGS

DAEMONS = {"own": ("xeno", "xeno"), "debian": ("ocaml", "debian")}


@pytest.fixture(scope="module")
def xm_image(dom0_image):  # noqa: F811
    """A private copy: mkdom0.sh keeps only the newest images in the cache,
    which other builds (other worktrees) may replace while these boots run."""
    copy = os.path.join(xenoqemu.BUILD, "xm-dom0" + os.path.splitext(dom0_image)[1])
    os.makedirs(os.path.dirname(copy), exist_ok=True)
    shutil.copyfile(dom0_image, copy)
    return copy


def boot(hv, daemons, image):
    xs, xc = DAEMONS[daemons]
    words = [f"xeno.xenstored={xs}", f"xeno.xenconsoled={xc}", "xeno.test=xm"]
    name = f"xm-{hv}-{daemons}"
    if hv == "xen":
        _, log = boot_on_xen(name, image, *words)
        return log
    r = xenoqemu.run(name, timeout=900, mem="1G", smp=2,
                     until=r"Powering off\.|Rebooting\.|Hardware Dom0 (halted|shutdown|crashed)[^\n]*\n",
                     append="console=com1 dom0_mem=512M",
                     modules=[f"{os.path.join(CACHE, 'vmlinux')} {KERNEL_ARGS} {' '.join(words)}",
                              image])
    return r.log


def keys(info):
    return [line.split(":")[0].strip() for line in info.splitlines() if " : " in line]


def value(info, key):
    m = re.search(rf"^{key}\s*: ?(.*)$", info, re.M)
    assert m, f"no {key}:\n{info}"
    return m[1]


def check_info(log):
    xm, rc = section(log, "xm info")
    assert rc == 0, xm
    xl, _ = section(log, "xl info")
    assert keys(xm) == keys(xl), f"{xm}\n---\n{xl}"
    for k in keys(xl):
        if k not in ("free_memory",):  # dom0's balloon may move between the two
            assert value(xm, k) == value(xl, k), k
    assert section(log, "xm info free_memory")[0].strip().isdigit(), log


def check_list(log):
    xm, rc = section(log, "xm list")
    xl, _ = section(log, "xl list")
    assert rc == 0
    assert xm.splitlines()[0] == xl.splitlines()[0], xm
    strip = lambda t: [re.sub(r"\s+[\d.]+$", "", line) for line in t.splitlines()]  # noqa: E731
    assert strip(xm) == strip(xl), f"{xm}\n---\n{xl}"


def check_domu(log, tail):
    out, rc = section(log, "xm create")
    assert rc == 0 and "Parsing config from /etc/xen/demo.cfg" in out, out
    out, _ = section(log, "domU console")
    assert re.search(r"XENO-INIT-READY .*cpus=1", out), tail
    for label in ("xm list demo", "xl list demo", "xm list by name"):
        out, rc = section(log, label)
        assert rc == 0 and re.search(r"^demo\s+[1-9]\d*\s+128\s+1\s+[r-][b-]----", out, re.M), out
    assert section(log, "domU xenstore") == ("1\n", 0), tail
    out, rc = section(log, "xm create taken")
    assert rc == 1 and 'domain with name "demo" already exists.' in out, out
    out, rc = section(log, "xm create typo")
    assert rc == 1 and "/tmp/typo.cfg:2: unknown key 'memmory' (did you mean 'memory'?)" in out, out
    out, rc = section(log, "xm create malformed")
    assert rc == 1 and "/tmp/bad.cfg:3: expected ']' (list opened on line 2)" in out, out
    assert section(log, "xm destroy")[1] == 0, tail
    out, rc = section(log, "xm list after")
    assert rc == 0 and "demo" not in out and "Domain-0" in out, out
    assert section(log, "xenstore after") == ("1\n", 0), tail  # only /local/domain/0
    assert section(log, "xm create again")[1] == 0, tail
    out, rc = section(log, "xm shutdown -w")
    assert rc == 0 and re.search(r"Shutting down domain [1-9]\d*\n", out), out
    out, rc = section(log, "xm list after shutdown")
    assert rc == 0 and "demo" not in out, out
    assert section(log, "domU poweroff") == ("1\n", 0), tail  # its /init saw the request


@pytest.mark.parametrize("hv", ["xeno", "xen"])
@pytest.mark.parametrize("daemons", ["own", "debian"])
def test_xm(xm_image, hv, daemons):
    log = boot(hv, daemons, xm_image)
    tail = "\n".join(log.splitlines()[-80:])
    assert "XENO-TEST-BEGIN" in log, tail
    check_info(log)
    check_list(log)
    check_domu(log, tail)
    assert "XENO-TEST-END rc=0" in log, tail
    assert "Kernel panic" not in log and "Oops" not in log, tail
