"""Boot tests of the bare hypervisor (no guests): banner, memory, CPUs, time,
crash reports, power-off and reboot. Each boots install/boot/xeno in QEMU."""
import os
import re

import pytest
import xenoqemu

READY = r"xeno ready: (\d+) CPU\(s\) online, [\d.]+ ms since power-on, ([\d.]+) ms since hypervisor entry"


def test_banner_and_ready(boot):
    r = boot(append="console=com1 after_boot=poweroff", timeout=60)
    assert "xeno 0.1 - a paravirtualizing hypervisor" in r.log
    assert re.search(READY, r.log)
    assert r.exit_code == 0, "power-off should end QEMU cleanly"


@pytest.mark.parametrize("mem_mib", [256, 1024, 3072])
def test_memory_detected_matches_qemu(boot, mem_mib):
    r = boot(append="console=com1 after_boot=poweroff", mem=f"{mem_mib}M", timeout=60)
    m = re.search(r"Memory: (\d+) KiB RAM detected \((\d+) MiB\), (\d+) KiB free", r.log)
    assert m, "no memory line"
    assert int(m.group(2)) == mem_mib
    # firmware keeps at most a few hundred KiB; the heap gets the rest less the
    # frame table (32 bytes per frame up to the highest RAM address, holes included)
    assert int(m.group(1)) > (mem_mib - 1) * 1024
    assert int(m.group(3)) > (mem_mib - 64) * 1024


@pytest.mark.parametrize("smp", [1, 2, 4])
def test_every_cpu_online(boot, smp):
    r = boot(append="console=com1 after_boot=poweroff", smp=smp, timeout=90)
    assert f"Brought up {smp} CPUs" in r.log
    for cpu in range(1, smp):
        assert re.search(rf"CPU{cpu} online \(APIC id \d+\)", r.log)
    m = re.search(READY, r.log)
    assert m and int(m.group(1)) == smp


def _ticks(log):
    return [(int(a), int(b), int(c)) for a, b, c in
            re.findall(r"time-tick \d+: system (\d+) ns, late (-?\d+) ns, pmtimer (\d+) ns", log)]


def test_time_rate_against_pm_timer(boot):
    """TSC-derived system time vs the ACPI PM timer (an independent clock)."""
    r = boot(append="console=com1 boot_selftest=time", timeout=60)
    ticks = _ticks(r.log)
    assert len(ticks) == 5 and "time self-test: done" in r.log
    system, late, pm = ticks[-1]
    assert abs(system - pm) / pm < 0.03, f"system {system} ns vs PM timer {pm} ns"
    assert abs(system - 1_000_000_000) < 50_000_000, "ticks are 200 ms apart"
    assert all(0 <= lt < 20_000_000 for _, lt, _ in ticks), "timers fire on time"


def test_time_exact_under_icount(boot):
    """With -icount every clock follows instructions: calibration must be exact."""
    r = boot(append="console=com1 boot_selftest=time", icount=True, timeout=60)
    ticks = _ticks(r.log)
    assert len(ticks) == 5
    system, late, pm = ticks[-1]
    assert abs(system - pm) < 10_000, f"system {system} ns vs PM timer {pm} ns"
    assert all(0 <= lt < 10_000 for _, lt, _ in ticks)


def test_boot_to_ready_under_50ms_virtual(boot):
    r = boot(append="console=com1 after_boot=poweroff", icount=True, smp=2, timeout=60)
    m = re.search(READY, r.log)
    assert m and float(m.group(2)) < 50.0, "boot-to-ready target: under 50 ms of virtual time"


@pytest.mark.parametrize("kind,vector", [("pf", 14), ("ud", 6), ("de", 0)])
def test_fault_prints_symbolised_backtrace(boot, kind, vector):
    r = boot(append=f"console=com1 debug_fault={kind}", timeout=60)
    assert re.search(rf"FATAL TRAP: vector {vector} ", r.log)
    trace = r.log[r.log.index("Xen call trace:"):]
    for fn in ("fault_level2", "debug_fault", "boot_done", "__start_xeno"):
        assert re.search(rf"\] {fn}[.\w]*\+0x[0-9a-f]+/0x[0-9a-f]+", trace), fn
    for reg in ("rax:", "r15:", "cr2:", "RFLAGS:"):
        assert reg in r.log
    if kind == "pf":
        assert "Faulting linear address (CR2): 0000000000000000" in r.log
    assert "Rebooting in response to the crash." in r.log
    assert r.exit_code == 0, "with -no-reboot the reboot ends QEMU"


def test_noreboot_halts_after_crash(boot):
    r = boot(append="console=com1 debug_fault=ud noreboot", timeout=30,
             until=r"noreboot: halting")
    assert r.matched and "Rebooting" not in r.log


def test_reboot_ends_qemu_with_no_reboot(boot):
    r = boot(append="console=com1 after_boot=reboot", timeout=60)
    assert "Rebooting." in r.log and r.exit_code == 0


def test_unknown_options_warn_and_boot_continues(boot):
    r = boot(append="console=com1 com1=115200,8n1 loglvl=all frobnicate=3 noreboot "
                    "after_boot=poweroff", timeout=60)
    assert "WARNING: unknown or invalid option 'frobnicate=3' ignored" in r.log
    assert "com1=115200" not in re.sub(r"Command line:.*", "", r.log)
    assert r.exit_code == 0


