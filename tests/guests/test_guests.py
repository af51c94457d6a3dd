"""Every test guest (guests/tests/*) as dom0 on xeno, with the domUs it
needs (guestlist.DOMUS): exactly one verdict line per domain, SUCCESS, and where the shutdown is part of the test, xeno's reaction.
Every run has the mm_audit debug option on (but guestlist.NO_AUDIT).
The serial log of each run is kept in build/test-logs/guest-<case>.log."""
import re

import pytest
import guestlist
import xenoqemu


@pytest.mark.parametrize("case,name,cmd", guestlist.cases(), ids=[c[0] for c in guestlist.cases()])
def test_guest_on_xeno(case, name, cmd):
    module = guestlist.image(name) + (" " + cmd if cmd else "")
    # mm_audit: after every hypercall, recount all references (a mismatch panics)
    domus = guestlist.domu_modules(case, name)
    res = xenoqemu.run(f"guest-{case}", timeout=guestlist.TIMEOUT.get(case, 120), modules=[module] + domus, mem="512M",
                       append="console=com1" + ("" if case in guestlist.NO_AUDIT else " mm_audit"),
                       icount=case in guestlist.ICOUNT,
                       smp=1 if case in guestlist.ICOUNT else 2)
    tail = res.tail()
    assert not res.timed_out, "timed out:\n" + tail
    assert guestlist.verdicts(res.log) == ["SUCCESS"], tail
    assert guestlist.domu_verdicts(res.log) == guestlist.domu_expect(case), tail
    expect = guestlist.HV_EXPECT.get(case, {}).get("xeno")
    if expect:
        assert re.search(expect, res.log), f"expected /{expect}/:\n{tail}"
