"""Our toolstack's xend daemon and its client xm (tools/xend, tools/xm,
tools/libs) in the dom0 image, on xeno and on Debian's Xen 4.17, with our
xenstored and xenconsoled and with Debian's: one boot each in the image's
test mode xeno.test=xm (tools/dom0/tests/xm.sh, xm-lifecycle.sh, xm-save.sh,
xm-monitor.sh, xm-dev.sh); ours booted with xeno.toolstack=xeno, as a user would.
With Debian's daemons, xeno.test=xm-interop: the same without the save and
monitor parts, which meet no daemon (check_save, check_vcpus, check_top and
check_flood run on our daemons' boots only).
Checked: xend already running at the shell prompt with xeno.toolstack=xeno
(not without), `xend start` and `xend status`; `xm info` prints xl info's keys
in xl's order with the same host values, `xm list` is `xl list` (same
table, same dom0 row but for its CPU time), `xm create /etc/xen/demo.cfg`
boots Debian's bzImage and a busybox initrd to its /init (its console log
and the xenstore node its kernel writes), `xm list` and Debian's `xl list`
show it, a taken name, a misspelt key and a malformed file are refused
with xl-style messages, `xm destroy` removes it (from the domain list and
from xenstore). check_lifecycle: on a second domain, mem-set (xl list and
memory/target), mem-max (memory/static-max), sched-credit (read back by
xm and by Debian's xl), rename (xl list, xenstore; refused when taken),
uptime, list -l / --json, dmesg, help; xend killed with SIGKILL, xm
failing meanwhile, xend started again adopting the domain; reboot with
on_reboot=restart (a new id, its /init again), shutdown -w with
on_poweroff=destroy; a third, 2-vCPU domain: vcpu-set 1 (xl list), a
crash under on_crash=preserve (left listed as crashed), xend restarted,
xm destroy of the preserved domain, no state left in /var/lib/xend.
check_save: xm save and xm restore of a domain running a counter (it goes
on from the last value saved), refusals of a taken name, a truncated and a
corrupt file leaving no domain and no memory behind (xm-save.sh).
check_monitor (xm-monitor.sh): vcpu-pin of all vCPUs and of one, read
back by xm vcpu-list and by Debian's xl vcpu-list (same table), refusals
(a CPU the host lacks, a vCPU the domain lacks, a malformed list); xm top
-b shows a spinning domU's CPU % well above an idle one's; a domU flooding
its console while another is created: that one still reaches its /init
(time printed), and our xenconsoled throttles the flooder (the bytes it
logged within 64 KiB/s), spends at most half the wall time on the flood
(times printed) and keeps its logs within 1 MiB.
Logs: build/test-logs/xm-<hypervisor>-<daemons>.log."""
import json
import os
import re
import shutil

import pytest
import xenoqemu
from dom0_checks import io_boots, section
from test_dom0_image_reference import CACHE, boot_on_xen
from test_dom0_image_xeno import KERNEL_ARGS

# Ours: the whole toolstack as dom0's /init starts it for a user (our
# xenstored and xenconsoled, and xend); Debian's daemons and no xend at boot.
DAEMONS = {"own": ["xeno.toolstack=xeno"],
           "debian": ["xeno.xenstored=ocaml", "xeno.xenconsoled=debian"]}


@pytest.fixture(scope="module")
def xm_image(dom0_image):
    """A private copy: mkdom0.sh keeps only the newest images in the cache,
    which other builds (other worktrees) may replace while these boots run.
    Written aside and renamed: a lane of test-all.sh may boot the copy while
    another lane writes it again (the same bytes)."""
    copy = os.path.join(xenoqemu.BUILD, "xm-dom0" + os.path.splitext(dom0_image)[1])
    os.makedirs(os.path.dirname(copy), exist_ok=True)
    shutil.copyfile(dom0_image, f"{copy}.{os.getpid()}")
    os.replace(f"{copy}.{os.getpid()}", copy)
    return copy


# The parts each boot runs: with Debian's daemons, what meets them
# (tools/dom0/tests/xm-interop.sh: no save and no monitor part).
TEST = {"own": "xeno.test=xm", "debian": "xeno.test=xm-interop"}


def boot(hv, daemons, image):
    words = DAEMONS[daemons] + [TEST[daemons]]
    name = f"xm-{hv}-{daemons}"
    if hv == "xen":
        _, log = boot_on_xen(name, image, *words, timeout=900)
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


