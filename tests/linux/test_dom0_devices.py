"""Debian's Linux 6.1 as dom0 with ACPI and PCI on (issue 15, first stage):
no acpi=off pci=off, on xeno and, as the twin check, on Xen 4.17.

dom0 reads the firmware's ACPI tables and the HPET (read-only) through its
own mappings, enumerates QEMU q35's PCI devices through the mediated
configuration ports (0xcf8 latch, 0xcfc data), and powers the machine off
through XENPF_enter_acpi_sleep (S5), which is what makes QEMU exit.
dom0 announces each PCI function (PHYSDEVOP_pci_device_add, which the
hypervisor checks answers) and reads the IO-APIC (PHYSDEVOP_apic_read).

Interrupts (issue 15 stage 2): the hypervisor owns the IO-APIC and the MSIs
and dom0 hears each device interrupt as the event of a pirq
(PHYSDEVOP_map_pirq, EVTCHNOP_bind_pirq, PHYSDEVOP_eoi for level GSIs).
dom0 loads virtio-blk, ahci, nvme and e1000e, reads 1 MiB of each disk (its
checksum must match what the test wrote: a request completes only through
the disk's interrupt), copies that MiB to another place on the NVMe disk
(the test finds it in the image file once QEMU is gone: the device's DMA
read dom0's pages), brings the NIC up and sends on it, and lists
/proc/interrupts: the disks' and the NIC's xen-pirq lines must count
(virtio, NVMe and e1000e use MSI-X, q35's AHCI plain MSI).
Two boots per hypervisor: MSI-X (the default) and INTx (`pci=nomsi`: the
disk's level-triggered PCI GSI, masked until dom0's EOI).
"""
import base64
import hashlib
import os
import re
import subprocess

import pytest
import xenoqemu

ROOT = xenoqemu.ROOT
CACHE = os.environ.get("XENO_CACHE", os.path.join(ROOT, ".cache", "debian"))
KERNEL_ARGS = ["console=hvc0", "earlyprintk=xen"]
# A virtio-blk disk, a disk on q35's own AHCI, an NVMe disk and an e1000e NIC beside q35's
# devices. The NIC's backend is a hub port with nothing else on the hub:
# nothing leaves QEMU.
DISK_ARGS = ["-drive", "file={img},if=none,id=disk-vd,format=raw",
             "-device", "virtio-blk-pci,drive=disk-vd",
             "-drive", "file={sata},if=none,id=disk-sata,format=raw",
             "-device", "ide-hd,drive=disk-sata,bus=ide.0",
             "-drive", "file={nvme},if=none,id=disk-nvme,format=raw",
             "-device", "nvme,drive=disk-nvme,serial=xeno0001",
             "-netdev", "hubport,id=n0,hubid=0",
             "-device", "e1000e,netdev=n0,mac=52:54:00:00:00:01,romfile="]
# Modules beyond the initrd's Xen ones, in load order (scripts/fetch-debian.sh
# devices unpacks them from the cached linux-image .deb).
DEVICE_MODULES = ["virtio_ring", "virtio", "virtio_pci_modern_dev", "virtio_pci_legacy_dev",
                  "virtio_pci", "virtio_blk", "e1000e",
                  "scsi_common", "scsi_mod", "libata", "libahci", "ahci",
                  "crct10dif_common", "crct10dif_generic", "crc-t10dif", "crc64",
                  "crc64_rocksoft_generic", "crc64-rocksoft", "t10-pi", "sd_mod",
                  "nvme-core", "nvme"]
# The kernel command line (with this script in base64) must fit in start_info's 1024 bytes.
LIST_PCI = """
for d in /sys/bus/pci/devices/*; do echo "PCIDEV ${d##*/} $(cat $d/vendor):$(cat $d/device) $(cat $d/class)"; done
cat /proc/cmdline
s(){ echo "$1 $(dd if=/dev/$2 bs=1M skip=$3 count=1 2>/dev/null|md5sum)"; }
s VDSUM vda 1; s SDSUM sda 1; s NVSUM nvme0n1 1
dd if=/dev/nvme0n1 bs=1M skip=1 count=1 2>/dev/null|dd of=/dev/nvme0n1 bs=1M seek=2 conv=fsync 2>/dev/null
echo 3 >/proc/sys/vm/drop_caches; s NVCOPY nvme0n1 2
ip link set eth0 up && ip addr add 10.15.0.1/24 dev eth0
for i in $(seq 10); do [ "$(cat /sys/class/net/eth0/carrier)" = 1 ] && break; sleep 1; done
ping -c 3 -W 1 10.15.0.2 >/dev/null
sleep 1
sed 's/^/INTR /' /proc/interrupts
"""
# 1 MiB at 1 MiB into the disk: bytes the test chose, read back by dom0.
PAYLOAD = hashlib.sha256(b"xeno issue 15").digest() * (1 << 15)
# q35 with -nodefaults: host bridge, LPC, AHCI, SMBus; then the virtio disk.
Q35 = {"0000:00:00.0": "0x8086:0x29c0", "0000:00:1f.0": "0x8086:0x2918",
       "0000:00:1f.2": "0x8086:0x2922", "0000:00:1f.3": "0x8086:0x2930"}


