"""Reference check: every test guest on Debian's Xen 4.17 (run-reference.sh,
-cpu max,-smap,-smep) must give the verdict it gives on xeno (SUCCESS),
except the known reference differences listed, with evidence, in the
guest's test.toml (reference = {verdict, why}). Guests that need boot-time domUs run on xeno only. Logs: build/test-logs/reference-guest-<case>.log."""
import re

import pytest
import guestlist
from test_smoke import run_reference, xen_fetched  # noqa: F401


@pytest.mark.parametrize("case", guestlist.cases(True), ids=[c.id for c in guestlist.cases(True)])
def test_guest_on_xen_4_17(xen_fetched, case):  # noqa: F811
    rc, log = run_reference(f"guest-{case.id}", guestlist.image(case.name), *case.cmdline.split(),
                            timeout=case.timeout, xen_args=case.xen_args.split(),
                            qemu_args=case.qemu_args.split())
    tail = "\n".join(log.splitlines()[-30:])
    assert guestlist.verdicts(log) == [case.reference_verdict], tail
    expect = case.hv_expect.get("xen")
    if expect:
        assert re.search(expect, log), f"expected /{expect}/:\n{tail}"
    else:
        assert rc == 0, tail
