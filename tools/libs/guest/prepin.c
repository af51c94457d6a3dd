/*
 * libxguest: the pure part of pinning a live stream's page tables before
 * its END (xprepin.h). Invariants: no I/O, no allocation; a decision names
 * a diff only for a page that is a table before and after, of one level,
 * so an mmu_update of its entries leaves the frame as a plain write would
 * (entries the pins' validation adjusted are equal again once adjusted);
 * a PAGE_DELTA applied to copies changes nothing it was given but out
 * before the whole record has applied and every hash matched.
 */
#include <string.h>

#include "xdelta.h"
#include "xprepin.h"
#include "xstream.h"

#define XEN_L4_FIRST 256
#define XEN_L4_LAST 271

enum xs_resend xs_resend_action(unsigned int old_type, unsigned int new_type, bool data,
				enum xs_pinned *pinned)
{
	unsigned int lo = xs_type_level(old_type), ln = xs_type_level(new_type);

	if (*pinned == XS_PINNED_YES && old_type == new_type && ln && data)
		return XS_RESEND_DIFF;
	if (*pinned != XS_PINNED_NO) {
		*pinned = XS_PINNED_UNPIN;
		return data ? XS_RESEND_LATE : XS_RESEND_DROP;
	}
	return data && lo && lo == ln ? XS_RESEND_DIFF : XS_RESEND_WRITE;
}

unsigned int xs_pt_diff(const uint64_t *cur, const uint64_t *want, unsigned int level,
			uint16_t *idx)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < 512; i++) {
		if (level == 4 && i >= XEN_L4_FIRST && i <= XEN_L4_LAST)
			continue;
		if (cur[i] != want[i])
			idx[n++] = (uint16_t)i;
	}
	return n;
}

int xs_delta_apply_copy(const uint8_t *body, uint32_t len, uint64_t p2m_size, const uint8_t *sent,
			const uint8_t *frames, uint8_t *const *waiting, uint32_t n, uint8_t *out,
			char *err, size_t errlen)
{
	int rc;

	for (uint32_t i = 0; i < n; i++)
		memcpy(out + (size_t)i * XS_PAGE,
		       waiting[i] ? waiting[i] : frames + (size_t)i * XS_PAGE, XS_PAGE);
	if ((rc = xs_delta_record_apply(body, len, p2m_size, sent, out, err, errlen)))
		return rc;
	for (uint32_t i = 0; i < n; i++)
		if (waiting[i])
			memcpy(waiting[i], out + (size_t)i * XS_PAGE, XS_PAGE);
	return 0;
}

uint32_t xs_end_pins(const uint8_t *types, uint8_t *pinned, const uint64_t *since, uint32_t n,
		     uint64_t *out)
{
	uint32_t m = 0;

	for (unsigned int level = 4; level >= 1; level--)
		for (uint32_t i = 0; i < n; i++) {
			uint64_t pfn = since[i];

			if ((types[pfn] & XS_PIN) && xs_type_level(types[pfn]) == level &&
			    pinned[pfn] != XS_PINNED_YES) {
				pinned[pfn] = XS_PINNED_YES;
				out[m++] = pfn;
			}
		}
	return m;
}
