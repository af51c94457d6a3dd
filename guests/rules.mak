# Test guests: guests/runtime (the runtime) linked with each guests/tests/<name>/
# into $(BUILD)/guests/<name>, a PV kernel that prints one verdict line.
#   make guests           build them all
#   make test-guests      run them on xeno (pytest, tests/guests)
#   make test-reference   run them, and the smoke kernels, on Debian's Xen 4.17
GUEST_BUILD := $(BUILD)/guests
GUEST_CFLAGS := -std=gnu11 -O2 -g -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-ffreestanding -fno-pic -mcmodel=kernel -mno-red-zone -mgeneral-regs-only \
	-fno-stack-protector -fcf-protection=none -fno-asynchronous-unwind-tables \
	-Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
	-Iguests/include -Iinclude -MMD -MP
# The hypervisor's freestanding string and formatting code serves guests too.
GUEST_SHARED_SRCS := hypervisor/lib/string.c hypervisor/lib/vsnprintf.c
GUEST_RT_SRCS := $(wildcard guests/runtime/*.c guests/runtime/*.S) $(GUEST_SHARED_SRCS)
GUEST_RT_OBJS := $(patsubst %,$(GUEST_BUILD)/%.o,$(basename $(GUEST_RT_SRCS)))
GUEST_NAMES := $(notdir $(patsubst %/,%,$(dir $(wildcard guests/tests/*/main.c))))
GUEST_IMAGES := $(addprefix $(GUEST_BUILD)/,$(GUEST_NAMES))

$(GUEST_BUILD)/guests/%.o: guests/%.c guests/rules.mak
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(GUEST_CFLAGS) -c -o $@ $<

$(GUEST_BUILD)/hypervisor/lib/%.o: hypervisor/lib/%.c guests/rules.mak
	@mkdir -p $(dir $@)
	@echo "  CC      $< (guest)"
	@$(CC) $(GUEST_CFLAGS) -Ihypervisor/include -c -o $@ $<

$(GUEST_BUILD)/guests/%.o: guests/%.S guests/rules.mak
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(GUEST_CFLAGS) -D__ASSEMBLY__ -c -o $@ $<

guest_objs = $(patsubst %,$(GUEST_BUILD)/%.o,$(basename $(wildcard guests/tests/$(1)/*.c guests/tests/$(1)/*.S)))

define guest_rule
$(GUEST_BUILD)/$(1): $(GUEST_RT_OBJS) $(call guest_objs,$(1)) guests/runtime/guest.lds
	@echo "  LD      $$@"
	@$(LD) -T guests/runtime/guest.lds -z max-page-size=4096 --no-warn-rwx-segments \
		-o $$@ $(GUEST_RT_OBJS) $(call guest_objs,$(1))
endef
$(foreach g,$(GUEST_NAMES),$(eval $(call guest_rule,$(g))))

.PHONY: guests test-guests test-reference
guests: $(GUEST_IMAGES)
all world: guests

test-guests: world
	@/usr/bin/python3 -m pytest -q -rfE -p no:cacheprovider tests/guests

test-reference: world
	@/usr/bin/python3 -m pytest -q -rfE -p no:cacheprovider tests/reference

-include $(patsubst %.o,%.d,$(GUEST_RT_OBJS) $(foreach g,$(GUEST_NAMES),$(call guest_objs,$(g))))

# 10^8 hypercall-fuzzer calls in chunks of 10^6, each with a fresh seed
# (not in make test); a failing seed lands in guests/tests/hcfuzz/seeds.inc.
.PHONY: fuzz-long
fuzz-long: world
	@/usr/bin/python3 tests/guests/fuzz_long.py $(FUZZ_CALLS) $(FUZZ_CHUNK)
