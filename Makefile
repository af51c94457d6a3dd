# xeno top-level build.
#   make / make world   build everything into install/
#   make run            boot xeno under QEMU (serial on this terminal)
#   make run-xl         the same with the dom0 image: Xen 4.17's xl in dom0
#   make test           unit tests, ABI checks, boot tests (summary line at the end)
.DEFAULT_GOAL := all
BUILD ?= build
INSTALL ?= install
export BUILD

CC := gcc
LD := ld
NM := nm
OBJCOPY := objcopy
HV_BUILD := $(BUILD)/hypervisor
# DEBUG=1 (the default, used by make test, run and bench): ASSERT()s are
# checked (XENO_DEBUG). DEBUG=0 compiles them out. Changing it rebuilds.
DEBUG ?= 1
HV_CONFIG := $(HV_BUILD)/config.stamp
$(shell mkdir -p $(HV_BUILD) && { echo 'DEBUG=$(DEBUG)' | cmp -s - $(HV_CONFIG) || \
	echo 'DEBUG=$(DEBUG)' > $(HV_CONFIG); })

HV_CFLAGS := -std=gnu11 -O2 -g -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-ffreestanding -fpie -fvisibility=hidden -include hypervisor/include/xeno/visibility.h \
	-mno-red-zone -mgeneral-regs-only \
	-fno-stack-protector -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-fcf-protection=none -fno-strict-aliasing -fno-common \
	-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-unused-parameter -Wno-address-of-packed-member \
	-Ihypervisor/include -Ihypervisor/arch/x86/include -I$(HV_BUILD)/include -Iinclude \
	-Ilib/loader/include \
	-DXENO_PUBLIC_GUEST_USER_REGS -MMD -MP $(if $(filter 1,$(DEBUG)),-DXENO_DEBUG)
HV_ASFLAGS := $(filter-out -std=gnu11,$(HV_CFLAGS)) -D__ASSEMBLY__
HV_LDFLAGS := -nostdlib -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments \
	--build-id=none

# LOADER_DIRS: the image loaders, shared with host tools (lib/loader/rules.mak).
include lib/loader/rules.mak
HV_DIRS := hypervisor/common hypervisor/lib hypervisor/arch/x86 \
	$(addprefix hypervisor/arch/x86/,boot cpu platform smp mm pv emulate) $(LOADER_DIRS)