def test_idle_without_dom0_prints_how_to_quit(boot):
    r = boot(append="console=com1", timeout=30, until=r"Ctrl-a x to quit")
    assert r.matched


SMOKE = os.path.join(xenoqemu.BUILD, "tests", "pv-smoke")


def test_dom0_pv_kernel_runs_hypercalls(boot):
    """Domain builder + SYSCALL hypercall entry: console_io, xen_version, sched_op."""
    r = boot(append="console=com1", mem="512M", modules=[f"{SMOKE} 0 extra words"],
             timeout=60)
    assert "*** Building a PV Dom0 ***" in r.log
    assert re.search(r"ENTRY ADDRESS: ffffffff80100000", r.log)
    assert "hello from a PV guest" in r.log
    assert "Hardware Dom0 halted: powering off machine" in r.log
    assert r.exit_code == 0


HELLO = os.path.join(xenoqemu.BUILD, "guests", "hello")
TRUNCATED = (r"\(XEN\) WARNING: d0's command line is (\d+) bytes, longer than start_info's "
             r"cmd_line holds \(1024 bytes with the NUL\): truncated to its first 1023 bytes")


def test_dom0_long_command_line_is_truncated_with_a_warning(boot):
    """start_info's cmd_line holds 1023 bytes and the NUL (MAX_GUEST_CMDLINE, as Xen):
    a longer dom0 command line is cut there, and the hypervisor says so."""
    words = "long " + " ".join(f"w{i:04d}" for i in range(200))  # 1204 bytes
    r = boot(append="console=com1", mem="512M", modules=[f"{HELLO} {words}"], timeout=60)
    m = re.search(TRUNCATED, r.log)
    assert m and int(m[1]) == len(words), r.tail()
    assert "Test result: SUCCESS" in r.log, r.tail()  # it got the first 1023 bytes
    r = boot(append="console=com1", mem="512M", modules=[f"{HELLO} {words[:1023]}"], timeout=60)
    assert not re.search(TRUNCATED, r.log) and "Test result: SUCCESS" in r.log, r.tail()


def test_dom0_reboot_and_crash_reasons(boot):
    r = boot(append="console=com1", mem="512M", modules=[f"{SMOKE} 1"], timeout=60)
    assert "Hardware Dom0 shutdown: rebooting machine" in r.log and "Rebooting." in r.log
    r = boot(append="console=com1 noreboot", mem="512M", modules=[f"{SMOKE} 3"], timeout=30,
             until=r"noreboot: halting")
    assert "Hardware Dom0 crashed: 'noreboot' set" in r.log and r.matched


def test_dom0_bad_image_is_refused_clearly(boot, tmp_path):
    bogus = tmp_path / "not-a-kernel"
    bogus.write_bytes(b"\x7fELF" + b"\0" * 200)
    r = boot(append="console=com1", modules=[str(bogus)], timeout=30)
    assert "Could not set up dom0: kernel ELF is not 64-bit" in r.log


TRAPS = os.path.join(xenoqemu.BUILD, "tests", "pv-traps")


def test_dom0_traps_iret_msr_cpuid_multicall(boot):
    """Trap table, bounce frames, iret, MSR emulation, forced CPUID, multicall, guest
    user mode (iret to user, int3 from user, SYSCALL to the syscall callback)
    (tests/boot/pv-smoke/traps.c; it passes on Xen 4.17 too)."""
    r = boot(append="console=com1", mem="512M", modules=[TRAPS], timeout=60)
    assert "FAIL:" not in r.log
    assert "Test result: SUCCESS" in r.log
    assert r.exit_code == 0


def test_dom0_image_without_generic_loader_is_refused(boot, tmp_path):
    """Like Xen 4.17: only LOADER "generic" or GUEST_OS "linux" images."""
    data = bytearray(open(SMOKE, "rb").read())
    i = data.find(b"generic\0")
    data[i:i + 8] = b"special\0"
    img = tmp_path / "special-loader"
    img.write_bytes(bytes(data))
    r = boot(append="console=com1", mem="512M", modules=[str(img)], timeout=30)
    assert "Could not set up dom0: not built for the generic loader" in r.log


def test_dom0_corrupt_bzimage_is_refused_clearly(boot, tmp_path):
    """A bzImage whose XZ payload is damaged: a clear error, no hang."""
    setup = bytearray(1024)
    setup[0x1f1] = 1                       # setup_sects: protected-mode part at 1024
    setup[0x202:0x206] = b"HdrS"
    setup[0x206:0x208] = (0x20f).to_bytes(2, "little")
    payload = b"\xfd7zXZ\x00" + b"\x13" * 200 + (1 << 20).to_bytes(4, "little")
    setup[0x248:0x24c] = (0).to_bytes(4, "little")        # payload_offset (after setup)
    setup[0x24c:0x250] = len(payload).to_bytes(4, "little")
    img = tmp_path / "vmlinuz-corrupt"
    img.write_bytes(bytes(setup) + payload)
    r = boot(append="console=com1", mem="512M", modules=[str(img)], timeout=60)
    assert re.search(r"Could not set up dom0: .*(XZ|header|corrupt|CRC|unsupported)", r.log), \
        "a damaged payload must be reported as such"
