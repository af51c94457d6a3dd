"""`xl save` + `xl restore` (non-live) of a running PV Linux domU, on Debian's
Xen 4.17 and on xeno, with the same assertions (check_save_restore).

The dom0 image's test mode xeno.test=saverestore
(tools/dom0/tests/saverestore.sh) creates the demo domU with a workload on
its kernel command line (xeno.run64): it fills a 16 MiB tmpfs file from
/dev/urandom and prints "SR-TICK <n> <md5 of the file>" every 2 s. Then
`xl save -c` first (a checkpoint: the domain must go on running, which
takes setvcpucontext of an initialised vCPU and resumedomain), then
`xl save demo /tmp/demo.save` (libxc's stream: suspend through xenstore's
control/shutdown, every page, vCPU state; the domain is destroyed),
`xl restore /tmp/demo.save` (a new domain from the stream), and the ticks
must go on from the last one saved with the same checksum: the guest's
memory, page tables, vCPU and FPU state survived and it resumed its
devices (console). `xl destroy` ends it.

Between the checkpoint and the save, corrupted copies of the checkpoint
(tools/dom0/streammangle.c) are restored as domain "bad" while demo runs
(check_bad_restores): cut short, a PAGE_DATA count or length with a bit
flipped, a pfn past the p2m, and an L1 page table sent as a plain page
whose only entry maps demo's console ring (writable) or the hypervisor's
M2P (read-only). Every `xl restore` must fail with its own error, leave no
domain and give back every frame (`xl info` free memory to the MiB), and
demo goes on unharmed. The last two are refused by the hypervisor: libxc
writes a plain page as it is, so only the validation of the page tables
(the L4 above that L1, when setvcpucontext loads it as CR3) stops them.

Save files also cross between the hypervisors, without a boot of their
own: xeno's run (first in this file) carries its `xl save` file out on a
second disk, build/carry/xeno-save.img (virtio-blk, serial carry-out;
xeno.carry=out writes a header, its size and md5, the last tick saved, then
the file); Xen 4.17's run attaches it as carry-in, carries its own file out
on build/carry/xen-save.img and, after its own save/restore, `xl restore`s
xeno's file (xeno.carry=in,out): test_xeno_saved_file_on_xen reads that
part of the same boot's log. Then xeno's dom0 boots with Xen's disk as
carry-in (xeno.carry=in: test_xen_saved_file_on_xeno). Each time the
domU's ticks must go on from the other hypervisor's last one with the same
checksum. The tests run in file order; a test whose file is missing is
skipped when the test writing it did not run in this session (a test run
alone), and fails when it did.

Logs: build/test-logs/dom0-image-{xeno,xen}-saverestore.log,
dom0-image-xeno-carry.log."""
import os
import re

import pytest

import xenoqemu
from dom0_checks import section, kernel_warnings
from test_dom0_image_reference import CACHE, boot_on_xen
from test_dom0_image_xeno import KERNEL_ARGS

TICK = re.compile(r"^SR-TICK (\d+) ([0-9a-f]{32})\b", re.M)
CARRY_DIR = os.path.join(xenoqemu.BUILD, "carry")
XENO_CARRY = os.path.join(CARRY_DIR, "xeno-save.img")  # xeno's file, for Xen 4.17
XEN_CARRY = os.path.join(CARRY_DIR, "xen-save.img")  # Xen 4.17's file, for xeno
WROTE = set()  # the carry disks a test of this session (re)wrote
XENO_UNTIL = r"Powering off\.|Rebooting\.|Hardware Dom0 (halted|shutdown|crashed)[^\n]*\n"


def ticks(text):
    return [(int(n), md5) for n, md5 in TICK.findall(text)]


# Each corruption and the error that must name it (libxc's message; the last
# two are the hypervisor's answer to setvcpucontext, whose CR3's tables reach
# the forged L1 entry: Xen 4.17's -EBUSY, get_page_from_l1e's "could not
# pin" for a frame the domain does not own; xeno answered -EINVAL until
# this test, now the same).
BAD_RESTORES = {
    "truncated": r"xc: error: Failed to read \d+ bytes of data for record \(0x00000001, Page data\)",
    # 1040 pfns read: the 16 extra ones are the first page's bytes, so which
    # check fires first depends on that page (xeno's run: a pfn; Xen's: sizes).
    "count": r"xc: error: (pfn 0x[0-9a-f]+ \(index 10[23]\d\) outside domain maximum|"
             r"PAGE_DATA record wrong size: length \d+, expected 8 \+ 8320 \+)",
    "length": r"xc: error: PAGE_DATA record wrong size: length \d+, expected",
    "pfn": r"xc: error: pfn 0x8000 \(index 0\) outside domain maximum",
    "domU-frame": r"xc: error: Failed to set vcpu0's basic info \(16 = Device or resource busy\)",
    "xen-frame": r"xc: error: Failed to set vcpu0's basic info \(16 = Device or resource busy\)",
}


