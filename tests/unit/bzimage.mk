# bzImage probing/decompression (hypervisor/arch/x86/bzimage.c + lib/xz).
# Set XENO_VMLINUZ=/path/to/vmlinuz to also test a real Debian kernel.
UNIT_TESTS += bzimage
UT_SRCS_bzimage := tests/unit/test_bzimage.c hypervisor/arch/x86/bzimage.c \
	$(wildcard hypervisor/lib/xz/*.c)
UT_LDLIBS_bzimage := -llzma -lz
