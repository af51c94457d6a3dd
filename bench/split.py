"""The images of bench/run.py's workload "split" (figure 11: the split
drivers, blkback/netback in dom0 and blkfront/netfront in a domU).

The dom0 image (scripts/mkdom0.sh) is booted as it is, with one zstd cpio
appended (Linux unpacks concatenated archives, each at a 4-byte offset):
  /usr/lib/xeno/tests/splitbench.sh  bench/split/dom0.sh (xeno.test=splitbench);
  /opt/bench/{bin,lib}              iperf3 and its libraries (dom0's server);
  /var/lib/xen/images/split/tools.img  the domU's tools disk: ext4 without a
      journal (mke2fs -d, no root rights) holding fio, iperf3, every library
      they load (bench/packages) and bench/split/domu.sh; read-only in both
      domUs (the I/O domU and the domU -> domU figure's peer).
The tools go on a disk rather than into the domU's initrd: fio's libraries
(librbd, glusterfs, ICU, ...) are ~85 MB, which the domU then pages in from
dom0's tmpfs as it touches them instead of holding them all in its memory.
The result is cached as $XENO_CACHE/split/split-<hash>.cpio, the hash over
every input (the dom0 image's name, which carries its own hash, the bench
packages' list, the two scripts and this file).
"""
import hashlib
import os
import shutil
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = ("split/dom0.sh", "split/domu.sh", "split.py")


def image_hash(dom0_image, cache):
    h = hashlib.sha256(os.path.basename(os.path.realpath(dom0_image)).encode())
    for path in [os.path.join(cache, "bench.packages")] + [os.path.join(HERE, s)
                                                           for s in SCRIPTS]:
        with open(path, "rb") as f:
            h.update(path.encode() + b"\0" + f.read())
    return h.hexdigest()[:16]


def flat(files):
    """{initrd path: host file} of run.io_files as {bin/X or lib/Y: host file}."""
    out = {}
    for dst, src in files.items():
        name = os.path.basename(dst)
        out[("bin/" if "/bin/" in f"/{dst}" else "lib/") + name] = src
    return out


def tools_disk(stage, files, path):
    """The domU's tools disk: files (flat) and domu.sh in an ext4 image."""
    root = os.path.join(stage, "tools")
    for d in ("bin", "lib"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    size = 0
    for dst, src in files.items():
        shutil.copyfile(src, os.path.join(root, dst))
        os.chmod(os.path.join(root, dst), 0o755)
        size += os.path.getsize(src)
    shutil.copyfile(os.path.join(HERE, "split", "domu.sh"), os.path.join(root, "domu.sh"))
    mib = size * 21 // 20 // (1 << 20) + 8
    env = dict(os.environ, E2FSPROGS_FAKE_TIME="1",
               PATH=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")
    subprocess.run(["mke2fs", "-q", "-F", "-t", "ext4", "-O", "^has_journal", "-L", "tools",
                    "-N", "256", "-m", "0", "-E", "root_owner=0:0", "-d", root, path,
                    f"{mib}M"], env=env, check=True, capture_output=True)


def overlay(stage, dom0_files, cpio_entry):
    """The appended archive (uncompressed newc)."""
    dirs = ("opt", "opt/bench", "opt/bench/bin", "opt/bench/lib", "usr", "usr/lib",
            "usr/lib/xeno", "usr/lib/xeno/tests", "var", "var/lib", "var/lib/xen",
            "var/lib/xen/images", "var/lib/xen/images/split")
    blob, ino = b"", 300
    for d in dirs:
        blob += cpio_entry(d, 0o40755, ino=ino)
        ino += 1
    files = {f"opt/bench/{k}": v for k, v in dom0_files.items()}
    files["usr/lib/xeno/tests/splitbench.sh"] = os.path.join(HERE, "split", "dom0.sh")
    files["var/lib/xen/images/split/tools.img"] = os.path.join(stage, "tools.img")
    for dst, src in sorted(files.items()):
        with open(src, "rb") as f:
            blob += cpio_entry(dst, 0o100755, f.read(), ino=ino)
        ino += 1
    return blob + cpio_entry("TRAILER!!!", 0, ino=0)


def split_image(dom0_image, cache, stage, files_of, cpio_entry):
    """The dom0 image with the split workload's archive appended (cached).
    files_of(programs) -> {initrd path: host file} (run.io_files)."""
    out = os.path.join(cache, "split", f"split-{image_hash(dom0_image, cache)}.cpio")
    if os.path.exists(out):
        return out
    stage = f"{stage}.{os.getpid()}"  # two runs may build at once
    shutil.rmtree(stage, ignore_errors=True)
    os.makedirs(stage)
    tools_disk(stage, flat(files_of(("usr/bin/fio", "usr/bin/iperf3"))),
               os.path.join(stage, "tools.img"))
    blob = overlay(stage, flat(files_of(("usr/bin/iperf3",))), cpio_entry)
    packed = subprocess.run(["zstd", "-q", "-10", "-T0", "-c"], input=blob, check=True,
                            capture_output=True).stdout
    with open(dom0_image, "rb") as f:
        head = f.read()
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out + ".tmp", "wb") as f:
        f.write(head + b"\0" * (-len(head) % 4) + packed)
    os.replace(out + ".tmp", out)
    shutil.rmtree(stage, ignore_errors=True)
    return out
