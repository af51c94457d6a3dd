# The toolstack's host programs (tools/): C11, warnings are errors, static
# binaries (the dom0 image needs no shared libraries for them).
# Included from the top-level Makefile.
#   make                 also builds $(INSTALL)/usr/sbin/xenstored, xenconsoled, xend and xm
#   make fuzz-xenstored  libFuzzer on framing + core [FUZZ_SECONDS=120]
include tools/xenstored/sources.mk
include tools/xenconsoled/sources.mk

TOOLS_CC ?= gcc
TOOLS_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-unused-parameter -Iinclude -Ilib/loader/include -MMD -MP
TOOLS_LDFLAGS := -static

XS_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(XS_CORE_SRCS) $(XS_RING_SRCS) $(XS_LIBS_LINUX) \
	tools/xenstored/xenstored.c)
XENSTORED := $(BUILD)/tools/xenstored/xenstored

$(BUILD)/tools/%.o: tools/%.c tools/rules.mak
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(TOOLS_CC) $(TOOLS_CFLAGS) -c -o $@ $<

$(XENSTORED): $(XS_OBJS)
	@echo "  LD      $@"
	@$(TOOLS_CC) $(TOOLS_LDFLAGS) -o $@ $^

$(INSTALL)/usr/sbin/xenstored: $(XENSTORED)
	@mkdir -p $(dir $@)
	@cp $< $@

XC_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(XC_CORE_SRCS) $(XC_DAEMON_SRCS) $(XS_LIBS_LINUX))
XENCONSOLED := $(BUILD)/tools/xenconsoled/xenconsoled

$(XENCONSOLED): $(XC_OBJS)
	@echo "  LD      $@"
	@$(TOOLS_CC) $(TOOLS_LDFLAGS) -o $@ $^

$(INSTALL)/usr/sbin/xenconsoled: $(XENCONSOLED)
	@mkdir -p $(dir $@)
	@cp $< $@

