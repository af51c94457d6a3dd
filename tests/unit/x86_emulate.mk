# Decoder/emulator for writable page tables (ptwr). Differential against the
# host CPU; linked non-PIE so that code and data sit below 4 GiB (67 prefix).
UNIT_TESTS += x86_emulate
UT_SRCS_x86_emulate := tests/unit/test_x86_emulate.c tests/unit/x86_emulate_harness.c \
	tests/unit/x86_emulate_gen.c \
	hypervisor/arch/x86/emulate/decode.c hypervisor/arch/x86/emulate/emulate.c
UT_CFLAGS_x86_emulate := -fno-pie -no-pie
