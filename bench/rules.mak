# Benchmarks: guests under bench/guests/<name>/ built with the test-guest
# runtime into $(BUILD)/bench/<name>; bench/run.py runs them on xeno and on
# Xen 4.17 (and Linux dom0 boots) and writes docs/performance.md.
#   make bench          full run (N=5 repetitions, writes docs/performance.md)
#   make bench-quick    one repetition, nothing written (part of make test)
BENCH_NAMES := $(notdir $(patsubst %/,%,$(dir $(wildcard bench/guests/*/main.c))))
BENCH_IMAGES := $(addprefix $(BUILD)/bench/,$(BENCH_NAMES))
N ?= 5

bench_objs = $(patsubst %,$(GUEST_BUILD)/%.o,$(basename $(wildcard bench/guests/$(1)/*.c)))

$(GUEST_BUILD)/bench/%.o: bench/%.c bench/rules.mak
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(GUEST_CFLAGS) -c -o $@ $<

define bench_rule
$(BUILD)/bench/$(1): $(GUEST_RT_OBJS) $(call bench_objs,$(1)) guests/runtime/guest.lds
	@mkdir -p $$(dir $$@)
	@echo "  LD      $$@"
	@$(LD) -T guests/runtime/guest.lds -z max-page-size=4096 --no-warn-rwx-segments \
		-o $$@ $(GUEST_RT_OBJS) $(call bench_objs,$(1))
endef
$(foreach b,$(BENCH_NAMES),$(eval $(call bench_rule,$(b))))

.PHONY: bench bench-quick
all world: $(BENCH_IMAGES)

bench: world
	@/usr/bin/python3 bench/run.py --reps $(N) --write docs/performance.md

bench-quick: world
	@/usr/bin/python3 bench/run.py --reps 1 --quick

-include $(patsubst %.o,%.d,$(foreach b,$(BENCH_NAMES),$(call bench_objs,$(b))))
