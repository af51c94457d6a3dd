"""Assertions shared by the Xen 4.17 and the xeno halves of the toolstack
suite: what xen-init-dom0 and the xl commands of tools/dom0/tests/basic.sh
print for dom0 (512 MiB, 2 vCPUs) on a 1 GiB, 2-CPU QEMU machine. Both
hypervisors must pass the same checks."""
import json
import re


def section(log, label):
    """Output of one command of the test scripts: the lines after '== label' up to rc=.

    xeno's "(XEN) Domain N freed", printed whenever a dead domain's last
    frame goes, shares the serial line with dom0's console and can land in
    any command's output, even inside one of its lines: it is taken out
    (from "(XEN)" to its own newline). So is a line of dom0's kernel log
    ("[   65.894135] xenbr0: ...") that landed inside a line of a command's
    output (a CI rehearsal of 2026-12-05: "== hostile gone[   65.89...");
    one at a line's start is left, as dmesg prints it."""
    log = re.sub(r"\r+\n", "\n", log)
    log = re.sub(r"\(XEN\) Domain \d+ freed\n", "", log)
    n = 1
    while n:
        log, n = re.subn(r"(?<=[^\n])\[ *\d+\.\d{6}\] [^\n]*\n", "", log)
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


def check_daemon_restart(log, tail, flavour):
    """tools/dom0/tests/toolstack.sh: xenstored and xenconsoled killed; xl
    without xenstored fails (it waits on the kernel's xenbus ring until cut);
    both daemons start again as at boot and xl lists dom0 (the demo domU
    after it is created and served by them: check_demo_domu)."""
    assert section(log, "kill xenconsoled")[1] == 0, tail
    assert section(log, "kill xenstored")[1] == 0, tail
    assert section(log, "xl list without xenstored")[1] != 0, tail
    assert len(re.findall(rf"DOM0-XENSTORED {flavour} rc=0", log)) == 2, tail
    assert len(re.findall(r"DOM0-XENCONSOLED rc=0", log)) == 2, tail
    assert section(log, "xen-init-dom0 again")[1] == 0, tail
    out, code = section(log, "xl list, daemons restarted")
    assert code == 0 and re.search(r"^Domain-0\s+0\s", out, re.M), out


def check_xsbench(log, tail, flavour):
    """tools/dom0/tests/toolstack.sh: xsbench's writes, reads and
    transactions through the restarted xenstored, on its socket and through
    dom0's kernel (the ring): every request answered, a time for each."""
    for path in ("socket", "ring"):
        out, code = section(log, f"xsbench {path}")
        assert code == 0, f"xsbench {path}:\n{out}"
        for op in ("write", "read", "txn"):
            assert re.search(rf"^BENCH xs_{op}_{flavour}_{path} [1-9]\d* ns$", out, re.M), out


def kernel_warnings(log):
    """dom0's kernel WARNING lines (and a failed W+X check, which the dom0
    builder's no-execute padding prevents on xeno)."""
    return re.findall(r"^.*(?:WARNING: CPU|W\+X mappings: FAILED).*$", log, re.M)


def list_state(out, name="demo"):
    """The State column of `xl list`'s line for name (e.g. -b----)."""
    m = re.search(rf"^{name}\s+\d+\s+\d+\s+\d+\s+(\S+)", out, re.M)
    assert m, out
    return m[1]


