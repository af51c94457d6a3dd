"""Shared fixtures: `boot` runs QEMU and remembers the log, so a failing test
prints the tail of its serial log."""
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import xenoqemu  # noqa: E402


@pytest.fixture
def boot(request):
    runs = []

    def _boot(**kw):
        name = kw.pop("name", request.node.name)
        res = xenoqemu.run(name=f"{name}-{len(runs)}", **kw)
        runs.append(res)
        return res

    yield _boot
    request.node.xeno_runs = runs


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if rep.when == "call" and rep.failed:
        for res in getattr(item, "xeno_runs", []):
            rep.sections.append((f"serial log tail ({res.log_path})", res.tail()))
