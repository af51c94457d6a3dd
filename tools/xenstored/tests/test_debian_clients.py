"""Our xenstored on a Unix socket, driven by Debian's own xenstore clients.

Debian's xenstore-utils (and libxenstore4, libxentoolcore1) are downloaded
with `apt-get download` into the package cache (.cache/debian/debs, shared
with scripts/fetch-debian.sh), unpacked into build/ with dpkg-deb -x and run
from there with LD_LIBRARY_PATH: never installed on the host. libxenstore
opens the socket named by XENSTORED_PATH before /dev/xen/xenbus, so the
clients talk to the daemon started here on a temporary socket.

Every client command already runs inside a transaction (xenstore_client.c
starts one per invocation and retries on EAGAIN), so transactions are
exercised by each call.
"""
import glob
import os
import select
import signal
import socket
import struct
import subprocess
import time

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BUILD = os.environ.get("BUILD", "build")
DAEMON = os.path.join(ROOT, BUILD, "tools", "xenstored", "xenstored")
CACHE = os.environ.get("XENO_CACHE", os.path.join(ROOT, ".cache", "debian"))
PACKAGES = ["xenstore-utils", "libxenstore4", "libxentoolcore1"]


def _deb(pkg):
    debs = os.path.join(CACHE, "debs")
    found = sorted(glob.glob(os.path.join(debs, f"{pkg}_*.deb")))
    if not found:
        os.makedirs(debs, exist_ok=True)
        subprocess.run(["apt-get", "download", "-q", pkg], cwd=debs, check=True,
                       stdout=subprocess.DEVNULL)
        found = sorted(glob.glob(os.path.join(debs, f"{pkg}_*.deb")))
    assert found, f"no Debian package {pkg}"
    return found[-1]


@pytest.fixture(scope="module")
def clients():
    root = os.path.join(ROOT, BUILD, "xenstored-clients")
    stamp = os.path.join(root, ".unpacked")
    debs = [_deb(p) for p in PACKAGES]
    if not os.path.exists(stamp) or any(os.path.getmtime(d) > os.path.getmtime(stamp)
                                        for d in debs):
        subprocess.run(["rm", "-rf", root], check=True)
        for d in debs:
            subprocess.run(["dpkg-deb", "-x", d, root], check=True)
        open(stamp, "w").close()
    return root


@pytest.fixture
def xs(clients, tmp_path):
    """Starts the daemon; returns run(cmd, *args) -> CompletedProcess."""
    assert os.path.exists(DAEMON), "build xenstored first (make)"
    sock = str(tmp_path / "run" / "socket")
    log = open(tmp_path / "xenstored.log", "w")
    proc = subprocess.Popen([DAEMON, "--socket", sock], stderr=log)
    for _ in range(200):
        if os.path.exists(sock):
            break
        time.sleep(0.01)
    assert os.path.exists(sock), "xenstored did not create its socket"
    env = dict(os.environ, XENSTORED_PATH=sock,
               LD_LIBRARY_PATH=os.path.join(clients, "usr", "lib", "x86_64-linux-gnu"))

    def run(cmd, *args, check=True, timeout=10):
        exe = os.path.join(clients, "usr", "bin", cmd)
        res = subprocess.run([exe, *args], env=env, capture_output=True, text=True,
                             timeout=timeout)
        if check:
            assert res.returncode == 0, f"{cmd} {args}: rc {res.returncode}: {res.stderr}"
        return res

    run.env = env
    run.clients = clients
    run.sock = sock
    yield run
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=5) == 0
    log.close()
    assert not os.path.exists(sock), "socket left behind"


def test_write_read_list_rm(xs):
    xs("xenstore-write", "/a/b", "hello", "/a/c", "world")
    assert xs("xenstore-read", "/a/b", "/a/c").stdout == "hello\nworld\n"
    assert xs("xenstore-list", "/a").stdout.split() == ["b", "c"]
    assert xs("xenstore-exists", "/a/c").returncode == 0
    xs("xenstore-rm", "/a/c")
    assert xs("xenstore-exists", "/a/c", check=False).returncode == 1
    assert xs("xenstore-list", "/a").stdout.split() == ["b"]
    res = xs("xenstore-read", "/nowhere", check=False)
    assert res.returncode == 1 and "couldn't read path /nowhere" in res.stderr