def check_lifecycle(log, tail):
    """tools/dom0/tests/lifecycle.sh: pause stops the domU's CPU time, xl
    console reaches its shell and detaches, credit2
    weight and vcpu-pin stick, vcpu-set brings vCPU 1 up, mem-set moves the
    domU's memory (and xl info's free memory) down and back, shutdown -w ends
    it through xenstore, reboot restarts it with a new id, rename renames it,
    destroy removes it; a 2-vCPU domU sees both vCPUs, crashes, and xl destroys
    it (on_crash=destroy)."""
    log = re.sub(r"\r+\n", "\n", log)
    assert section(log, "create")[1] == 0, tail
    out, code = section(log, "pause")
    assert code == 0 and list_state(out)[2] == "p", out   # -bp--- or --p---
    m = re.search(r"^PAUSED-TIME (\S+) (\S+)$", log, re.M)
    assert m and m[1] == m[2], f"CPU time moved while paused: {m and m.group(0)}"
    out, code = section(log, "unpause")
    assert code == 0 and list_state(out)[2] == "-", out
    out, code = section(log, "console")
    assert code == 0 and "XENO-CONSOLE-42" in out, out
    assert section(log, "sched-credit2 set")[1] == 0, tail
    out, code = section(log, "sched-credit2 get")
    assert code == 0 and re.search(r"^demo\s+\d+\s+512\b", out, re.M), out
    assert section(log, "vcpu-pin")[1] == 0, tail
    assert section(log, "vcpu-set 2")[1] == 0, tail
    out, code = section(log, "vcpu-list")
    rows = {int(r[0]): r for r in re.findall(r"^demo\s+\d+\s+(\d+)\s+\S+\s+(\S+)\s+\S+\s+(\S+)", out, re.M)}
    assert code == 0 and set(rows) == {0, 1}, out
    assert rows[0][2] == "1" and rows[1][1] != "--p", out   # vCPU 0 pinned to CPU 1; vCPU 1 up
    out, _ = section(log, "list after mem-set")
    assert re.search(r"^demo\s+\d+\s+96\s", out, re.M), out
    m = re.search(r"^FREE-MEMORY (\d+) (\d+)$", log, re.M)
    assert m and 28 <= int(m[2]) - int(m[1]) <= 36, m and m.group(0)  # 32 MiB back to the host
    out, _ = section(log, "list after mem-set back")
    assert re.search(r"^demo\s+\d+\s+128\s", out, re.M), out
    assert section(log, "shutdown -w")[1] == 0, tail
    out, code = section(log, "list after shutdown")
    assert code == 0 and "demo" not in out, out
    assert section(log, "create again")[1] == 0, tail
    assert section(log, "reboot")[1] == 0, tail
    m = re.search(r"^REBOOTED (\d+) (\d+)$", log, re.M)
    assert m and int(m[2]) > int(m[1]), m and m.group(0)
    out, code = section(log, "rename")
    assert code == 0 and list_state(out, "renamed"), out
    out, code = section(log, "rename back")
    assert code == 0 and out.split()[0] == m[2], out  # the same domain, its old name
    assert section(log, "destroy")[1] == 0, tail
    out, code = section(log, "list at the end")
    assert code == 0 and "demo" not in out, out
    assert section(log, "create crashy")[1] == 0, tail
    out, _ = section(log, "crashy console")
    assert "XENO-CPUS 2" in out and "sysrq-crashes=1" in out, out
    out, code = section(log, "list after crash")
    assert code == 0 and "crashy" not in out, out  # on_crash=destroy
    out, _ = section(log, "domU console")
    assert out.count("XENO-INIT-READY") == 3 and "XENO-POWEROFF" in out, out
    assert "XENO-REBOOT" in out and "Kernel panic" not in out, out


