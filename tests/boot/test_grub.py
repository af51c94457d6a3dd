"""Multiboot2: GRUB (grub-pc-bin, from Debian) boots install/boot/xeno from an ISO."""
import os
import re
import shutil
import subprocess

import pytest
import xenoqemu


@pytest.fixture(scope="module")
def grub_iso(tmp_path_factory):
    if not shutil.which("grub-mkrescue"):
        pytest.fail("grub-mkrescue missing: scripts/install-deps.sh installs grub-pc-bin")
    root = tmp_path_factory.mktemp("iso")
    os.makedirs(root / "boot" / "grub")
    shutil.copy(xenoqemu.XENO, root / "boot" / "xeno")
    (root / "boot" / "grub" / "grub.cfg").write_text(
        "set timeout=0\nmenuentry xeno {\n"
        "  multiboot2 /boot/xeno console=com1 after_boot=poweroff\n  boot\n}\n")
    iso = str(root.parent / "xeno.iso")
    subprocess.run(["grub-mkrescue", "-o", iso, str(root)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return iso


def test_grub_multiboot2_boot(boot, grub_iso):
    r = boot(cdrom=grub_iso, timeout=120)
    assert "multiboot2 memory map:" in r.log
    assert "Command line: console=com1 after_boot=poweroff" in r.log
    assert re.search(r"xeno ready: 2 CPU\(s\) online", r.log)
    assert r.exit_code == 0