def check_bad_restores(log, tail):
    foreign = re.search(r"^FOREIGN demo=\d+ console-mfn=(\d+) m2p-mfn=(0x[0-9a-f]+)$", log, re.M)
    assert foreign, tail
    for label, error in BAD_RESTORES.items():
        out, code = section(log, f"bad restore {label}")
        assert code != 0 and re.search(error, out), (label, out)
        assert "xc: error: Restore failed" in out and "cannot (re-)build domain" in out, out
        if label.endswith("-frame"):  # the forged entry names that frame
            mfn = int(foreign[1]) if label == "domU-frame" else int(foreign[2], 16)
            assert re.search(rf"now maps mfn {mfn:#x}\b", out), (label, out)
        out, code = section(log, f"after bad restore {label}")
        names = re.findall(r"^(\S+)\s+\d+\s+\d+\s+\d+\s", out, re.M)
        assert code == 0 and names == ["Domain-0", "demo"], out
        free = re.search(r"free-before (\d+) free-after (\d+)", out)
        assert free and free[1] == free[2], (label, out)  # every frame given back
    # demo, whose console ring one stream named, went on with its file intact.
    out, _ = section(log, "ticks after bad restores")
    mark = int(re.search(r"^mark (\d+)$", out, re.M)[1])
    went_on = ticks(out)
    assert went_on and went_on[-1][0] >= mark + 2, out
    return {m for _, m in went_on}


def check_save_restore(log, tail):
    assert section(log, "xl create")[1] == 0, tail
    before = ticks(section(log, "ticks before")[0])
    assert len(before) == 3, tail
    md5 = before[0][1]

    out, code = section(log, "xl save -c")
    assert code == 0 and "Saving to /tmp/demo.ckpt" in out, out
    out, _ = section(log, "ticks after checkpoint")
    resumed = int(re.search(r"resumed-at (\d+)", out).group(1))
    ckpt = [n for n, _ in ticks(out)]
    # The checkpointed domain went on: two more ticks after the save returned.
    assert ckpt and ckpt[-1] >= resumed + 2, (resumed, ckpt)
    assert ckpt == list(range(ckpt[0], ckpt[0] + len(ckpt))), ckpt
    assert check_bad_restores(log, tail) == {md5}, tail

    out, code = section(log, "xl save")
    assert code == 0 and "Saving to /tmp/demo.save" in out, out
    out, code = section(log, "xl list after save")
    assert code == 0 and "demo" not in out, out  # saved, then destroyed
    (last, last_md5), = ticks(section(log, "last tick saved")[0])
    out, code = section(log, "save file")
    size = int(out.split()[0])
    assert 128 << 20 < size < 140 << 20, out  # 128 MiB of pages and the records
    assert "Xen saved domain, xl format" in out, out

    out, code = section(log, "xl restore")
    assert code == 0, out
    out, code = section(log, "xl list after restore")
    assert code == 0 and re.search(r"^demo\s+[1-9]\d*\s+128\s+1\s", out, re.M), out
    after = ticks(section(log, "ticks after")[0])
    numbers = [n for n, _ in after]
    # The counter goes on from the last tick saved, and the file is unchanged.
    assert last + 1 in numbers and numbers[-1] >= last + 2, (last, after)
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), after
    assert {m for _, m in before + after} == {md5} and last_md5 == md5, (before, after)
    out, _ = section(log, "domU console")
    assert "Kernel panic" not in out and "Oops" not in out and "BUG" not in out, out

    assert section(log, "xl destroy")[1] == 0, tail
    out, code = section(log, "xl list after destroy")
    assert code == 0 and "demo" not in out and "Domain-0" in out, out
    assert "XENO-TEST-END rc=0" in log, tail
    assert "Kernel panic" not in log and "Oops" not in log and not kernel_warnings(log), tail


def carry_drive(img, role):
    """QEMU arguments for a carry disk the dom0 finds by its serial, carry-ROLE."""
    return ["-drive", f"file={img},if=none,id=carry-{role},format=raw",
            "-device", f"virtio-blk-pci,drive=carry-{role},serial=carry-{role}"]


def fresh_carry(img):
    os.makedirs(CARRY_DIR, exist_ok=True)
    with open(img, "wb") as f:  # empty: no header until the run writes one
        f.truncate(160 << 20)
    WROTE.add(img)
    return carry_drive(img, "out")


def carry_header(img):
    """The header a run wrote on img: (size, md5, last tick, its md5), or None."""
    try:
        with open(img, "rb") as f:
            words = f.read(512).split(b"\0")[0].decode(errors="replace").split()
    except OSError:
        return None
    if len(words) != 5 or words[0] != "XENO-CARRY":
        return None
    return int(words[1]), words[2], int(words[3]), words[4]