def check_scale(log, tail, cycles=50):
    """tools/dom0/tests/scale.sh: eight 96 MiB domUs reach /init together; the
    create/destroy cycles all succeed and free memory returns, with no create
    retried (SCALE-RETRY) on either hypervisor."""
    log = re.sub(r"\r+\n", "\n", log)
    retries = re.findall(r"^SCALE-RETRY (?:demo|domid)\d+$", log, re.M)
    assert not retries, retries
    for i in range(1, 9):
        assert section(log, f"create demo{i}")[1] == 0, tail
    assert section(log, "eight at init") == ("8\n", 0), tail
    out, _ = section(log, "xl list eight")
    assert len(re.findall(r"^demo[1-8]\s+\d+\s+96\s", out, re.M)) == 8, out
    if "a paravirtualizing hypervisor" in log:  # xeno's 'q' line (Xen prints other figures)
        out, _ = section(log, "hypervisor state")
        state = re.findall(r"Domain (\d+): .* (\d+) bytes of hypervisor state \((\d+) in grant", out)
        domus = [(int(b), int(g)) for d, b, g in state if d != "0"]
        assert len(domus) == 8, out
        # Issue 13's goal is 16 KiB per Linux domU beyond its grant frames. A
        # 1-vCPU domU takes 13 KiB (docs/architecture.md: struct domain 1,
        # shared_info 4, struct vcpu 2, XSAVE 1, event bucket 1, FIFO 2,
        # struct grant_table 2 with the active entries of the console's and
        # xenstore's refs). Held there so that it does not grow.
        assert all(b - g <= 13312 for b, g in domus), out
    check_shares(log, tail)
    # The cycles' xl create takes the kernel's ELF (unbzimage in scale.sh).
    m = re.search(rf"^CYCLES n={cycles} failed=(\d+) kernel=/tmp/demo-vmlinux$", log, re.M)
    assert m and m[1] == "0", tail
    m = re.search(r"^FREE-MEMORY start=(\d+) after-eight=(\d+) after-cycles=(\d+)$", log, re.M)
    assert m, tail
    # Everything of the 18 domains comes back, their frames and the
    # hypervisor's state for them (a destroyed domain is freed once nothing
    # maps it: common/domain_reclaim.c), to the MiB, as on Xen 4.17. The start
    # figure follows a warm-up domU (what first use makes is kept by both).
    start, eight, cycles = int(m[1]), int(m[2]), int(m[3])
    assert eight == start and cycles == start, m.group(0)
    out, code = section(log, "xl list at the end")
    assert code == 0 and re.findall(r"^(\S+)\s+\d+\s", out, re.M) == ["Domain-0"], out


def shares(log, label):
    """CPU seconds of demo1 and demo2 and the wall seconds of scale.sh's SHARES line."""
    m = re.search(rf"^SHARES {label} demo1=([\d.]+) demo2=([\d.]+) wall=([\d.]+)$", log, re.M)
    assert m, f"no SHARES {label} line"
    return float(m[1]), float(m[2]), float(m[3])


def check_shares(log, tail):
    """Two CPU hogs pinned to one CPU: weight 512 gets about twice what 256
    gets, together most of it; capped at 25%, demo1 gets about that (a
    stalled CPU must not cut its refills) and demo2 most of the rest. The
    six idle domUs and dom0 take more of CPU 1 when this machine is loaded:
    at host load 18, 35% of it on xeno (demo2 44% of the wall) and 41% in
    the weights step on Xen 4.17 (5.0 + 8.6 s of 23.18)."""
    a, b, wall = shares(log, "weights")
    assert a > 0 and 1.4 <= b / a <= 2.8 and a + b >= 0.55 * wall, (a, b, wall)
    a, b, wall = shares(log, "cap")
    assert 0.15 * wall <= a <= 0.32 * wall and b >= 1.5 * a and a + b >= 0.5 * wall, (a, b, wall)


def check_badinput(log, tail):
    """tools/dom0/tests/badinput.sh: each bad create fails, leaves no domain
    and no memory behind; so does a domain destroyed while xl builds it."""
    log = re.sub(r"\r+\n", "\n", log)
    for label in ("truncated kernel", "garbage kernel", "too much memory"):
        out, code = section(log, label)
        assert code != 0 and "error" in out.lower(), f"{label}: rc={code}\n{out}"
    out, code = section(log, "destroy during build")
    assert code == 0 and re.search(r"^EARLY-CREATE rc=\d+ polls=\d+$", log, re.M), out
    out, code = section(log, "list after bad input")
    assert code == 0 and re.findall(r"^(\S+)\s+\d+\s", out, re.M) == ["Domain-0"], out
    m = re.search(r"^BAD-INPUT-FREE (\d+) (\d+)$", log, re.M)
    assert m and m[1] == m[2], m and m.group(0)



def io_boots(out):
    """The IO-<STEP> lines of tools/dom0/domu-io.sh, one dict per boot."""
    boots = []
    for line in out.splitlines():
        m = re.match(r"IO-(\S+) ?(.*)$", line)
        if not m:
            continue
        if m[1] == "BLOCK" or (m[1] == "ETH0" and (not boots or "ETH0" in boots[-1])):
            boots.append({})
        boots[-1][m[1]] = m[2]
    return boots