def demo_row(out, name="demo"):
    return re.search(rf"^{name}\s+[1-9]\d*\s+\d+\s+\d+\s+[r-][b-]----", out, re.M)


def check_tuning(log):
    """mem-set, mem-max, sched-credit, rename, uptime, list -l, dmesg, help."""
    assert section(log, "xm create again")[1] == 0, log[-3000:]
    out, rc = section(log, "mem-set effect")
    assert rc == 0 and re.search(r"^demo\s+\d+\s+96\s", out, re.M) and "target=98304" in out, out
    out, rc = section(log, "xm mem-set too big")
    assert rc == 1 and "must be less than or equal to memory_static_max" in out, out
    assert section(log, "xm mem-max")[1] == 0
    assert section(log, "mem-max effect") == ("262144\n", 0)
    assert section(log, "xm sched-credit set") == ("", 0)
    out, rc = section(log, "xm sched-credit get")
    assert rc == 0 and re.search(r"^demo\s+\d+\s+512\s+50$", out, re.M), out
    out, rc = section(log, "xl sched weight")
    assert rc == 0 and re.search(r"^demo\s+\d+\s+512\b", out, re.M), out
    out, rc = section(log, "xm sched-credit bad")
    assert rc == 1 and "out of range" in out, out
    out, rc = section(log, "xm rename")
    assert rc == 0 and demo_row(out, "renamed"), out
    assert section(log, "rename xenstore") == ("renamed\n", 0)
    out, rc = section(log, "xm rename taken")
    assert rc == 1 and 'domain with name "Domain-0" already exists.' in out, out
    out, rc = section(log, "xm rename back")
    assert rc == 0 and re.fullmatch(r"[1-9]\d*\n", out), out
    out, rc = section(log, "xm uptime")
    assert rc == 0 and re.search(r"^demo\s+\d+\s+\d+:\d\d:\d\d$", out, re.M), out
    out, rc = section(log, "xm list -l")
    doms = json.loads(out)
    assert rc == 0 and [d["name"] for d in doms] == ["demo"], out
    assert doms[0]["config"]["file"] == "/etc/xen/demo.cfg" and doms[0]["on_reboot"] == "restart"
    out, rc = section(log, "xm list --json")
    doms = json.loads(out)
    assert rc == 0 and {"Domain-0", "demo"} <= {d["name"] for d in doms}, out
    assert not any("config" in d for d in doms), out
    out, rc = section(log, "xm dmesg")
    assert rc == 0 and out.strip(), out
    out, rc = section(log, "xm help mem-set")
    assert rc == 0 and "Usage: xm mem-set <Domain> <Size>" in out, out
    out, rc = section(log, "xm unknown")
    assert rc == 2 and 'command "frobnicate" not implemented' in out, out


def check_lifecycle(log):
    """xend's own work: adoption after a SIGKILL, on_reboot=restart,
    on_poweroff=destroy, vcpu-set, on_crash=preserve, destroy after a restart."""
    out, rc = section(log, "xend kill")
    assert rc == 3 and "xend is not running" in out, out
    out, rc = section(log, "xm while xend is down")
    assert rc == 1 and "cannot connect to xend" in out, out
    assert section(log, "xend start again")[1] == 0
    out, rc = section(log, "xm list adopted")
    assert rc == 0 and demo_row(out), out
    assert section(log, "state files") == ("1\n", 0)
    m = re.search(r"^REBOOTED (\d+) (\d*)\r*$", log, re.M)
    assert m and m[2] and m[1] != m[2], m and m[0]
    assert section(log, "xm reboot")[1] == 0
    out, rc = section(log, "xm list after reboot")
    assert rc == 0 and demo_row(out), out
    out, rc = section(log, "xm shutdown -w")
    assert rc == 0 and re.search(r"Shutting down domain [1-9]\d*\n", out), out
    out, rc = section(log, "xm list after shutdown")
    assert rc == 0 and "demo" not in out, out
    assert section(log, "domU poweroff") == ("1\n", 0)  # its /init saw the request
    assert section(log, "xm vcpu-set")[1] == 0
    out, rc = section(log, "crashed")
    assert re.search(r"^crashy\s+\d+\s+\d+\s+1\s+---sc-", out, re.M), out
    assert "XENO-CPUS-ONLINE 0" in out, out
    assert section(log, "xend restart")[1] == 0
    assert section(log, "xm destroy preserved")[1] == 0
    out, rc = section(log, "xm list at the end")
    assert rc == 0 and "crashy" not in out and "Domain-0" in out, out
    assert section(log, "state at the end") == ("0\n", 0)
    out, _ = section(log, "xend log")
    for line in ("adopted domain", "shut down (reason 1): restart", "restarted as",
                 "shut down (reason 0): destroy", "shut down (reason 3): preserve"):
        assert line in out, out