def carried_file(img, writer):
    """img's header; skip when writer (a test) did not run in this session."""
    header = carry_header(img)
    if header is None and img not in WROTE:
        pytest.skip(f"no save file on {img}: {writer} writes it and did not run "
                    "(it runs before this test in the full suite)")
    assert header, f"no save file on {img} although {writer} ran"
    return header


def check_carry_out(log):
    out, code = section(log, "carry out")
    assert code == 0 and re.search(r"^XENO-CARRY \d+ [0-9a-f]{32} \d+ [0-9a-f]{32}$", out,
                                   re.M), out


def check_carried(log, tail, header):
    """The "carried ..." sections: the other hypervisor's file restored, its ticks going on."""
    size, file_md5, last, md5 = header
    out, code = section(log, "carried read")
    # (dom0's kernel messages may come between the lines)
    assert code == 0 and re.search(rf"^{size}$", out, re.M) and \
        re.search(rf"^{file_md5}\b", out, re.M), (size, file_md5, out)
    out, code = section(log, "xl restore of the carried file")
    assert code == 0, (out, tail)
    out, code = section(log, "carried xl list")
    assert code == 0 and re.search(r"^demo\s+[1-9]\d*\s+128\s+1\s", out, re.M), out
    after = ticks(section(log, "carried ticks")[0])
    numbers = [n for n, _ in after]
    # The counter goes on from the last tick saved there, and the file is unchanged.
    assert numbers and numbers[0] <= last + 1 <= numbers[-1] - 2, (last, after, tail)
    assert {m for _, m in after} == {md5}, (md5, after)
    out, _ = section(log, "carried domU console")
    assert "Kernel panic" not in out and "Oops" not in out and "BUG" not in out, out
    assert section(log, "carried xl destroy")[1] == 0, tail


def test_save_restore_on_xeno(dom0_image):
    r = xenoqemu.run("dom0-image-xeno-saverestore", timeout=1200, mem="1G", smp=2,
                     until=XENO_UNTIL, extra=fresh_carry(XENO_CARRY),
                     append="console=com1 dom0_mem=512M",
                     modules=[f"{os.path.join(CACHE, 'vmlinux')} {KERNEL_ARGS} "
                              "xeno.test=saverestore xeno.xenstored=c xeno.carry=out",
                              dom0_image])
    log = re.sub(r"\r+\n", "\n", r.log)
    check_save_restore(log, r.tail(60))
    check_carry_out(log)
    assert "FREE-RETRY" not in log, r.tail(60)  # xl info answered every time
    assert "Dom0 asked for ACPI S5: powering off" in r.log, r.tail(60)


XEN_RUN = {}  # test_save_restore_on_xen_4_17's log and the header of xeno's file it restored


def test_save_restore_on_xen_4_17(dom0_image):
    header = carry_header(XENO_CARRY)

    def boot():
        drives = fresh_carry(XEN_CARRY)
        carry = "out"
        if header:  # xeno's file too, restored after this run's own save/restore
            drives += carry_drive(XENO_CARRY, "in")
            carry = "in,out"
        return boot_on_xen("dom0-image-xen-saverestore", dom0_image, "xeno.xenstored=c",
                           "xeno.test=saverestore", f"xeno.carry={carry}", qemu_args=drives,
                           timeout=1200)

    def check(run):
        rc, log = run
        XEN_RUN.update(log=log, header=header)
        check_save_restore(log, "\n".join(log.splitlines()[-60:]))
        check_carry_out(log)
        assert rc == 0
    check(boot())


def test_xeno_saved_file_on_xen():
    """xeno's `xl save` file, restored by Xen 4.17's xl in test_save_restore_on_xen_4_17's boot."""
    if "log" not in XEN_RUN:
        pytest.skip("test_save_restore_on_xen_4_17 (whose boot restores xeno's file) did not run")
    header = XEN_RUN["header"] or carried_file(XENO_CARRY, "test_save_restore_on_xeno")
    log = XEN_RUN["log"]
    check_carried(log, "\n".join(log.splitlines()[-60:]), header)


def test_xen_saved_file_on_xeno(dom0_image):
    header = carried_file(XEN_CARRY, "test_save_restore_on_xen_4_17")
    r = xenoqemu.run("dom0-image-xeno-carry", timeout=900, mem="1G", smp=2, until=XENO_UNTIL,
                     append="console=com1 dom0_mem=512M", extra=carry_drive(XEN_CARRY, "in"),
                     modules=[f"{os.path.join(CACHE, 'vmlinux')} {KERNEL_ARGS} "
                              "xeno.test=saverestore xeno.xenstored=c xeno.carry=in",
                              dom0_image])
    log, tail = re.sub(r"\r+\n", "\n", r.log), r.tail(60)
    check_carried(log, tail, header)
    assert "XENO-TEST-END rc=0" in log, tail
    assert "Kernel panic" not in log and "Oops" not in log and not kernel_warnings(log), tail