def check_io_boot(b, n, tx0, rx):
    """One boot of the domU io (data.img on xvda, ro.img on xvdb, a vif)."""
    assert b["BLOCK"].split() == ["xvda", "xvdb"], b
    assert b["MOUNT"] == "rc=0" and b["HELLO"] == "xeno disk data", b
    assert b["PERSIST"] == f"boot={n} blob={'ok' if n > 1 else 'none'}", b
    assert re.match(rf"boot={n} rc=0 md5=[0-9a-f]{{32}}$", b["WROTE"]), b
    assert b["RO-MOUNT"] == "rc=0 ro=1 hello=xeno disk ro", b
    assert b["RO-WRITE"] != "rc=0" and b["RO-REMOUNT"] != "rc=0", b  # the device refuses writes
    assert b["ETH0"] == "rc=0 mac=00:16:3e:00:00:02", b
    assert b["PING"].startswith("rc=0 "), b
    assert b["TCP-RX"] == f"rc=0 bytes=2097152 md5={tx0}", b
    assert b["TCP-TX"] == f"rc=0 bytes=2097152 md5={rx}", b
    assert b["LOAD"] == "started" and "DONE" in b, b


def check_hotplug(log, tail):
    """split.sh step 5: on the running io2, a disk and a second vif come
    (their frontends connect: backend state 4) and go (backend nodes gone),
    and the lists say so."""
    for label in ("block-attach io2", "io2 disk connected", "block-detach io2",
                  "io2 disk gone", "network-attach io2", "io2 vif1 connected",
                  "network-detach io2", "io2 vif1 gone"):
        out, code = section(log, label)
        assert code == 0, f"{label}: rc={code}\n{out}"
    out, _ = section(log, "vifs of io2")
    assert len(re.findall(r"^vif\d+\.[01]$", out, re.M)) == 2, out
    # xl's lists (it may segfault after printing on Xen 4.17: the output counts)
    out, _ = section(log, "block-list io2")
    assert re.search(r"^Vdev\s", out, re.M) and not re.search(r"^\d+\s", out, re.M), out
    out, _ = section(log, "network-list io2")
    assert re.findall(r"^(\d+)\s+0\s+00:16:3e", out, re.M) == ["0"], out


# What dom0's Linux blkback must answer each case of the hostile frontend
# (guests/tests/hostile/blk.c): "ok" a good request, "refused" an error
# response (BLKIF_RSP_ERROR, or EOPNOTSUPP for an unknown operation) or the
# device disconnected (backend state 5 Closing or 6 Closed).
HOSTILE_BLK = {
    "valid": "ok", "bad-gref": "refused", "unused-gref": "refused",
    "foreign-frame": "refused", "no-such-frame": "refused", "ro-grant": "refused",
    "l4-frame": "refused", "nseg-12": "refused", "nseg-255": "refused",
    "nseg-0": "refused", "last-sect-8": "refused", "first-gt-last": "refused",
    "sector-beyond": "refused", "bad-op": "refused", "indirect-nseg": "refused",
    "valid-after": "ok", "valid-reconnected": "ok",
}


# What dom0's Linux netback must answer the hostile frontend's requests on
# vif 0 (guests/tests/hostile/net.c): the TX responses' statuses (0 OKAY,
# -1 ERROR; a packet of two slots gets two), and, for RX requests naming bad
# grants, the GNTST code of the hypervisor's failed grant copy that netback
# puts in the response (-3 bad_gntref, -1 general_error, -9 bad_page): the
# same on xeno and on Xen 4.17.
HOSTILE_NET_TX = {
    "valid": "0", "bad-gref": "-1", "unused-gref": "-1", "foreign-frame": "-1",
    "no-such-frame": "-1", "bad-gref-mapped": "-1", "foreign-frame-mapped": "-1",
    "ro-grant": "0", "short": "-1", "bogus-id-flags": "0", "slot-bigger": "-1,-1",
    "valid-after": "0",
}
HOSTILE_NET_RX = {
    "bad-gref": "-3", "unused-gref": "-1", "foreign-frame": "-9", "no-such-frame": "-9",
    "ro-grant": "-1", "l4-frame": "-1",
}
# The fatal violation on each of vifs 1-3 and what netback logs for it.
HOSTILE_NET_FATAL = {
    1: ("ring-ahead", "Impossible number of requests"),
    2: ("cross-page", "offset: 4000, size: 200"),
    3: ("more-data-last", "Asked for 0 slots"),
}


