# libFuzzer harnesses for the XZ/gzip decoders and the bzImage parser.
# Include from the top-level Makefile (include tests/fuzz/rules.mak), then
#   make fuzz [FUZZ_SECONDS=30]
# builds $(BUILD)/fuzz/fuzz_{xz,lzma2,gzip,bzimage} (clang, ASan + UBSan),
# creates seed corpora with the xz/gzip tools (tests/fuzz/mkseeds.sh) and
# runs each harness for FUZZ_SECONDS. Crashes are saved as
# $(BUILD)/fuzz/crash-<harness>-* and fail the target.

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 30
FUZZ_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer -Ilib/loader/include
FUZZ_HARNESSES := xz xz_nocrc lzma2 gzip bzimage
FUZZ_LIB_SRCS := $(wildcard lib/loader/xz/*.c) lib/loader/xz/xz_private.h

FUZZ_SRCS_xz := $(wildcard lib/loader/xz/*.c)
# xz_nocrc: the xz harness on a decoder built to ignore the CRC32s of the
# stream header, block headers, index and footer (never in a real build),
# so that the fuzzer can reach the fields those CRCs protect.
FUZZ_SRCS_xz_nocrc := $(FUZZ_SRCS_xz)
FUZZ_MAIN_xz_nocrc := tests/fuzz/fuzz_xz.c
FUZZ_DEFS_xz_nocrc := -DXZ_FUZZ_SKIP_HEADER_CRC
FUZZ_SRCS_lzma2 := $(FUZZ_SRCS_xz)
FUZZ_SRCS_gzip := $(FUZZ_SRCS_xz)
FUZZ_SRCS_bzimage := $(FUZZ_SRCS_xz) lib/loader/bzimage.c

FUZZ_BINS := $(addprefix $(BUILD)/fuzz/fuzz_,$(FUZZ_HARNESSES))

define fuzz_rule
FUZZ_MAIN_$(1) ?= tests/fuzz/fuzz_$(1).c
$(BUILD)/fuzz/fuzz_$(1): $$(FUZZ_MAIN_$(1)) $$(FUZZ_LIB_SRCS) $$(FUZZ_SRCS_$(1)) | $(BUILD)/fuzz
	$$(FUZZ_CC) $$(FUZZ_CFLAGS) $$(FUZZ_DEFS_$(1)) -o $$@ $$< $$(FUZZ_SRCS_$(1))
endef
$(foreach h,$(FUZZ_HARNESSES),$(eval $(call fuzz_rule,$(h))))

$(BUILD)/fuzz:
	mkdir -p $@

$(BUILD)/fuzz/seeds/.stamp: tests/fuzz/mkseeds.sh | $(BUILD)/fuzz
	sh tests/fuzz/mkseeds.sh $(BUILD)/fuzz/seeds
	touch $@

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BINS) $(BUILD)/fuzz/seeds/.stamp

fuzz: fuzz-build
	@for h in $(FUZZ_HARNESSES); do \
		mkdir -p $(BUILD)/fuzz/corpus_$$h; \
		echo "  FUZZ $$h ($(FUZZ_SECONDS) s)"; \
		$(BUILD)/fuzz/fuzz_$$h -max_total_time=$(FUZZ_SECONDS) -timeout=20 \
			-rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
			-artifact_prefix=$(BUILD)/fuzz/crash-$$h- \
			$(BUILD)/fuzz/corpus_$$h $(BUILD)/fuzz/seeds/$$h \
			> $(BUILD)/fuzz/fuzz_$$h.log 2>&1 \
		|| { tail -n 60 $(BUILD)/fuzz/fuzz_$$h.log; exit 1; }; \
		grep -E "stat::number_of_executed_units|cov:" $(BUILD)/fuzz/fuzz_$$h.log | tail -n 2; \
	done
