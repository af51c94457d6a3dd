UNIT_TESTS += boot_helpers
UT_SRCS_boot_helpers := tests/unit/test_boot_helpers.c tests/unit/stubs.c hypervisor/common/bootmem.c hypervisor/lib/acpi_s5.c