def check_hostile_net(log, out):
    """split.sh step 5, the network half: the hostile frontend's 4 vifs
    attached (at once) and connected; on vif 0 every bad TX request
    refused and the good ones served (a bogus id echoed), every bad RX
    grant answered with the hypervisor's GNTST code, an ARP reply from dom0
    received; on vifs 1-3 a frame served, then one fatal violation each,
    then nothing answered: netback disabled that vif (carrier off, its
    error logged) and only that one (vif 0 still sends and receives,
    carrier on); io answered ping meanwhile; the guest then left 16
    requests in flight on vif 0."""
    attach, code = section(log, "network-attach hostile")
    assert code == 0, attach
    for k in range(4):
        assert re.search(rf"^vif {k} rc=0$", attach, re.M), (k, attach)
    lines = dict(re.findall(r"^HOSTILE net (.+?): (.*)$", out, re.M))
    assert lines.get("vifs") == "4", out
    for k in range(4):
        assert lines.get(f"vif{k} connect") == f"mac=00:16:3e:00:00:3{k} state=4", out
    for case, want in HOSTILE_NET_TX.items():
        m = re.match(r"rsp=(\S+) id=(\d+)$", lines.get(f"tx {case}", ""))
        assert m and m[1] == want, (case, out)
    assert lines["tx bogus-id-flags"].endswith(" id=65535"), out
    for case, want in HOSTILE_NET_RX.items():
        assert lines.get(f"rx {case}") == f"status={want}", (case, out)
    assert re.match(r"status=\d+$", lines.get("rx arp-reply", "")), out
    for k, (case, _) in HOSTILE_NET_FATAL.items():
        assert lines.get(f"vif{k} {case}") == "before=0 answered=0 after=none state=4", (k, out)
    assert re.match(r"tx=0 arp=\d+ state=4$", lines.get("vif0 after", "")), out
    assert lines.get("checked") == "1", out
    assert lines.get("vanish") == "16 requests in flight on vif0", out
    vifs, code = section(log, "hostile vifs")
    assert code == 0, vifs
    hid = re.search(r"^vif(\d+)\.0 ", vifs, re.M)[1]
    assert re.search(rf"^vif{hid}\.0 carrier=1 ", vifs, re.M), vifs
    assert not re.search(rf"vif{hid}\.0: fatal error", vifs), vifs
    for k, (_, said) in HOSTILE_NET_FATAL.items():
        assert re.search(rf"^vif{hid}\.{k} carrier=0 ", vifs, re.M), (k, vifs)
        assert re.search(rf"vif{hid}\.{k}: fatal error; disabling device", vifs), (k, vifs)
        assert re.search(rf"vif{hid}\.{k}: .*{re.escape(said)}", vifs), (k, vifs)
    assert section(log, "ping io during hostile")[1] == 0, log


def check_hostile(log, tail):
    """split.sh step 5: io's TCP load streams stopped first (none left),
    the hostile frontend's cases each answered as
    HOSTILE_BLK says, 64 requests sent without reading an answer all
    answered, a producer index 10000 ahead answered by nothing (blkback
    stops that ring), a reconnection on a new ring served, netback attacked
    (check_hostile_net), then the guest vanished with 32 requests in flight
    (and 16 on a vif): gone from xl list and xenstore (no backend left to
    hold its grants, no vif left in dom0), its memory back, and io's
    checksummed disk loop ran on, never bad."""
    out, code = section(log, "stop io streams")
    assert code == 0 and "streams left: 0" in out, out
    assert section(log, "create hostile")[1] == 0, tail
    out, _ = section(log, "hostile console")
    lines = dict(re.findall(r"^HOSTILE blk (\S+): (.*)$", out, re.M))
    assert re.match(r"d0 \S+/backend/vbd/\d+/\d+ state=2$", lines.get("backend", "")), out
    assert lines.get("connect") == "state=4", out
    for case, want in HOSTILE_BLK.items():
        m = re.match(r"rsp=(-?\d+|none) state=(\d+)$", lines.get(case, ""))
        assert m, (case, out)
        if want == "ok":
            assert m[1] == "0" and m[2] == "4", (case, out)
        else:
            assert m[1] in ("-1", "-2") or m[2] in ("5", "6"), (case, out)
    assert lines.get("burst") == "sent=64 answered=64 ok=64 state=4", out
    assert lines.get("ring-ahead") == "answered=0 state=4", out
    assert lines.get("reconnect") == "state=4", out
    assert lines.get("vanish") == "32 requests in flight, shutting down", out
    check_hostile_net(log, out)
    out, code = section(log, "hostile gone")
    assert code == 0, out
    assert re.search(r"^HOSTILE-LEFT vbd=0 vif=0 netdevs=0 home=0 doms=2$", log, re.M), tail
    m = re.search(r"^HOSTILE-FREE (\d+) (\d+)$", log, re.M)
    assert m and int(m[2]) >= int(m[1]), tail
    before = re.search(r"^HOSTILE-VERIFY-BEFORE (\d+) (\d+)$", log, re.M)
    after = re.search(r"^HOSTILE-VERIFY-AFTER (\d+) (\d+)$", log, re.M)
    assert before and after and int(after[1]) > int(before[1]) and after[2] == "0", tail


