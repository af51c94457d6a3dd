/*
 * libxguest: page tables pinned while a live stream still runs (restore.c,
 * restore_prepin.c), the pure part (prepin.c, host-tested in
 * tests/test_prepin.c): what a page sent again after the pins does,
 * which entries of a table sent again differ from the frame's, and a
 * PAGE_DELTA applied to copies of pages that cannot be written yet.
 */
#ifndef TOOLS_LIBS_GUEST_XPREPIN_H
#define TOOLS_LIBS_GUEST_XPREPIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Per pfn, its frame's pin made at the SYNC. */
enum xs_pinned {
	XS_PINNED_NO,	 /* none (or every pin undone) */
	XS_PINNED_YES,	 /* pinned, its type as sent then */
	XS_PINNED_UNPIN, /* pinned, since sent as another type: unpinned at the END */
};

enum xs_resend {
	XS_RESEND_WRITE, /* written now (a mapping refused: kept for the END instead) */
	XS_RESEND_DIFF,	 /* a table: at the END, its changed entries by mmu_update */
	XS_RESEND_LATE,	 /* its frame unpinned at the END, then written whole */
	XS_RESEND_DROP	 /* no data: its frame unpinned at the END, nothing written */
};

/* A page sent again after the pins: its last type (old), its new one
 * (data: whether it carries a page) and its pin (*pinned, moved to
 * XS_PINNED_UNPIN when its type changes). A pinned table keeps its pin only
 * with the very same type (level and pin bit); a table of the same level
 * as before, pinned or not, is diffed (its frame may be typed through a
 * pinned tree); anything else is written at once. */
enum xs_resend xs_resend_action(unsigned int old_type, unsigned int new_type, bool data,
				enum xs_pinned *pinned);

/* The entries of a level-`level` table (want, localised) that differ from
 * the frame's (cur): their indexes into idx (512 at most), ascending; an
 * L4's hypervisor slots (256..271, the hypervisor's once pinned) are left out. */
unsigned int xs_pt_diff(const uint64_t *cur, const uint64_t *want, unsigned int level,
			uint16_t *idx);

/* A PAGE_DELTA record (body, len; its n entries already checked by
 * xs_delta_record_pfns) applied to copies rather than in place, for pages
 * whose frames refuse a writable mapping while tables are pinned: entry
 * i's base is waiting[i] (its copy kept for the END) if not NULL, else
 * frames + i * XS_PAGE (its frame, read through a read-only mapping); the
 * results into out (n pages), and each waiting copy replaced by its result
 * only once the whole record applied. 0, or -EINVAL with the reason in err
 * (a bad code, a hash mismatch): then frames and waiting are as they were. */
int xs_delta_apply_copy(const uint8_t *body, uint32_t len, uint64_t p2m_size, const uint8_t *sent,
			const uint8_t *frames, uint8_t *const *waiting, uint32_t n, uint8_t *out,
			char *err, size_t errlen);

/* The END's pins once tables were pinned at the SYNC: of the n pfns of
 * since (each pfn whose pin may have changed, once or more), those of a
 * pinned type (types[], the stream's) not pinned (pinned[] not
 * XS_PINNED_YES, which each one listed becomes: listed once), into out,
 * L4s first, then L3s, L2s, L1s; their count. */
uint32_t xs_end_pins(const uint8_t *types, uint8_t *pinned, const uint64_t *since, uint32_t n,
		     uint64_t *out);

#endif /* TOOLS_LIBS_GUEST_XPREPIN_H */