def saved_tick(log, label):
    """(n, md5) of the last XM-TICK line in section label."""
    m = re.search(r"XM-TICK (\d+) ([0-9a-f]{32})", section(log, label)[0])
    assert m, section(log, label)
    return int(m[1]), m[2]


def check_ticks_on(log, label, last, md5):
    """Section label's ticks go on from tick last, each with checksum md5."""
    out, rc = section(log, label)
    ticks = [(int(n), h) for n, h in re.findall(r"XM-TICK (\d+) ([0-9a-f]{32})", out)]
    assert rc == 0 and ticks and all(h == md5 for _, h in ticks), (label, md5, out)
    nums = [n for n, _ in ticks]
    assert last + 1 in nums or nums[0] > last, (label, last, nums)
    assert nums[-1] >= last + 2 and nums == list(range(nums[0], nums[0] + len(nums))), nums


def check_save_across(log):
    """The file is xl's: xm save -> Debian's xl restore, xl save -> xm
    restore; the workload goes on each time with its file's checksum."""
    last, md5 = saved_tick(log, "last tick saved for xl")
    out, rc = section(log, "xm save for xl")
    assert rc == 0 and "Saved domain saved" in out, out
    out, rc = section(log, "xl restore of xm save")
    assert rc == 0, out
    check_ticks_on(log, "ticks after xl restore", last, md5)
    out, rc = section(log, "xl save for xm")
    assert rc == 0, out
    last, md5x = saved_tick(log, "last tick saved by xl")
    assert md5x == md5, (md5, md5x)
    out, rc = section(log, "xm restore of xl save")
    assert rc == 0 and re.search(r"Restored domain saved \(id [1-9]\d*\)", out), out
    check_ticks_on(log, "ticks after xm restore of xl save", last, md5)
    out, rc = section(log, "xm list xl-saved")
    assert rc == 0 and demo_row(out, "saved"), out


def check_save(log, tail):
    """xm save + xm restore of a domain printing XM-TICK <n> <md5> every
    second (tools/dom0/tests/xm-save.sh): the ticks go on from the last one
    saved, the checksum of its tmpfs file unchanged; then across
    toolstacks (check_save_across); a taken name, a truncated file and a bad
    magic are refused and leave no domain and no memory behind."""
    assert section(log, "xm create saved")[1] == 0, tail
    out, rc = section(log, "xm save")
    assert rc == 0 and re.search(r"Saved domain saved \(\d+ pages\) to /tmp/saved\.xm", out), out
    assert "pages (" not in out, out  # stderr in a file: no progress line
    out, rc = section(log, "xm list after save")
    assert rc == 0 and "saved" not in out, out  # saved, then destroyed
    last, md5 = saved_tick(log, "last tick saved")
    size = int(section(log, "save file size")[0])
    assert 128 << 20 < size < 132 << 20, size  # 128 MiB of pages, 8 bytes a page, records
    out, rc = section(log, "xm restore")
    assert rc == 0 and re.search(r"Restored domain saved \(id [1-9]\d*\)", out), out
    # On the console (a terminal): one progress line rewritten in place.
    assert re.search(r"Restoring: \d+/\d+ pages \(\d+%\)", out), out
    # The counter goes on from the last tick saved: its memory and vCPU survived.
    check_ticks_on(log, "ticks after restore", last, md5)
    for label in ("xm list restored", "xl list restored"):
        out, rc = section(log, label)
        assert rc == 0 and demo_row(out, "saved"), out
    out, rc = section(log, "xm restore taken")
    assert rc == 1 and 'domain with name "saved" already exists.' in out, out
    check_save_across(log)
    assert section(log, "xm destroy restored")[1] == 0
    out, rc = section(log, "xm restore truncated")
    assert rc == 1 and "save file is truncated" in out, out
    out, rc = section(log, "after truncated")
    assert rc == 0 and "saved" not in out, out
    m = re.search(r"^free_memory before=(\d+) after=(\d+)", log, re.M)
    assert m and m[1] == m[2], m and m[0]
    out, rc = section(log, "xm restore bad magic")
    assert rc == 1 and "not a save file of xl or xm (bad magic)" in out, out
    out, rc = section(log, "xm save unknown")
    assert rc == 1 and "nosuchdomain is an invalid domain identifier" in out, out
