"""Two QEMU machines, A and B, on a wire of their own: each an e1000e on a
QEMU dgram netdev over a pair of unix sockets in a fresh directory, so
nothing else is on it and nothing leaves this host (no user-mode
networking). Used by tests/toolstack/test_migrate_two.py and bench/migrate.py.
"""
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor

MACS = {"a": "52:54:00:00:09:01", "b": "52:54:00:00:09:02"}


def wire(tmp, role):
    """QEMU arguments of machine `role`'s NIC on the wire in directory tmp."""
    me, peer = (f"{tmp}/{r}.sock" for r in (role, "b" if role == "a" else "a"))
    return ("-netdev", f"dgram,id=n0,local.type=unix,local.path={me},"
            f"remote.type=unix,remote.path={peer}",
            "-device", f"e1000e,netdev=n0,mac={MACS[role]},romfile=")


def both(boot):
    """boot(role, wire_dir) -> log, for A and B at once; their logs (A's, B's)."""
    tmp = tempfile.mkdtemp(prefix="xeno-wire-")
    try:
        with ThreadPoolExecutor(2) as ex:
            a, b = ex.map(lambda role: boot(role, tmp), ("a", "b"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return a, b
