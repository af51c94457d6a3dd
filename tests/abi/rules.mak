# Guest-ABI header checks (include/public/).
#
# Included from the top-level Makefile, or standalone from the repo root:
#   make -f tests/abi/rules.mak BUILD=build abi-check
#
# abi-check:
#   (a) compiles every public header on its own (and included twice, to
#       test the include guard) as strict C89, C11, C++11 and as assembly
#       (constants only), all with -Werror;
#   (b) compiles tests/abi/check_layout.c and check_constants.c, whose
#       static assertions pin the size, alignment and member offsets of
#       every ABI structure and the value of every ABI constant (x86_64).
#       Both were generated once from measurements of Xen's headers;
#       check_hv_names.c tests the XENO_PUBLIC_GUEST_USER_REGS rename;
#       check_domctl.c and check_sysctl.c pin the toolstack interfaces;
#   (c) checks that the tables of docs/abi.md are what the hypercall list
#       (hypervisor/include/xeno/hypercalls.def) gives: regenerate them
#       with tools/build/abi-doc.py.
# Outputs go to $(BUILD)/abi/.

BUILD ?= build

ABI_CC  ?= gcc
ABI_CXX ?= g++
ABI_CLANG ?= $(shell command -v clang 2>/dev/null)

ABI_OUT  := $(BUILD)/abi
ABI_HDRS := $(sort $(wildcard include/public/*.h include/public/*/*.h \
                              include/public/*/*/*.h))

ABI_WARN   := -Wall -Wextra -Werror -Wundef -Wshadow
ABI_CWARN  := $(ABI_WARN) -pedantic-errors -Wstrict-prototypes
ABI_CXXWARN := $(ABI_WARN) -pedantic-errors

ABI_MODES := c89 c11 cxx11 asm
ABI_HDR_OBJS := $(foreach m,$(ABI_MODES), \
    $(patsubst include/public/%.h,$(ABI_OUT)/$(m)/%.o,$(ABI_HDRS)))

ABI_CHECKS := check_layout check_constants check_hv_names check_domctl check_sysctl
ABI_LAYOUT_OBJS := $(patsubst %,$(ABI_OUT)/%.o,$(ABI_CHECKS))
ifneq ($(ABI_CLANG),)
ABI_LAYOUT_OBJS += $(patsubst %,$(ABI_OUT)/%.clang.o,$(ABI_CHECKS))
endif

# Each header is included twice (include-guard check) into a translation
# unit of its own, fed on stdin.
ABI_TU_C   = printf '\#include "%s"\n\#include "%s"\ntypedef int xeno_abi_tu;\n' $< $<
ABI_TU_ASM = printf '\#include "%s"\n\#include "%s"\n' $< $<

$(ABI_OUT)/c89/%.o: include/public/%.h $(ABI_HDRS)
	@mkdir -p $(@D)
	$(ABI_TU_C) | $(ABI_CC) -std=c89 $(ABI_CWARN) -I. -x c -c - -o $@

$(ABI_OUT)/c11/%.o: include/public/%.h $(ABI_HDRS)
	@mkdir -p $(@D)
	$(ABI_TU_C) | $(ABI_CC) -std=c11 $(ABI_CWARN) -I. -x c -c - -o $@

$(ABI_OUT)/cxx11/%.o: include/public/%.h $(ABI_HDRS)
	@mkdir -p $(@D)
	$(ABI_TU_C) | $(ABI_CXX) -std=c++11 $(ABI_CXXWARN) -I. -x c++ -c - -o $@

$(ABI_OUT)/asm/%.o: include/public/%.h $(ABI_HDRS)
	@mkdir -p $(@D)
	$(ABI_TU_ASM) | $(ABI_CC) -Werror -I. -x assembler-with-cpp -c - -o $@

$(ABI_OUT)/%.o: tests/abi/%.c $(ABI_HDRS)
	@mkdir -p $(@D)
	$(ABI_CC) -std=c11 $(ABI_CWARN) -Iinclude -c $< -o $@

$(ABI_OUT)/%.clang.o: tests/abi/%.c $(ABI_HDRS)
	@mkdir -p $(@D)
	$(ABI_CLANG) -std=c11 $(ABI_CWARN) -Iinclude -c $< -o $@

.PHONY: abi-check
abi-check: $(ABI_HDR_OBJS) $(ABI_LAYOUT_OBJS)
	@/usr/bin/python3 tools/build/abi-doc.py --check docs/abi.md
	@echo "abi-check: $(words $(ABI_HDRS)) headers x $(words $(ABI_MODES)) modes OK;" \
	      "layout and constant assertions OK; docs/abi.md matches the hypercall list"