def test_ls_tree_and_initial_nodes(xs):
    xs("xenstore-write", "/local/domain/0/name", "Domain-0")
    out = xs("xenstore-ls", "/").stdout
    assert 'tool = ""' in out and ' xenstored = ""' in out
    assert '   name = "Domain-0"' in out


def test_relative_paths_are_dom0_home(xs):
    xs("xenstore-write", "backend/vif/7/0/state", "1")
    assert xs("xenstore-read", "/local/domain/0/backend/vif/7/0/state").stdout == "1\n"


def test_chmod_and_perms(xs):
    xs("xenstore-write", "/p/q", "v")
    xs("xenstore-chmod", "/p/q", "n0", "r5")
    assert "(n0,r5)" in xs("xenstore-ls", "-p", "/p").stdout
    xs("xenstore-chmod", "-r", "/p", "b0")
    out = xs("xenstore-ls", "-p", "/p").stdout
    assert "(b0)" in out and "r5" not in out
    assert xs("xenstore-chmod", "/p/q", "x1", check=False).returncode != 0


def test_large_value_and_limit(xs):
    big = "z" * 4000
    xs("xenstore-write", "/big", big)
    assert xs("xenstore-read", "/big").stdout == big + "\n"


def test_watch_initial_and_changes(xs):
    exe = os.path.join(xs.clients, "usr", "bin", "xenstore-watch")
    w = subprocess.Popen([exe, "-n", "3", "/w"], env=xs.env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([w.stdout], [], [], 5)
        assert ready, "no initial watch event"
        assert w.stdout.readline() == "/w\n"  # the initial event
        xs("xenstore-write", "/w/x", "1")
        xs("xenstore-write", "/elsewhere", "1")
        xs("xenstore-rm", "/w")
        out, err = w.communicate(timeout=10)
    finally:
        if w.poll() is None:
            w.kill()
    assert out.splitlines() == ["/w/x", "/w"], err


def _raw(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(path)
    return s


def _recv_msg(s):
    hdr = b""
    while len(hdr) < 16:
        chunk = s.recv(16 - len(hdr))
        if not chunk:
            return None
        hdr += chunk
    typ, req, tx, length = struct.unpack("<IIII", hdr)
    body = b""
    while len(body) < length:
        body += s.recv(length - len(body))
    return typ, req, tx, body


def test_raw_socket_protocol(xs):
    """Framing on the socket: errors by name, ENOSYS, the payload limit."""
    s = _raw(xs.sock)
    s.sendall(struct.pack("<IIII", 2, 41, 0, 6) + b"/tool\0"
              + struct.pack("<IIII", 2, 42, 0, 5) + b"/tool"
              + struct.pack("<IIII", 99, 43, 0, 0))
    assert _recv_msg(s) == (2, 41, 0, b"")
    assert _recv_msg(s) == (16, 42, 0, b"EINVAL\0")  # no NUL: XS_ERROR
    assert _recv_msg(s) == (16, 43, 0, b"ENOSYS\0")
    s.sendall(struct.pack("<IIII", 2, 44, 0, 4097))
    assert _recv_msg(s) is None  # over XENSTORE_PAYLOAD_MAX: closed
    s.close()
    xs("xenstore-write", "/still", "up")


def test_events_between_socket_clients(xs):
    w = _raw(xs.sock)
    w.sendall(struct.pack("<IIII", 4, 1, 0, 8) + b"/ev\0tok\0")
    assert _recv_msg(w) == (4, 1, 0, b"OK\0")
    assert _recv_msg(w) == (15, 0, 0, b"/ev\0tok\0")
    xs("xenstore-write", "/ev/a", "1")
    assert _recv_msg(w) == (15, 0, 0, b"/ev/a\0tok\0")
    w.close()
