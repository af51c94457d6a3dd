# XZ / gzip decoder (lib/loader/xz), checked against liblzma and zlib.
UNIT_TESTS += xz
UT_SRCS_xz := tests/unit/test_xz.c $(wildcard lib/loader/xz/*.c)
UT_LDLIBS_xz := -llzma -lz
