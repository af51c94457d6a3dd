# ELF64 and Xen notes parsing (lib/loader/libelf.c), no hypervisor stubs needed.
UNIT_TESTS += libelf
UT_SRCS_libelf := tests/unit/test_libelf.c lib/loader/libelf.c
