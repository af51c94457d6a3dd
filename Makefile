# xeno top-level build. `make` (alias `make world`) builds into install/.
BUILD ?= build
export BUILD

.PHONY: all world
all world:
	@echo "(hypervisor build not yet wired)"

include tests/unit/rules.mak
