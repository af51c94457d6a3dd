"""The toolstack suite: tests/lib on the path, the dom0 image every test
boots (built once per pytest run), and each test's time for the lanes
test-all.sh runs it in (tests/lib/lanes.py)."""
import os
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


@pytest.fixture(scope="session")
def dom0_image():
    """The dom0 image's path (scripts/mkdom0.sh: Debian's Xen 4.17 toolstack,
    our tools and init; rebuilt only when its inputs changed)."""
    for cmd in (["scripts/fetch-debian.sh", "xen", "linux"], ["scripts/mkdom0.sh", "-q"]):
        r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if r.returncode:
            pytest.fail(f"{' '.join(cmd)} failed: {r.stderr[-3000:]}")
    return r.stdout.strip()

# Seconds per test (by function name): a CI rehearsal's boot times on a
# 2-CPU host, rounded up; what lanes.py balances the lanes by. A test not
# listed counts as LANE_DEFAULT (each test here boots Linux at least once).
LANE_COSTS = {
    "test_dom0_image_toolstack_on_xen_4_17": 45,
    "test_dom0_image_own_daemons_on_xen_4_17": 45,
    "test_dom0_image_toolstack_on_xeno": 45,
    "test_domus_on_xen_4_17": 600,
    "test_domus_on_xeno": 500,
    "test_live_migrate_on_xeno": 100,
    "test_migrate_two_machines_on_xeno": 280,
    "test_migrate_two_machines_on_xen_4_17": 250,
    "test_save_restore_on_xeno": 100,
    "test_save_restore_on_xen_4_17": 120,
    "test_xeno_saved_file_on_xen": 0,  # reads the log of the test before it
    "test_xen_saved_file_on_xeno": 40,
    "test_split_on_xen_4_17": 300,  # bounded at 600 s
    "test_split_on_xeno": 250,
    "test_xm": 230,  # each of the four
}
LANE_DEFAULT = 300
# Files whose tests hand each other files (the carry disks): one lane, in order.
LANE_GROUPS = {"test_saverestore.py": "saverestore"}


def pytest_configure(config):
    config.addinivalue_line("markers", "lane(cost=seconds, group=name): for tests/lib/lanes.py")



def pytest_collection_modifyitems(items):
    for item in items:
        group = LANE_GROUPS.get(os.path.basename(str(item.fspath)))
        kw = {"cost": LANE_COSTS.get(item.originalname, LANE_DEFAULT)}
        if group:
            kw["group"] = group
        item.add_marker(pytest.mark.lane(**kw))