def vcpu_rows(out):
    """(name, id, vcpu, hard / soft) of each vcpu-list row."""
    rows = []
    for line in out.splitlines()[1:]:
        f = line.split()
        if len(f) == 9 and f[7] == "/":
            rows.append((f[0], f[1], f[2], f"{f[6]} / {f[8]}"))
    return rows


def top_rows(out):
    """name -> (state, CPU %, vCPUs) in the last sample of xm top -b."""
    last = out.strip().split("\n\n")[-1]
    assert last.startswith("xm top - ") and " domains: " in last, out
    rows = {}
    for line in last.splitlines():
        f = line.split()
        if len(f) == 9 and f[0] != "NAME":
            rows[f[0]] = (f[1], float(f[3]), int(f[8]))
    return rows


def check_vcpus(log):
    out, rc = section(log, "xm vcpu-list spin")
    assert rc == 0 and out.startswith("Name") and "Affinity (Hard / Soft)" in out, out
    assert [r[2] for r in vcpu_rows(out)] == ["0", "1"], out
    for label in ("xm vcpu-pin all", "xm vcpu-pin one"):
        assert section(log, label) == ("", 0), label
    out, rc = section(log, "xm vcpu-pin bad cpu")
    assert rc == 1 and "cpu 2 out of range (the host has CPUs 0-1)" in out, out
    out, rc = section(log, "xm vcpu-pin bad vcpu")
    assert rc == 1 and "out of range" in out, out
    out, rc = section(log, "xm vcpu-pin bad list")
    assert rc == 1 and 'invalid cpu range "1-0"' in out, out
    xm, rc = section(log, "xm vcpu-list pinned")
    xl, _ = section(log, "xl vcpu-list pinned")
    assert rc == 0 and xm.splitlines()[0] == xl.splitlines()[0], f"{xm}\n---\n{xl}"
    assert vcpu_rows(xm) == vcpu_rows(xl), f"{xm}\n---\n{xl}"
    hard = [r[3].split(" / ")[0] for r in vcpu_rows(xm)]
    assert hard == ["0", "1"], xm
    out, rc = section(log, "xm vcpu-list all")
    assert rc == 0 and {"Domain-0", "spin", "idle"} <= {r[0] for r in vcpu_rows(out)}, out


def check_top(log):
    out, rc = section(log, "xm top")
    assert rc == 0 and out.count("xm top - ") == 3, out
    rows = top_rows(out)
    assert {"Domain-0", "spin", "idle"} <= set(rows), out
    # The spinner takes about one CPU; an idle Linux costs a few % under TCG
    # (more on this loaded machine, where its ticks are slow to emulate).
    assert rows["spin"][1] >= 40 and rows["spin"][1] >= 2 * rows["idle"][1], out
    assert rows["spin"][2] == 2 and rows["idle"][2] == 1, out


