# bzImage probing/decompression (lib/loader: bzimage.c + xz/), built hosted
# from the loader library's own sources.
# Set XENO_VMLINUZ=/path/to/vmlinuz to also test a real Debian kernel.
UNIT_TESTS += bzimage
UT_SRCS_bzimage := tests/unit/test_bzimage.c lib/loader/bzimage.c $(wildcard lib/loader/xz/*.c)
UT_LDLIBS_bzimage := -llzma -lz