HV_EXCLUDE := hypervisor/arch/x86/asm-offsets.c hypervisor/arch/x86/xeno.lds.S
HV_SRCS := $(filter-out $(HV_EXCLUDE),$(foreach d,$(HV_DIRS),$(wildcard $(d)/*.c $(d)/*.S)))
HV_OBJS := $(patsubst %,$(BUILD)/%.o,$(basename $(HV_SRCS)))
ASM_OFFSETS := $(HV_BUILD)/include/asm-offsets.h

.PHONY: all world hypervisor
all world: hypervisor

hypervisor: $(INSTALL)/boot/xeno

# Its own dependency file: a structure's layout changed in a header must
# regenerate the offsets that the assembly uses.
$(ASM_OFFSETS): hypervisor/arch/x86/asm-offsets.c
	@mkdir -p $(dir $@)
	@$(CC) $(filter-out -MMD -MP,$(HV_CFLAGS)) -MMD -MP -MT $@ -MF $@.d -S -o $@.s $<
	@sed -n 's/^->\([A-Za-z0-9_]*\) \$$\?\(.*\)/#define \1 \2/p' $@.s > $@.tmp
	@mv $@.tmp $@

$(BUILD)/%.o: %.c Makefile $(HV_CONFIG) | $(ASM_OFFSETS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(HV_CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.S Makefile $(HV_CONFIG) | $(ASM_OFFSETS)
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(HV_ASFLAGS) -c -o $@ $<

$(HV_BUILD)/xeno.lds: hypervisor/arch/x86/xeno.lds.S hypervisor/arch/x86/include/asm/config.h
	@mkdir -p $(dir $@)
	@$(CC) -E -P -D__ASSEMBLY__ -Ihypervisor/arch/x86/include -x c -o $@ $<

# Three links: without symbols, with pass-1 symbols, and a check that the
# table describes the image it is in (text addresses do not move).
$(HV_BUILD)/xeno-syms: $(HV_OBJS) $(HV_BUILD)/xeno.lds tools/build/gensymbols.sh
	@tools/build/gensymbols.sh $(NM) /dev/null > $(HV_BUILD)/symbols0.S
	@$(CC) $(HV_ASFLAGS) -c -o $(HV_BUILD)/symbols0.o $(HV_BUILD)/symbols0.S
	@$(LD) $(HV_LDFLAGS) -T $(HV_BUILD)/xeno.lds -o $@.0 $(HV_OBJS) $(HV_BUILD)/symbols0.o
	@tools/build/gensymbols.sh $(NM) $@.0 > $(HV_BUILD)/symbols1.S
	@$(CC) $(HV_ASFLAGS) -c -o $(HV_BUILD)/symbols1.o $(HV_BUILD)/symbols1.S
	@echo "  LD      $@"
	@$(LD) $(HV_LDFLAGS) -T $(HV_BUILD)/xeno.lds -o $@.1 $(HV_OBJS) $(HV_BUILD)/symbols1.o
	@tools/build/gensymbols.sh $(NM) $@.1 > $(HV_BUILD)/symbols2.S
	@cmp -s $(HV_BUILD)/symbols1.S $(HV_BUILD)/symbols2.S || \
		{ echo "symbol table unstable between link passes" >&2; exit 1; }
	@mv $@.1 $@

$(INSTALL)/boot/xeno: $(HV_BUILD)/xeno-syms
	@mkdir -p $(dir $@)
	@cp $< $(INSTALL)/boot/xeno-syms
	@$(OBJCOPY) --strip-all $< $@
	@size=$$(stat -c %s $@); echo "xeno image: $$size bytes"; \
		[ $$size -lt 1048576 ] || { echo "image over 1 MiB" >&2; exit 1; }

-include $(HV_OBJS:.o=.d) $(ASM_OFFSETS).d

# --- the smallest PV kernel, for boot tests ------------------------------
PV_SMOKE := $(BUILD)/tests/pv-smoke
$(PV_SMOKE): tests/boot/pv-smoke/smoke.S tests/boot/pv-smoke/smoke.lds
	@mkdir -p $(dir $@)
	@$(CC) -c -o $@.o $<
	@$(LD) -T tests/boot/pv-smoke/smoke.lds -z max-page-size=4096 --no-warn-rwx-segments -o $@ $@.o
PV_TRAPS := $(BUILD)/tests/pv-traps
$(PV_TRAPS): tests/boot/pv-smoke/traps.c tests/boot/pv-smoke/smoke.lds
	@mkdir -p $(dir $@)
	@$(CC) -c -O2 -ffreestanding -fno-pic -mcmodel=kernel -mno-red-zone -mgeneral-regs-only \
		-fno-stack-protector -fcf-protection=none -Wall -Wextra -Werror -o $@.o $<
	@$(LD) -T tests/boot/pv-smoke/smoke.lds -z max-page-size=4096 --no-warn-rwx-segments -o $@ $@.o
all world: $(PV_SMOKE) $(PV_TRAPS)

# --- running and testing -------------------------------------------------
QEMU_RUN := qemu-system-x86_64 -machine q35 -cpu max -smp 2 -m 1G -nographic -no-reboot
RUN_APPEND ?= console=com1 com1=115200

.PHONY: deps run run-xl test test-toolstack check-format format
deps:
	@scripts/install-deps.sh

# make run: xeno + Debian's kernel (the bzImage, as a boot loader hands it
# over) as dom0 + our busybox initrd, dropping into dom0's shell on hvc0.
# dom0 boots as on a real machine (ACPI and PCI on) and drives an e1000e NIC,
# eth0, on a QEMU hub port with nothing else on the hub: no host network.
# RUN_DOM0_ARGS: dom0's kernel options; RUN_MODULES: the modules its initrd
# loads (from scripts/fetch-debian.sh devices); RUN_QEMU_ARGS: devices.
CACHE ?= .cache/debian
RUN_DOM0_ARGS ?= console=hvc0
RUN_MODULES ?= xen-privcmd xenfs e1000e
RUN_QEMU_ARGS ?= -netdev hubport,id=n0,hubid=0 -device e1000e,netdev=n0,romfile=
run: deps world
	@scripts/fetch-debian.sh linux busybox devices && \
	scripts/mkinitrd.sh -o $(CACHE)/initrd-run.cpio.gz --modules $(CACHE)/linux-modules-hw \
		$(RUN_MODULES:%=--module %) >/dev/null
	@echo "xeno: booting Debian's Linux as dom0 under QEMU; this terminal is the console."
	@echo "      'exit' in the shell powers off. xeno's debug keys: Ctrl-a three times, which"
	@echo "      under QEMU is 'Ctrl-a a' three times (again to go back). Ctrl-a x quits QEMU."
	$(QEMU_RUN) -kernel $(INSTALL)/boot/xeno -append "$(RUN_APPEND) dom0_mem=512M" \
		-initrd "$(CACHE)/vmlinuz $(RUN_DOM0_ARGS) xeno.shell=1,$(CACHE)/initrd-run.cpio.gz" \
		$(RUN_QEMU_ARGS)

# make run-xl: the same, with the dom0 image (scripts/mkdom0.sh: Debian's Xen
# 4.17 toolstack, our init, /etc/xen/demo.cfg) instead of the test initrd.
# Boots the ELF vmlinux (the bzImage's XZ payload costs ~5 s of guest time).
# RUN_XL_ARGS: more dom0 kernel options, e.g. xeno.xenstored=c.
RUN_XL_ARGS ?=
run-xl: deps world
	@scripts/fetch-debian.sh linux busybox dom0 >/dev/null
	@img=$$(scripts/mkdom0.sh -q) && \
	echo "xeno: booting Debian's Linux as dom0 with the dom0 image (Xen 4.17's xl) under QEMU." && \
	echo "      'poweroff' or 'reboot' in the shell; Ctrl-a x quits QEMU." && \
	$(QEMU_RUN) -kernel $(INSTALL)/boot/xeno -append "$(RUN_APPEND) dom0_mem=512M" \
		-initrd "$(CACHE)/vmlinux $(strip $(RUN_DOM0_ARGS) $(RUN_XL_ARGS)),$$img"

# make test-toolstack: the dom0 image on Debian's Xen 4.17 (tests/toolstack).
test-toolstack: world
	@/usr/bin/python3 -m pytest -q -p no:cacheprovider tests/toolstack

test: deps world
	@scripts/test-all.sh

# make trace-linux: Debian's Linux dom0 boot to /init under icount with the
# hypervisor trace on; writes build/trace/linux.json (ui.perfetto.dev) and
# build/trace/linux-summary.txt (tools/trace/, docs/user-manual.md).
.PHONY: trace-linux
trace-linux: world
	@scripts/fetch-debian.sh linux >/dev/null
	@/usr/bin/python3 tools/trace/trace-linux.py

# One door between common and arch: common objects use arch only through
# the names xeno/arch.h and xeno/mm.h declare (run with the style suite).
.PHONY: check-arrows
check-arrows: $(HV_OBJS)
	@tools/build/check-arrows.sh $(NM) $(BUILD)

# Style: clang-format over our C sources (the public ABI headers included).
FORMAT_FILES = $(shell git ls-files '*.c' '*.h' | grep -E '^(hypervisor|lib|include|tests|guests|tools|bench)/')
check-format: check-arrows
	@clang-format --dry-run --Werror $(FORMAT_FILES) && echo "style: $(words $(FORMAT_FILES)) files formatted"

format:
	clang-format -i $(FORMAT_FILES)

.PHONY: clean
clean:
	rm -rf $(BUILD) $(INSTALL)

include guests/rules.mak
include bench/rules.mak
include tests/unit/rules.mak
include tests/abi/rules.mak
# Fuzzing (clang's libFuzzer; not part of `make test`): make fuzz, make fuzz-x86-emulate
include tests/fuzz/rules.mak
include tests/fuzz/x86_emulate.mak
include tools/rules.mak