def check_flood(log):
    """Timings are printed, not bounded: this machine's load moves them by
    several times. What must hold: the other domain boots, and ours
    throttles the flooder (bytes logged within the rate), does not spin
    (at most half the wall time, where a spin would take all of it) and
    keeps its logs within 1 MiB each."""
    assert section(log, "xm create flood")[1] == 0
    assert section(log, "xm create quiet")[1] == 0
    m = re.search(r"^waited=(\d+)s for XENO-INIT-READY from quiet", log, re.M)
    assert m and int(m[1]) < 300 and "FLOOD quiet-create-to-init=" in log, log[-3000:]
    cpu = re.search(r"^FLOOD xenconsoled-cpu=([\d.]+)s over=([\d.]+)s", log, re.M)
    assert cpu, log[-3000:]
    out, rc = section(log, "flood log")
    sizes = [int(n) for n in re.findall(r"^/var/log/xen/console/guest-flood\.log\S* (\d+)$", out, re.M)]
    assert rc == 0 and sizes and sizes[0] > 0, out
    # ours: rate-limited, its logs bounded
    secs = float(re.search(r"^FLOOD flood-seconds=([\d.]+)", log, re.M)[1])
    assert sum(sizes) <= 65536 * (secs + 1), (sizes, secs)
    assert float(cpu[1]) <= float(cpu[2]) / 2, cpu[0]
    assert all(s <= 1 << 20 for s in sizes), out
    out, rc = section(log, "xenconsoled throttled")
    assert rc == 0 and re.search(r"domain \d+ console throttled \(65536 bytes/s\)", out), out
    assert section(log, "xm destroy flood")[1] == 0
    out, rc = section(log, "xm list after monitor")  # (XEN) lines may interleave
    names = [line.split()[0] for line in out.splitlines() if re.match(r"\S+\s+\d+\s+\d+", line)]
    assert rc == 0 and names == ["Domain-0"], out


def check_devices(log):
    """xm-dev.sh: xend's own hotplug of disks and NICs (no scripts): the
    domU reads xvda's known content, writes it, finds xvdb read-only, pings
    dom0 through xenbr0; the xenstore nodes and permissions are libxl's;
    hot-plugged devices connect and go; refusals leave nothing behind; a
    destroy leaves no loop device, vif or backend node."""
    log = re.sub(r"\r+\n", "\n", log)
    out, rc = section(log, "xm create nobridge")
    assert rc == 1 and "Could not find bridge device nobr0" in out, out
    out, rc = section(log, "xm create nofile")
    assert rc == 1 and "disk /tmp/none.img: No such file or directory" in out, out
    out, rc = section(log, "xm list refused")
    assert rc == 0 and "io" not in out.split(), out
    assert section(log, "xm create io")[1] == 0, log[-3000:]
    boots = io_boots(section(log, "xm io console")[0])
    assert len(boots) == 1, boots
    b = boots[0]
    assert b["BLOCK"].split() == ["xvda", "xvdb"], b
    assert b["MOUNT"] == "rc=0" and b["HELLO"] == "xeno disk data", b
    assert re.match(r"boot=1 rc=0 md5=[0-9a-f]{32}$", b["WROTE"]), b
    assert b["RO-MOUNT"] == "rc=0 ro=1 hello=xeno disk ro", b
    assert b["RO-WRITE"] != "rc=0" and b["RO-REMOUNT"] != "rc=0", b  # the device refuses writes
    assert b["ETH0"] == "rc=0 mac=00:16:3e:00:00:02", b
    assert b["PING"].startswith("rc=0 ") and "DONE" in b, b
    assert section(log, "xm io ping")[1] == 0
    out, rc = section(log, "xm io nodes")
    m = re.search(r"^vbd51712/physical-device-path=(/dev/loop\d+)$", out, re.M)
    assert rc == 0 and m, out
    for line in ("vbd51712/mode=w", "vbd51712/hotplug-status=connected", "vbd51712/state=4",
                 "vbd51728/mode=r", "vif0/bridge=xenbr0", "vif0/mac=00:16:3e:00:00:02",
                 "vif0/hotplug-status=connected", "vif0/state=4", "fe51712/virtual-device=51712",
                 "fe51712/state=4"):
        assert re.search(rf"^{line}$", out, re.M), (line, out)
    assert re.search(r"^fe51712/backend=/local/domain/0/backend/vbd/\d+/51712$", out, re.M), out
    out, rc = section(log, "xm io perms")
    dom = re.search(r"/backend/vbd/(\d+)/51712$", section(log, "xm io nodes")[0], re.M)[1]
    lines = [line for line in out.splitlines() if re.match(r"\d+ = ", line)]  # dom0's dmesg may interleave
    assert rc == 0 and len(lines) == 3, out
    assert lines[0].endswith(f"(n0,r{dom})") and lines[1].endswith(f"(n0,r{dom})"), out
    assert lines[2].endswith(f"(n{dom},r0)"), out
    out, rc = section(log, "xm io loops")
    assert rc == 0 and "/tmp/data.img" in out and "/tmp/ro.img" in out, out
    assert len(re.findall(r"^/dev/loop", out, re.M)) == 2, out
    out, rc = section(log, "xm io vif")
    assert rc == 0 and re.search(rf"^vif{dom}\.0\nup$", out, re.M), out
    out, rc = section(log, "xm block-list")
    assert rc == 0 and re.search(r"^Vdev\s+BE\s+handle\s+state\s+evt-ch\s+ring-ref\s+BE-path\s*$",
                                 out, re.M), out
    for vdev in (51712, 51728):
        assert re.search(rf"^{vdev}\s+0\s+{dom}\s+4\s+\d+\s+\d+\s+"
                         rf"/local/domain/0/backend/vbd/{dom}/{vdev}\s*$", out, re.M), out
    out, rc = section(log, "xm network-list")
    assert rc == 0 and re.search(r"^Idx BE Mac Addr\.\s+handle state evt-ch\s+tx-/rx-ring-ref BE-path\s*$",
                                 out, re.M), out
    assert re.search(rf"^0\s+0\s+00:16:3e:00:00:02\s+0\s+4\s+-?\d+\s+\d+/\d+\s+"
                     rf"/local/domain/0/backend/vif/{dom}/0\s*$", out, re.M), out
    for label in ("xm block-attach", "xm hot disk connected", "xm block-detach",
                  "xm hot disk gone", "xm network-attach", "xm hot vif connected",
                  "xm network-detach", "xm hot vif gone"):
        assert section(log, label)[1] == 0, (label, section(log, label))
    out, _ = section(log, "xm block-list hot")
    assert re.search(r"^51744\s+0\s+\d+\s+4\s", out, re.M), out
    out, _ = section(log, "xm hot vif bridged")
    assert re.search(rf"^vif{dom}\.0\s+vif{dom}\.1$", out, re.M), out
    out, _ = section(log, "xm network-list after")
    assert re.findall(r"^(\d+)\s+0\s+00:16:3e:", out, re.M) == ["0"], out
    for label, msg in (("xm block-attach missing", "disk /tmp/none.img: No such file or directory"),
                       ("xm block-attach bad vdev", "'sdz9x' is not a virtual device name"),
                       ("xm block-detach unknown", "Error: Device xvdz not connected."),
                       ("xm network-attach nobridge", "Could not find bridge device nobr0"),
                       ("xm network-detach unknown", "Unknown device 7.")):
        out, rc = section(log, label)
        assert rc == 1 and msg in out, (label, out)
    assert section(log, "xm destroy io")[1] == 0
    out, rc = section(log, "xm dev left")
    assert rc == 0 and re.search(r"^loops: 0\nvifs: 0\nbackends: 0 0$", out, re.M), out