# xend (tools/xend: the daemon, its API and libxend) with the libraries it
# needs and the image loaders built hosted (lib/loader/rules.mak); xm
# (tools/xm), its client. JSON is Debian's json-c (libjson-c-dev ships the
# static archive).
include tools/libs/cfg/sources.mk
include tools/xend/sources.mk
JSONC_LIBS := -ljson-c
XEND_SRCS := $(XEND_CORE_SRCS) $(XEND_LIB_SRCS) tools/xend/xend.c tools/xend/client.c \
	$(wildcard tools/libs/guest/*.c tools/libs/ctrl/*.c) $(XCFG_SRCS) tools/libs/store/xstore.c \
	tools/libs/call/linux.c tools/libs/call/domctl.c
XEND_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(XEND_SRCS))
XEND := $(BUILD)/tools/xend/xend

$(XEND): $(XEND_OBJS) $(LOADER_HOST_LIB)
	@echo "  LD      $@"
	@$(TOOLS_CC) $(TOOLS_LDFLAGS) -o $@ $^ $(JSONC_LIBS)

$(INSTALL)/usr/sbin/xend: $(XEND)
	@mkdir -p $(dir $@)
	@cp $< $@

XM_SRCS := $(wildcard tools/xm/*.c) tools/xend/client.c tools/xend/frame.c \
	$(wildcard tools/libs/ctrl/*.c) tools/libs/store/xstore.c tools/libs/call/linux.c \
	tools/libs/call/domctl.c
XM_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(XM_SRCS))
XM := $(BUILD)/tools/xm/xm

$(XM): $(XM_OBJS)
	@echo "  LD      $@"
	@$(TOOLS_CC) $(TOOLS_LDFLAGS) -o $@ $^ $(JSONC_LIBS)

$(INSTALL)/usr/sbin/xm: $(XM)
	@mkdir -p $(dir $@)
	@cp $< $@

.PHONY: tools xenstored xenconsoled xm xend
xenstored: $(INSTALL)/usr/sbin/xenstored
xenconsoled: $(INSTALL)/usr/sbin/xenconsoled
xm: $(INSTALL)/usr/sbin/xm
xend: $(INSTALL)/usr/sbin/xend
tools: xenstored xenconsoled xm xend
all world: tools

-include $(XS_OBJS:.o=.d) $(XC_OBJS:.o=.d) $(XM_OBJS:.o=.d) $(XEND_OBJS:.o=.d)

# libFuzzer harness: request streams from several connections into one store.
FUZZ_XS := $(BUILD)/fuzz/fuzz_xenstored
XS_FUZZ_SECONDS ?= $(FUZZ_SECONDS)
$(FUZZ_XS): tools/xenstored/tests/fuzz_xenstored.c $(XS_CORE_SRCS) $(wildcard tools/xenstored/*.h) | $(BUILD)/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Wno-unused-parameter -D_GNU_SOURCE -Iinclude -Itools/xenstored \
		-o $@ $< $(XS_CORE_SRCS)

.PHONY: fuzz-xenstored
fuzz-xenstored: $(FUZZ_XS)
	@mkdir -p $(BUILD)/fuzz/corpus_xenstored
	@python3 tools/xenstored/tests/mkseeds.py $(BUILD)/fuzz/corpus_xenstored
	@echo "  FUZZ xenstored ($(XS_FUZZ_SECONDS) s)"
	@$(FUZZ_XS) -max_total_time=$(XS_FUZZ_SECONDS) -timeout=20 -rss_limit_mb=2048 \
		-max_len=16384 -print_final_stats=1 -artifact_prefix=$(BUILD)/fuzz/crash-xenstored- \
		$(BUILD)/fuzz/corpus_xenstored > $(BUILD)/fuzz/fuzz_xenstored.log 2>&1 \
		|| { tail -n 60 $(BUILD)/fuzz/fuzz_xenstored.log; exit 1; }
	@grep -E "stat::number_of_executed_units|cov:" $(BUILD)/fuzz/fuzz_xenstored.log | tail -n 2

# libFuzzer harness for the xl.cfg parser and the disk/vif spec parsers.
# make fuzz-cfg [CFG_FUZZ_SECONDS=...]; make test runs fuzz-cfg-smoke (20 s).
FUZZ_CFG := $(BUILD)/fuzz/fuzz_cfg
CFG_FUZZ_SECONDS ?= $(FUZZ_SECONDS)
$(FUZZ_CFG): tools/libs/cfg/tests/fuzz_cfg.c $(XCFG_SRCS) $(wildcard tools/libs/cfg/*.h) | $(BUILD)/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Wno-unused-parameter -D_GNU_SOURCE -Itools/libs/cfg \
		-o $@ $< $(XCFG_SRCS)

.PHONY: fuzz-cfg fuzz-cfg-smoke
fuzz-cfg: $(FUZZ_CFG)
	@rm -rf $(BUILD)/fuzz/corpus_cfg && mkdir -p $(BUILD)/fuzz/corpus_cfg
	@cp tools/libs/cfg/tests/seeds/* $(BUILD)/fuzz/corpus_cfg/
	@echo "  FUZZ cfg ($(CFG_FUZZ_SECONDS) s)"
	@$(FUZZ_CFG) -max_total_time=$(CFG_FUZZ_SECONDS) -timeout=10 -rss_limit_mb=1024 \
		-max_len=4096 -print_final_stats=1 -artifact_prefix=$(BUILD)/fuzz/crash-cfg- \
		$(BUILD)/fuzz/corpus_cfg > $(BUILD)/fuzz/fuzz_cfg.log 2>&1 \
		|| { tail -n 60 $(BUILD)/fuzz/fuzz_cfg.log; exit 1; }
	@runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $(BUILD)/fuzz/fuzz_cfg.log); \
		echo "fuzz-cfg: $$runs inputs in $(CFG_FUZZ_SECONDS) s, no crash"
fuzz-cfg-smoke:
	@$(MAKE) --no-print-directory fuzz-cfg CFG_FUZZ_SECONDS=20