def check_split(log, tail):
    """tools/dom0/tests/split.sh (domU side tools/dom0/domu-io.sh): disks
    (read, written, persistent across a destroy under load, a read-only one
    hot-plugged, refusing writes), ping and TCP both ways through xenbr0, a second domU
    reaching the first, a disk and a vif hot-plugged into it and out again,
    nothing left in dom0 after each destroy."""
    log = re.sub(r"\r+\n", "\n", log)
    out, code = section(log, "bridge")
    assert code == 0 and "inet 10.0.0.1/24" in out, out
    tx0 = re.search(r"^DOM0-TX0 md5=([0-9a-f]{32})$", log, re.M)[1]
    rx = [re.search(rf"^DOM0-RX{i} md5=([0-9a-f]{{32}})$", log, re.M)[1] for i in (1, 2)]
    for n in (1, 2):
        assert section(log, f"create io {n}")[1] == 0, tail
        assert section(log, f"block-attach io {n}")[1] == 0, tail
    assert section(log, "ping io")[1] == 0, tail
    out, _ = section(log, "block-list")
    # Debian's xl 4.17 may segfault after printing the list (on Xen 4.17 too).
    assert len(re.findall(r"^(51712|51728)\s+0\s+\d+\s+4\s", out, re.M)) == 2, out
    out, code = section(log, "network-list")
    assert code == 0 and re.search(r"^0\s+0\s+00:16:3e:00:00:02\s+\d+\s+4\s", out, re.M), out
    m = re.search(r"^RECREATED (\d+) (\d+)$", log, re.M)
    assert m and int(m[2]) > int(m[1]), tail
    assert section(log, "destroy io")[1] == 0, tail
    # Loop devices are not checked: the block script's remove step, killed
    # by xl after 40 s on a loaded host, leaves them (on Xen 4.17 too).
    for label in ("leftovers", "leftovers at the end"):
        out, code = section(log, label)
        assert code == 0 and re.search(r"^vifs: 0\nbackends: 0 0$", out, re.M), (label, out)
    check_hostile(log, tail)
    assert section(log, "create io2")[1] == 0, tail
    check_hotplug(log, tail)
    assert section(log, "destroy both")[1] == 0, tail
    out, code = section(log, "list at the end")
    assert code == 0 and re.findall(r"^(\S+)\s+\d+\s+\d+\s+\d+\s", out, re.M) == ["Domain-0"], out
    boots = io_boots(section(log, "io console")[0])
    assert len(boots) == 2, boots
    check_io_boot(boots[0], 1, tx0, rx[0])
    check_io_boot(boots[1], 2, tx0, rx[1])  # after a destroy under load: the fs recovered
    io2 = io_boots(section(log, "io2 console")[0])
    assert len(io2) == 1 and io2[0]["ETH0"] == "rc=0 mac=00:16:3e:00:00:03", io2
    assert io2[0]["PING"].startswith("rc=0 ") and io2[0]["PEER"] == "rc=0", io2