@pytest.mark.parametrize("hv", ["xeno", "xen"])
@pytest.mark.parametrize("daemons", ["own", "debian"])
def test_xm(xm_image, hv, daemons):
    check_xm(boot(hv, daemons, xm_image), daemons)


def check_xm(log, daemons):
    tail = "\n".join(log.splitlines()[-80:])
    assert "XENO-TEST-BEGIN" in log, tail
    out, rc = section(log, "xend at boot")
    if daemons == "own":  # xeno.toolstack=xeno: /init started xend
        assert "DOM0-XEND rc=0" in log and rc == 0, out
        out, _ = section(log, "processes")
        assert out.split() == ["xeno-xenconsole", "xeno-xenstored"], out
        out, rc = section(log, "xenstored gntdev")  # xgnttab_prepare at its start
        assert rc == 0 and re.match(r"xenstored: gntdev: first slot reserved in [\d.]+ ms$", out), out
    else:
        assert "DOM0-XEND" not in log and rc == 3, out
    out, rc = section(log, "xend status")
    assert rc == 0 and re.match(r"xend is running \(pid \d+, API 1\)", out), out
    check_info(log)
    check_list(log)
    check_domu(log, tail)
    check_tuning(log)
    check_lifecycle(log)
    if daemons == "own":
        check_save(log, tail)
        check_vcpus(log)
        check_top(log)
        check_flood(log)
    else:  # xm-interop.sh: the parts that meet no daemon of Debian's ran with ours
        assert "== xm save\n" not in log and "== xm top\n" not in log, tail
    check_devices(log)
    assert "XENO-TEST-END rc=0" in log, tail
    assert "Kernel panic" not in log and "Oops" not in log, tail
