"""Reference check: every test guest on Debian's Xen 4.17 (run-reference.sh,
-cpu max,-smap,-smep) must give the verdict it gives on xeno (SUCCESS),
except the known reference differences listed, with evidence, in
tests/lib/guestlist.py. Guests that need boot-time domUs run on xeno only. Logs: build/test-logs/reference-guest-<case>.log."""
import re

import pytest
import guestlist
from test_smoke import run_reference, xen_fetched  # noqa: F401


@pytest.mark.parametrize("case,name,cmd", guestlist.cases(True),
                         ids=[c[0] for c in guestlist.cases(True)])
def test_guest_on_xen_4_17(xen_fetched, case, name, cmd):  # noqa: F811
    rc, log = run_reference(f"guest-{case}", guestlist.image(name), *cmd.split(), timeout=120)
    tail = "\n".join(log.splitlines()[-30:])
    want = guestlist.KNOWN_REFERENCE_DIFFERENCES.get(case, ("SUCCESS", ""))[0]
    assert guestlist.verdicts(log) == [want], tail
    expect = guestlist.HV_EXPECT.get(case, {}).get("xen")
    if expect:
        assert re.search(expect, log), f"expected /{expect}/:\n{tail}"
    else:
        assert rc == 0, tail
