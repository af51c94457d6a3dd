# libFuzzer harness for the ptwr decoder/emulator (hypervisor/arch/x86/emulate).
#
#   make fuzz-x86-emulate [FUZZ_X86_EMULATE_SECONDS=300]
#
# Include it from the top-level Makefile (include tests/fuzz/x86_emulate.mak),
# or run it alone: make -f tests/fuzz/x86_emulate.mak fuzz-x86-emulate.
# Builds $(BUILD)/fuzz/x86_emulate/fuzzer (clang, ASan + UBSan) and runs it on
# a corpus kept in $(BUILD)/fuzz/x86_emulate/corpus. Crashes are saved as
# $(BUILD)/fuzz/x86_emulate/crash-* and fail the target. The duration
# defaults to FUZZ_SECONDS (tests/fuzz/rules.mak), else 60 s.

BUILD ?= build
FUZZ_CC ?= clang
FUZZ_X86_EMULATE_SECONDS ?= $(or $(FUZZ_SECONDS),60)
FUZZ_X86_EMULATE_DIR := $(BUILD)/fuzz/x86_emulate
FUZZ_X86_EMULATE_BIN := $(FUZZ_X86_EMULATE_DIR)/fuzzer
FUZZ_X86_EMULATE_SRCS := tests/fuzz/fuzz_x86_emulate.c \
	hypervisor/arch/x86/emulate/decode.c hypervisor/arch/x86/emulate/emulate.c
FUZZ_X86_EMULATE_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -Ihypervisor/include -Ihypervisor/arch/x86/include

$(FUZZ_X86_EMULATE_BIN): $(FUZZ_X86_EMULATE_SRCS) hypervisor/arch/x86/include/asm/x86_emulate.h
	mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_X86_EMULATE_CFLAGS) -o $@ $(FUZZ_X86_EMULATE_SRCS)

.PHONY: fuzz-x86-emulate
fuzz-x86-emulate: $(FUZZ_X86_EMULATE_BIN)
	@mkdir -p $(FUZZ_X86_EMULATE_DIR)/corpus
	@echo "  FUZZ x86_emulate ($(FUZZ_X86_EMULATE_SECONDS) s)"
	@$(FUZZ_X86_EMULATE_BIN) -max_total_time=$(FUZZ_X86_EMULATE_SECONDS) -timeout=20 \
		-max_len=40 -print_final_stats=1 \
		-artifact_prefix=$(FUZZ_X86_EMULATE_DIR)/crash- \
		$(FUZZ_X86_EMULATE_DIR)/corpus > $(FUZZ_X86_EMULATE_DIR)/fuzz.log 2>&1 \
	|| { tail -n 60 $(FUZZ_X86_EMULATE_DIR)/fuzz.log; exit 1; }
	@grep -E "stat::number_of_executed_units|cov:" $(FUZZ_X86_EMULATE_DIR)/fuzz.log | tail -n 2
