# xend's relocation protocol (tools/xend/reloc.c: xm migrate's lines) over a fake transport.
UNIT_TESTS += xend_reloc
UT_SRCS_xend_reloc := tools/xend/tests/test_reloc.c tools/xend/reloc.c
UT_CFLAGS_xend_reloc := -Itools/xend
$(BUILD)/unit/xend_reloc: tools/xend/reloc.h
