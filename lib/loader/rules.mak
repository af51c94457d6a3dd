# Kernel-image loaders (ELF notes, bzImage, XZ, gzip): one library, built
# freestanding into the hypervisor (its sources are in HV_DIRS) and hosted
# into unit tests and, later, the toolstack's domain builder. Its public
# headers are lib/loader/include/loader/*.h; loader/env.h is all it needs
# from its environment.
#   make loader-host-check   every loader source compiled by the host
#                            compiler (hosted, -Werror) into a static library
LOADER_DIRS := lib/loader lib/loader/xz
LOADER_SRCS := $(foreach d,$(LOADER_DIRS),$(wildcard $(d)/*.c))
LOADER_HDRS := $(wildcard lib/loader/include/loader/*.h lib/loader/*.h lib/loader/xz/*.h)
LOADER_HOST_CC ?= gcc
LOADER_HOST_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-unused-parameter -Ilib/loader/include -Iinclude
LOADER_HOST_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(LOADER_SRCS))
LOADER_HOST_LIB := $(BUILD)/host/libloader.a

$(BUILD)/host/lib/loader/%.o: lib/loader/%.c $(LOADER_HDRS) lib/loader/rules.mak
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	@$(LOADER_HOST_CC) $(LOADER_HOST_CFLAGS) -c -o $@ $<

$(LOADER_HOST_LIB): $(LOADER_HOST_OBJS)
	@rm -f $@
	@ar rcs $@ $^

.PHONY: loader-host-check
loader-host-check: $(LOADER_HOST_LIB)
	@echo "loader: $(words $(LOADER_SRCS)) sources built hosted into $(LOADER_HOST_LIB)"
