# libxcfg: the xl.cfg parser and the disk/vif spec parsers (no I/O but xcfg_parse_file).
XCFG_SRCS := $(addprefix tools/libs/cfg/,parse.c access.c spec.c disk.c vif.c)
