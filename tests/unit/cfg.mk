# The xl.cfg parser and the disk/vif spec parsers (tools/libs/cfg).
include tools/libs/cfg/sources.mk
UNIT_TESTS += cfg_parse cfg_spec
UT_SRCS_cfg_parse := tools/libs/cfg/tests/test_cfg.c $(XCFG_SRCS)
UT_SRCS_cfg_spec := tools/libs/cfg/tests/test_spec.c $(XCFG_SRCS)
UT_CFLAGS_cfg_parse := -Itools/libs/cfg
UT_CFLAGS_cfg_spec := -Itools/libs/cfg
$(addprefix $(BUILD)/unit/,cfg_parse cfg_spec): $(wildcard tools/libs/cfg/*.h)
