# xend: the API core (framing, dispatch, commands, state files: host-tested
# on a fake backend), the daemon's backend and loop, and libxend.
XEND_CORE_SRCS := $(addprefix tools/xend/,frame.c dispatch.c cmds.c cmds_tune.c cmds_save.c \
	savecfg.c \
	cmds_vcpu.c cmds_dev.c state.c util.c reloc.c)
XEND_LIB_SRCS := $(addprefix tools/xend/,manage.c reap.c server.c create.c domains.c \
	lifecycle.c nodes.c devnodes.c devices.c devspec.c tune.c save.c vcpu.c migrate.c relocd.c)
