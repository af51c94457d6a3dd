"""Every test guest (guests/tests/*) as dom0 on xeno, with the domUs it
needs (its test.toml): exactly one verdict line per domain, SUCCESS, and where the shutdown is part of the test, xeno's reaction.
Every run has the mm_audit debug option on (unless its test.toml says mm_audit = false).
The serial log of each run is kept in build/test-logs/guest-<case>.log."""
import re

import pytest
import guestlist
import xenoqemu


@pytest.mark.parametrize("case", guestlist.cases(), ids=[c.id for c in guestlist.cases()])
def test_guest_on_xeno(case):
    module = guestlist.image(case.name) + (" " + case.cmdline if case.cmdline else "")
    # mm_audit: after every hypercall, recount all references (a mismatch panics)
    res = xenoqemu.run(f"guest-{case.id}", timeout=case.timeout,
                       modules=[module] + guestlist.domu_modules(case), mem=case.memory,
                       append="console=com1" + (" mm_audit" if case.mm_audit else "") +
                       (" " + case.xeno_args if case.xeno_args else ""),
                       icount=case.icount, smp=case.cpus, extra=case.qemu_args.split())
    tail = res.tail()
    assert not res.timed_out, "timed out:\n" + tail
    assert guestlist.verdicts(res.log) == ["SUCCESS"], tail
    assert guestlist.domu_verdicts(res.log) == guestlist.domu_expect(case), tail
    expect = case.hv_expect.get("xeno")
    if expect:
        assert re.search(expect, res.log), f"expected /{expect}/:\n{tail}"
