"""Debian's Linux 6.1 as dom0 with ACPI and PCI on (issue 15, first stage):
no acpi=off pci=off, on xeno and, as the twin check, on Xen 4.17.

dom0 reads the firmware's ACPI tables and the HPET (read-only) through its
own mappings, enumerates QEMU q35's PCI devices through the mediated
configuration ports (0xcf8 latch, 0xcfc data), and powers the machine off
through XENPF_enter_acpi_sleep (S5), which is what makes QEMU exit.
dom0 announces each PCI function (PHYSDEVOP_pci_device_add, which the
hypervisor checks answers) and reads the IO-APIC (PHYSDEVOP_apic_read).
Interrupts (GSI -> PIRQ) are not there yet on xeno, so drivers that need an
IRQ (rtc_cmos, i8042) fail their probe; the kernel keeps `nolapic` off too.
"""
import base64
import os
import re
import subprocess

import pytest
import xenoqemu

ROOT = xenoqemu.ROOT
CACHE = os.environ.get("XENO_CACHE", os.path.join(ROOT, ".cache", "debian"))
KERNEL_ARGS = ["console=hvc0", "earlyprintk=xen"]
# A virtio-blk disk beside q35's own devices: one more PCI function to find.
DISK_ARGS = ["-drive", "file={img},if=none,id=disk-vd,format=raw",
             "-device", "virtio-blk-pci,drive=disk-vd"]
LIST_PCI = """
for d in /sys/bus/pci/devices/*; do echo "PCIDEV $(basename $d) $(cat $d/vendor):$(cat $d/device) $(cat $d/class)"; done
cat /proc/cmdline
"""
# q35 with -nodefaults: host bridge, LPC, AHCI, SMBus; then the virtio disk.
Q35 = {"0000:00:00.0": "0x8086:0x29c0", "0000:00:1f.0": "0x8086:0x2918",
       "0000:00:1f.2": "0x8086:0x2922", "0000:00:1f.3": "0x8086:0x2930"}


@pytest.fixture(scope="module")
def debian(tmp_path_factory):
    for cmd in (["scripts/fetch-debian.sh", "linux", "busybox"], ["scripts/mkinitrd.sh"]):
        r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if r.returncode:
            pytest.fail(f"{' '.join(cmd)} failed: {r.stderr[-2000:]}")
    img = tmp_path_factory.mktemp("disk") / "vd.img"
    with open(img, "wb") as f:
        f.truncate(16 << 20)
    return os.path.join(CACHE, "vmlinux"), os.path.join(CACHE, "initrd.cpio.gz"), str(img)


def run_arg():
    return "xeno.run64=" + base64.b64encode(LIST_PCI.encode()).decode()


def check_devices(log, tail):
    found = dict(re.findall(r"PCIDEV (\S+) (\S+) \S+", log))
    for bdf, ids in Q35.items():
        assert found.get(bdf) == ids, f"{bdf} {ids} not listed: {found}\n{tail}"
    virtio = [b for b, ids in found.items() if ids.startswith("0x1af4:")]
    assert len(virtio) == 1, f"no virtio-blk function: {found}\n{tail}"
    assert "acpi=off" not in log and "pci=off" not in log
    assert "ACPI: Interpreter enabled" in log, tail
    # XENMEM_machine_memory_map: the host's map plus the MMIO dom0 may not use.
    for hole in ("0x00000000fec00000-0x00000000fec00fff", "0x00000000fee00000-0x00000000feefffff"):
        assert f"Xen: [mem {hole}] reserved" in log, tail
    assert "PCI: Using configuration type 1 for base access" in log, tail
    assert "ACPI: PM: Preparing to enter system sleep state S5" in log, tail
    assert "Kernel panic" not in log and "BUG:" not in log, tail
    # PHYSDEVOP_pci_device_add for each function, logged by the hypervisor.
    for bdf in list(Q35) + virtio:
        assert f"PCI add device {bdf}" in log, f"{bdf} not announced\n{tail}"
    # PHYSDEVOP_apic_read answered from the real IO-APIC (QEMU's: version 0x20, 24 pins).
    assert re.search(r"IOAPIC\[0\]: apic_id 0, version 32, address 0xfec00000, GSI 0-23", log), tail


def test_dom0_acpi_pci_on_xeno(debian):
    kernel, initrd, img = debian
    args = " ".join(KERNEL_ARGS + [run_arg()])
    r = xenoqemu.run("linux-dom0-acpi-pci", timeout=300, mem="1G", smp=2,
                     until=r"Powering off\.|Rebooting\.|Panic on CPU|end Kernel panic",
                     append="console=com1 dom0_mem=512M,max:512M",
                     modules=[f"{kernel} {args}", initrd],
                     extra=[a.format(img=img) for a in DISK_ARGS])
    tail = r.tail(60)
    assert re.search(r"XENO-INIT-READY .*xen=control_d", r.log), tail
    check_devices(r.log, tail)
    # The hypervisor's own devices stay its own: no serial port for dom0.
    assert "ttyS0 at I/O 0x3f8" not in r.log, tail
    assert "Dom0 asked for ACPI S5: powering off" in r.log, tail
    for op in ("apic_read", "pci_device_add", "pci_mmcfg_reserved", "firmware_info",
               "get_cpuinfo", "settime64"):
        assert f"{op} (" not in r.log, f"{op} unanswered\n{tail}"  # "... not implemented"



def test_dom0_acpi_pci_on_xen_4_17(debian):
    kernel, initrd, img = debian
    log = os.path.join(xenoqemu.LOG_DIR, "linux-dom0-acpi-pci-xen.log")
    os.makedirs(xenoqemu.LOG_DIR, exist_ok=True)
    qemu = [w for a in DISK_ARGS for w in ("--qemu-arg", a.format(img=img))]
    cmd = [os.path.join(ROOT, "scripts", "run-reference.sh"), "-q", "--log", log,
           "--timeout", "600", "--mem", "1024", "--dom0-mem", "512M,max:512M", *qemu, "--",
           kernel, *KERNEL_ARGS, run_arg(), "--initrd", initrd]
    rc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True).returncode
    with open(log, errors="replace", newline="") as f:
        text = re.sub(r"\r+\n", "\n", f.read())
    tail = "\n".join(text.splitlines()[-60:])
    assert rc == 0, f"run-reference.sh: {rc}\n{tail}"
    check_devices(text, tail)
    assert "Entering ACPI S5 state" in text, tail
