"""bench/run.py's own parsing (host tests, no QEMU): the kernel's printk
time at "Run /init" that figure 7's ACPI-and-PCI row reads from figure
10's boots, and the BENCH lines it becomes."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import run  # noqa: E402


def test_init_clock_from_printk_line():
    log = ("[    0.000000] Linux version 6.1\n(XEN) a hypervisor line\n"
           "[    3.771204] Run /init as init process\n")
    values, na = run.parse(run.with_init_clock(log, "io_init_kernel"))
    assert values == {"io_init_kernel": 3771204000.0} and na == {}


def test_no_init_line_is_not_a_figure():
    values, na = run.parse(run.with_init_clock("[    1.0] panic\n", "io_init_kernel"))
    assert values == {} and "io_init_kernel" in na
