"""Lanes: one suite's tests split between N pytest processes run at once.

scripts/test-all.sh loads this plugin (`-p lanes`, tests/lib on PYTHONPATH)
and starts N processes with XENO_LANE=i/n (i from 1 to n): each collects the
whole suite and keeps only its lane's tests, deselecting the others, so
the N summary lines add up to the suite. Without XENO_LANE nothing changes.

The split is the same in every process (it depends on the collected tests
only): tests are put in groups, a group whole into one lane, and the
groups, longest first, each into the lane with the least time so far. A
test's time is its `lane` mark's cost in seconds (measured: a rehearsal's
boot times, rounded up), 1 for a test without one. A test whose mark names
a group (`lane(group="...")`, e.g. tests that hand files to each other)
shares its lane with that group's other tests. Inside a lane, tests run in
collection order (file order: module fixtures are set up once, and a
group's tests keep their order).

Every test of a lane must be free to run beside any other lane's: log
files, sockets and scratch files named per test (tests/lib/xenoqemu.py,
test_migrate_two's wire directory, test_xm's image copy)."""
import os

import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "lane(cost=seconds, group=name): for tests/lib/lanes.py")


def lane_of_env():
    """(i, n) from XENO_LANE=i/n, or None."""
    spec = os.environ.get("XENO_LANE", "")
    if not spec:
        return None
    i, n = (int(x) for x in spec.split("/"))
    if not 1 <= i <= n:
        raise ValueError(f"XENO_LANE={spec}: lane out of range")
    return i, n


def item_lane(item):
    """(cost, group) of one test from its lane marks (the closest one first)."""
    cost, group = None, None
    for mark in item.iter_markers("lane"):
        if cost is None:
            cost = mark.kwargs.get("cost")
        if group is None:
            group = mark.kwargs.get("group")
    return (cost if cost is not None else 1), (group or item.nodeid)


def split(items, n):
    """The lanes' items: n lists, groups longest first on the least loaded lane."""
    groups = {}
    for item in items:
        cost, key = item_lane(item)
        g = groups.setdefault(key, [0, len(groups), []])
        g[0] += cost
        g[2].append(item)
    lanes = [[0, []] for _ in range(n)]
    for cost, _, members in sorted(groups.values(), key=lambda g: (-g[0], g[1])):
        lane = min(lanes, key=lambda lane: lane[0])
        lane[0] += cost
        lane[1].extend(members)
    return [members for _, members in lanes]


@pytest.hookimpl(trylast=True)  # after the suites' conftests have marked their tests
def pytest_collection_modifyitems(config, items):
    spec = lane_of_env()
    if spec is None:
        return
    i, n = spec
    lanes = split(items, n)
    keep = set(id(item) for item in lanes[i - 1])
    dropped = [item for item in items if id(item) not in keep]
    items[:] = [item for item in items if id(item) in keep]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
