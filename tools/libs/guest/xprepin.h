/*
 * libxguest: page tables pinned while a live stream still runs (restore.c,
 * restore_prepin.c), the pure part (prepin.c, host-tested in
 * tests/test_prepin.c): what a page sent again after the pins does, and
 * which entries of a table sent again differ from the frame's.
 */
#ifndef TOOLS_LIBS_GUEST_XPREPIN_H
#define TOOLS_LIBS_GUEST_XPREPIN_H

#include <stdbool.h>
#include <stdint.h>

enum xs_resend {
	XS_RESEND_WRITE, /* written through a writable mapping, as before the pins */
	XS_RESEND_DIFF,	 /* a table of the same level: its changed entries by mmu_update */
	XS_RESEND_UNPIN	 /* a pinned table no longer the same: every pin undone first */
};

/* A page sent again: its last type (old), its new one, and whether its
 * frame was pinned. A pinned frame keeps its pin only with the very same
 * type (level and pin bit); a table sent as a table of the same level is
 * diffed (its frame may be typed through a pinned tree); else it is written. */
enum xs_resend xs_resend_action(unsigned int old_type, unsigned int new_type, bool pinned);

/* The entries of a level-`level` table (want, localised) that differ from
 * the frame's (cur): their indexes into idx (512 at most), ascending; an
 * L4's hypervisor slots (256..271, the hypervisor's once pinned) are left out. */
unsigned int xs_pt_diff(const uint64_t *cur, const uint64_t *want, unsigned int level,
			uint16_t *idx);

#endif /* TOOLS_LIBS_GUEST_XPREPIN_H */
