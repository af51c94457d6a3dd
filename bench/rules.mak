# Benchmarks: guests under bench/guests/<name>/ built with the test-guest
# runtime into $(BUILD)/bench/<name>, and bench/linux-init (a static /init
# for the Linux boot and dom0 process figures, and the /true it execs) into
# $(BUILD)/bench/linux-init and linux-true; bench/run.py
# runs them on xeno, Xen 4.17 and bare QEMU and writes docs/performance.md.
#   make bench [N=5] [SMP=1]  full run (writes docs/performance.md)
#   make bench-quick          one repetition, nothing written (part of make test)
BENCH_NAMES := $(notdir $(patsubst %/,%,$(dir $(wildcard bench/guests/*/main.c))))
BENCH_IMAGES := $(addprefix $(BUILD)/bench/,$(BENCH_NAMES))
N ?= 5
SMP ?= 1
BENCH_INIT := $(BUILD)/bench/linux-init
BENCH_TRUE := $(BUILD)/bench/linux-true

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

BENCH_INIT_CFLAGS := -std=gnu11 -O2 -static -nostdlib -fno-pie -no-pie -ffreestanding \
	-fno-stack-protector -fcf-protection=none -Wall -Wextra -Werror \
	-Wstrict-prototypes -Wmissing-prototypes

$(BENCH_INIT): bench/linux-init/init.c bench/linux-init/procbench.c bench/linux-init/sys.h \
		bench/rules.mak
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(BENCH_INIT_CFLAGS) -o $@ $(filter %.c,$^)

# /true beside /init: the program the fork+execve figure runs.
$(BENCH_TRUE): bench/linux-init/true.c bench/rules.mak
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(BENCH_INIT_CFLAGS) -o $@ $<

.PHONY: bench bench-quick
all world: $(BENCH_IMAGES) $(BENCH_INIT) $(BENCH_TRUE)

bench: world guests
	@scripts/fetch-debian.sh xen linux
	@/usr/bin/python3 bench/run.py --reps $(N) --smp $(SMP) --write docs/performance.md \
		--command "make bench N=$(N) SMP=$(SMP)"

bench-quick: world
	@/usr/bin/python3 bench/run.py --reps 1 --quick

-include $(patsubst %.o,%.d,$(foreach b,$(BENCH_NAMES),$(call bench_objs,$(b))))
