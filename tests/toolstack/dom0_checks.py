"""Assertions shared by the Xen 4.17 and the xeno halves of the toolstack
suite: what xen-init-dom0 and the xl commands of tools/dom0/tests/basic.sh
print for dom0 (512 MiB, 2 vCPUs) on a 1 GiB, 2-CPU QEMU machine. Both
hypervisors must pass the same checks."""
import json
import re


def section(log, label):
    """Output of one command of the test scripts: the lines after '== label' up to rc=."""
    log = re.sub(r"\r+\n", "\n", log)
    m = re.search(rf"^== {re.escape(label)}\n(.*?)^rc=(\d+)$", log, re.S | re.M)
    assert m, f"no section {label!r}"
    return m[1], int(m[2])


def field(text, key):
    m = re.search(rf"^{key}\s*: (.*)$", text, re.M)
    assert m, f"no {key} in xl info"
    return m[1].strip()


def check_dom0_xl(log, tail):
    """xen-init-dom0, then xl info, list, list -l, dmesg, uptime, domid, domname."""
    assert "DOM0-INIT-DOM0 rc=0" in log, tail
    out, code = section(log, "xenstore-ls")
    assert code == 0 and '/local/pool/0/name = "Pool-0"' in out, out

    info, code = section(log, "xl info")
    assert code == 0, tail
    assert field(info, "xen_version").startswith("4.17"), info
    assert field(info, "nr_cpus") == "2" and field(info, "nr_nodes") == "1", info
    total, free = int(field(info, "total_memory")), int(field(info, "free_memory"))
    assert 1000 <= total <= 1024, info            # MiB of QEMU's 1 GiB
    assert total - 512 - 40 <= free <= total - 512, info  # less dom0 and the hypervisor's own
    assert "xen-3.0-x86_64" in field(info, "xen_caps"), info
    assert "dom0_mem=512M" in field(info, "xen_commandline"), info
    assert field(info, "xen_scheduler") == "credit2", info

    out, code = section(log, "xl list")
    assert code == 0 and re.search(r"^Domain-0\s+0\s+512\s+2\s+r", out, re.M), out
    out, code = section(log, "xl list -l")
    assert code == 0, out
    doms = json.loads(out)
    assert [d["domid"] for d in doms] == [0], out
    assert doms[0]["config"]["c_info"]["name"] == "Domain-0", out

    out, code = section(log, "xl dmesg")
    assert code == 0 and re.search(r"^\(XEN\) (\[\w+\] )?Command line: .*dom0_mem=512M", out, re.M), out
    out, code = section(log, "xl uptime")
    assert code == 0 and re.search(r"^Domain-0\s+0\s+\d+:\d\d:\d\d$", out, re.M), out
    assert section(log, "xl domid") == ("0\n", 0), tail
    assert section(log, "xl domname") == ("Domain-0\n", 0), tail
    assert section(log, "xenstore-read domid") == ("0\n", 0), tail
    assert section(log, "xenstore-read name") == ("Domain-0\n", 0), tail


def check_demo_domu(log, tail):
    """tools/dom0/tests/toolstack.sh: xl create of /etc/xen/demo.cfg (Debian's
    bzImage and a busybox initrd, 128 MiB, 1 vCPU) to its /init, listed,
    destroyed, gone from the list."""
    assert section(log, "xl create")[1] == 0, tail
    out, _ = section(log, "domU console")
    assert re.search(r"XENO-INIT-READY .*cpus=1", out), tail
    out, _ = section(log, "xl list demo")
    assert re.search(r"^demo\s+[1-9]\d*\s+128\s+1\s", out, re.M), out
    # The domU's xenbus reached the daemon over its ring.
    assert section(log, "domU xenstore") == ("1\n", 0), tail
    assert section(log, "xl destroy")[1] == 0, tail
    out, code = section(log, "xl list after")
    assert code == 0 and "demo" not in out and "Domain-0" in out, out
