"""`xl migrate` (live) of a running PV Linux domU to the same xeno machine
(`xl migrate -s '' demo 'xl migrate-receive'`), with log-dirty on shadow
page tables (xeno's logdirty_shadow option): libxc's precopy rounds run
while the guest works, then the final round with it suspended. The
workload is test_saverestore's (tools/dom0/tests/migrate.sh): the SR-TICK
counter must go on from the source's last tick on the new domain, its
file's checksum unchanged. xeno only: Debian's Xen 4.17 has no log-dirty
for PV guests (built without shadow paging), so `xl migrate` fails there
at its start. Log: build/test-logs/dom0-image-xeno-migrate.log."""
import os
import re

import xenoqemu
from dom0_checks import section, kernel_warnings
from test_dom0_image_reference import CACHE, dom0_image  # noqa: F401
from test_saverestore import KERNEL_ARGS, ticks

def check_migrate(log, tail):
    assert section(log, "xl create")[1] == 0, tail
    before = ticks(section(log, "ticks before")[0])
    assert len(before) >= 3, tail
    md5 = before[0][1]
    out, code = section(log, "xl migrate")
    assert code == 0 and "Migration successful" in out, out
    out, code = section(log, "xl list after migrate")
    assert code == 0 and re.search(r"^demo\s+[1-9]\d*\s+128\s+1\s", out, re.M), out
    (last, last_md5), = ticks(section(log, "last tick")[0])
    after = ticks(section(log, "ticks after")[0])
    (later, _), = ticks(section(log, "ticks later")[0])
    numbers = [n for n, _ in after]
    # The new domain goes on from the source's last tick, with the same file.
    assert numbers and numbers[0] == last + 1, (last, after)
    assert numbers == list(range(last + 1, last + 1 + len(numbers))), after
    assert later > numbers[-1], (after, later)
    assert {m for _, m in before + after} == {md5} and last_md5 == md5, (before, after)
    assert section(log, "xl destroy")[1] == 0, tail
    assert "XENO-TEST-END rc=0" in log, tail
    assert "Kernel panic" not in log and "Oops" not in log and not kernel_warnings(log), tail


def test_live_migrate_on_xeno(dom0_image):  # noqa: F811
    r = xenoqemu.run("dom0-image-xeno-migrate", timeout=1200, mem="1G", smp=2,
                     until=r"Powering off\.|Rebooting\.|Hardware Dom0 (halted|shutdown|crashed)[^\n]*\n",
                     append="console=com1 dom0_mem=512M logdirty_shadow",
                     modules=[f"{os.path.join(CACHE, 'vmlinux')} {KERNEL_ARGS} "
                              "xeno.test=migrate xeno.xenstored=c",
                              dom0_image])
    check_migrate(re.sub(r"\r+\n", "\n", r.log), r.tail(60))
    assert "Dom0 asked for ACPI S5: powering off" in r.log, r.tail(60)
