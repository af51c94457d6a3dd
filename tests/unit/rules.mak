# Host unit tests (cmocka, ASan + UBSan).
#
# Each test is declared by a fragment tests/unit/<name>.mk:
#   UNIT_TESTS += <name>
#   UT_SRCS_<name> := tests/unit/test_<name>.c hypervisor/lib/foo.c ...  (or $(LOADER_SRCS))
#   UT_LDLIBS_<name> := -llzma            (optional)
#   UT_DEPS_<name> := hypervisor/common/foo.c  (optional: #included sources)
# It builds to build/unit/<name> and `make unit-test` runs them all.

UT_CC ?= gcc
UT_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -DXENO_HOST_TEST -DXENO_DEBUG \
	-Itests/unit/include -Ihypervisor/include -Ihypervisor/arch/x86/include -Iinclude \
	-Ilib/loader/include
UT_LDFLAGS := -fsanitize=address,undefined

UNIT_TESTS :=
include $(sort $(wildcard tests/unit/*.mk))

UT_BINS := $(addprefix $(BUILD)/unit/,$(UNIT_TESTS))

define ut_rule
$(BUILD)/unit/$(1): $$(UT_SRCS_$(1)) $$(UT_DEPS_$(1)) $$(wildcard tests/unit/include/*/*.h) \
		tests/unit/rules.mak | $(BUILD)/unit
	$$(UT_CC) $$(UT_CFLAGS) $$(UT_CFLAGS_$(1)) -o $$@ $$(UT_SRCS_$(1)) $$(UT_LDFLAGS) -lcmocka $$(UT_LDLIBS_$(1))
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call ut_rule,$(t))))

$(BUILD)/unit:
	mkdir -p $@

.PHONY: unit-test
# Counts cmocka test cases; a binary that crashes or prints no summary counts
# as one failure. The loader library's hosted build (loader-host-check, not
# sanitized, as a tool would build it) counts as one case.
unit-test: $(UT_BINS)
	@pass=0; fail=0; \
	if $(MAKE) --no-print-directory loader-host-check >$(BUILD)/unit/loader-host-check.log 2>&1; \
	then pass=1; echo "  PASS loader-host-check (1)"; \
	else fail=1; echo "  FAIL loader-host-check"; tail -n 40 $(BUILD)/unit/loader-host-check.log; fi; \
	for t in $(UT_BINS); do \
		$$t >$$t.log 2>&1; rc=$$?; \
		p=$$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' $$t.log | tail -1); \
		f=$$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' $$t.log | tail -1); \
		p=$${p:-0}; f=$${f:-0}; \
		if [ $$rc -ne 0 ] && [ $$f -eq 0 ]; then f=1; fi; \
		pass=$$((pass+p)); fail=$$((fail+f)); \
		if [ $$f -eq 0 ]; then echo "  PASS $$t ($$p)"; \
		else echo "  FAIL $$t"; tail -n 40 $$t.log; fi; \
	done; \
	echo "unit: $$pass passed, $$fail failed"; [ $$fail -eq 0 ]