@pytest.fixture(scope="module")
def debian(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dom0-devices")
    r = subprocess.run(["scripts/fetch-debian.sh", "linux", "busybox", "devices"], cwd=ROOT,
                       capture_output=True, text=True)
    if r.returncode:
        pytest.fail(f"fetch-debian.sh failed: {r.stderr[-2000:]}")
    initrd = str(tmp / "initrd.cpio.gz")
    mods = [w for m in ["xen-privcmd", "xenfs"] + DEVICE_MODULES for w in ("--module", m)]
    r = subprocess.run(["scripts/mkinitrd.sh", "-o", initrd, "--modules",
                        os.path.join(CACHE, "linux-modules-hw"), *mods],
                       cwd=ROOT, capture_output=True, text=True)
    if r.returncode:
        pytest.fail(f"mkinitrd.sh failed: {r.stderr[-2000:]}")
    for name in ("vd.img", "sata.img", "nvme.img"):
        with open(tmp / name, "wb") as f:
            f.truncate(16 << 20)
            f.seek(1 << 20)
            f.write(PAYLOAD)
    return os.path.join(CACHE, "vmlinux"), initrd, str(tmp)


def disk_args(img):
    """QEMU's device options, the NVMe disk's copy target zeroed: only this
    boot's dom0 can have written it."""
    with open(f"{img}/nvme.img", "r+b") as f:
        f.seek(2 << 20)
        f.write(bytes(1 << 20))
    return [a.format(img=f"{img}/vd.img", sata=f"{img}/sata.img", nvme=f"{img}/nvme.img")
            for a in DISK_ARGS]


def check_nvme_write(img, tail):
    """dom0's copy reached the NVMe disk itself (the image file on the host)."""
    with open(f"{img}/nvme.img", "rb") as f:
        f.seek(2 << 20)
        assert f.read(1 << 20) == PAYLOAD, f"NVMe write not on the disk\n{tail}"


def run_arg():
    return "xeno.run64=" + base64.b64encode(LIST_PCI.encode()).decode()


def interrupts(log):
    """/proc/interrupts rows by name: (total count, chip/type text)."""
    rows = {}
    for line in re.findall(r"INTR (.*)", log):
        m = re.match(r"\s*(\d+):((?:\s+\d+)+)\s+(.*)", line)
        if m:  # "xen-pirq -msi-x  virtio0-req.0" or "... -ioapic-level  virtio0, eth0"
            for name in " ".join(m.group(3).split()[2:]).split(", "):
                rows.setdefault(name, []).append(
                    (sum(int(c) for c in m.group(2).split()), m.group(3)))
    return rows


def check_interrupts(log, tail, mode):
    for disk in ("VDSUM", "SDSUM", "NVSUM", "NVCOPY"):
        assert f"{disk} {hashlib.md5(PAYLOAD).hexdigest()}" in log, f"{disk} wrong\n{tail}"
    rows = interrupts(log)
    # virtio, NVMe and e1000e: MSI-X; AHCI: MSI (no per-vector mask); INTx with pci=nomsi.
    devs = {"virtio disk": ("virtio", "-msi-x"), "AHCI disk": ("ahci", " -msi "),
            "NVMe disk": ("nvme", "-msi-x"), "NIC": ("eth0", "-msi-x")}
    for what, (prefix, kind) in devs.items():
        rs = [r for name, rs in rows.items() if name.startswith(prefix) for r in rs]
        assert rs, f"no {what} interrupt rows: {sorted(rows)}\n{tail}"
        assert all("xen-pirq" in t for _, t in rs), f"{what} not through pirqs: {rs}"
        assert sum(c for c, _ in rs) > 0, f"{what} interrupts never counted: {rs}"
        kind = {"msi": kind, "intx": "-ioapic-level "}[mode]
        assert all(kind in t + " " for _, t in rs), f"{what} not {mode}: {rs}"
    # ISA devices get their legacy pirqs now: rtc_cmos and i8042 probe.
    assert "rtc_cmos 00:03: registered as rtc0" in log, tail
    assert "serio: i8042 KBD port at 0x60,0x64 irq 1" in log, tail


def check_devices(log, tail):
    found = dict(re.findall(r"PCIDEV (\S+) (\S+) \S+", log))
    for bdf, ids in Q35.items():
        assert found.get(bdf) == ids, f"{bdf} {ids} not listed: {found}\n{tail}"
    virtio = [b for b, ids in found.items() if ids.startswith("0x1af4:")]
    assert len(virtio) == 1, f"no virtio-blk function: {found}\n{tail}"
    nvme = [b for b, ids in found.items() if ids == "0x1b36:0x0010"]
    assert len(nvme) == 1, f"no NVMe function: {found}\n{tail}"
    assert "acpi=off" not in log and "pci=off" not in log
    assert "ACPI: Interpreter enabled" in log, tail
    # XENMEM_machine_memory_map: the host's map plus the MMIO dom0 may not use.
    for hole in ("0x00000000fec00000-0x00000000fec00fff", "0x00000000fee00000-0x00000000feefffff"):
        assert f"Xen: [mem {hole}] reserved" in log, tail
    assert "PCI: Using configuration type 1 for base access" in log, tail
    assert "ACPI: PM: Preparing to enter system sleep state S5" in log, tail
    assert "Kernel panic" not in log and "BUG:" not in log, tail
    # Linux maps every legacy GSI the MADT names at init_IRQ, the PIT's pin included.
    assert "xen map irq failed" not in log, tail
    # PHYSDEVOP_pci_device_add for each function, logged by the hypervisor.
    for bdf in list(Q35) + virtio + nvme:
        assert f"PCI add device {bdf}" in log, f"{bdf} not announced\n{tail}"
    # PHYSDEVOP_apic_read answered from the real IO-APIC (QEMU's: version 0x20, 24 pins).
    assert re.search(r"IOAPIC\[0\]: apic_id 0, version 32, address 0xfec00000, GSI 0-23", log), tail


MODES = {"msi": [], "intx": ["pci=nomsi"]}
# QEMU 7.2's multi-threaded TCG segfaults now and then while dom0 sizes the
# BARs: one vCPU thread remaps a BAR (a new memory map), the other's softmmu
# TLB still holds section numbers of the old map until its flush runs, and
# its next MMIO store (xeno's write of the xAPIC timer count, offset 0x380:
# QEMU 7.2 TCG has no x2APIC) dispatches to a NULL region (a core dump:
# memory_region_dispatch_write with mr=NULL, addr=0x380). One thread for both
# vCPUs runs each vCPU's queued TLB flush before its next instruction.
SINGLE_THREAD = ["-accel", "tcg,thread=single"]


@pytest.mark.parametrize("mode", MODES)
def test_dom0_acpi_pci_on_xeno(debian, mode):
    kernel, initrd, img = debian
    args = " ".join(KERNEL_ARGS + MODES[mode] + [run_arg()])
    r = xenoqemu.run(f"linux-dom0-acpi-pci-{mode}", timeout=300, mem="1G", smp=2,
                     until=r"Powering off\.|Rebooting\.|Panic on CPU|end Kernel panic",
                     append="console=com1 dom0_mem=512M,max:512M",
                     modules=[f"{kernel} {args}", initrd],
                     extra=disk_args(img) + SINGLE_THREAD, debug="cpu_reset,guest_errors")
    tail = r.tail(60)
    assert re.search(r"XENO-INIT-READY .*xen=control_d", r.log), tail + "\n" + r.qemu_log_tail()
    check_devices(r.log, tail)
    check_interrupts(r.log, tail, mode)
    check_nvme_write(img, tail)
    # The hypervisor's own devices stay its own: no serial port for dom0.
    assert "ttyS0 at I/O 0x3f8" not in r.log, tail
    assert "Dom0 asked for ACPI S5: powering off" in r.log, tail
    for op in ("apic_read", "pci_device_add", "pci_mmcfg_reserved", "firmware_info",
               "get_cpuinfo", "settime64"):
        assert f"{op} (" not in r.log, f"{op} unanswered\n{tail}"  # "... not implemented"



@pytest.mark.parametrize("mode", MODES)
def test_dom0_acpi_pci_on_xen_4_17(debian, mode):
    kernel, initrd, img = debian
    log = os.path.join(xenoqemu.LOG_DIR, f"linux-dom0-acpi-pci-{mode}-xen.log")
    os.makedirs(xenoqemu.LOG_DIR, exist_ok=True)
    qemu = [w for a in disk_args(img) for w in ("--qemu-arg", a)]
    cmd = [os.path.join(ROOT, "scripts", "run-reference.sh"), "-q", "--log", log,
           "--timeout", "600", "--mem", "1024", "--dom0-mem", "512M,max:512M", *qemu, "--",
           kernel, *KERNEL_ARGS, *MODES[mode], run_arg(), "--initrd", initrd]
    rc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True).returncode
    with open(log, errors="replace", newline="") as f:
        text = re.sub(r"\r+\n", "\n", f.read())
    tail = "\n".join(text.splitlines()[-60:])
    assert rc == 0, f"run-reference.sh: {rc}\n{tail}"
    check_devices(text, tail)
    check_interrupts(text, tail, mode)
    check_nvme_write(img, tail)
    assert "Entering ACPI S5 state" in text, tail
