/*
 * libxguest: the saved domain's shared_info and p2m, read before its pages
 * (save.c). The p2m is found as libxc finds it: shared_info.arch gives its size
 * (max_pfn) and either the linear p2m (p2m_cr3, p2m_vaddr: its leaf
 * frames by a walk of the guest's page tables; Linux publishes it) or the
 * frame of a 3-level frame list (top -> mid -> p2m leaf frames). The leaf
 * frames are then made pfns (each must be in the p2m it holds) and the m2p
 * built, for save.c's canonical page tables and vCPU frames.
 *
 * Invariants: what the guest published is checked before it is used
 * (max_pfn against XS_P2M_MAX, the list's size, 4 KiB pages on the walk;
 * each frame's mapping is the hypervisor's check that it is the domain's);
 * frames are mapped read-only, and every mapping is dropped before return
 * but shared_info's, kept until save_unmap_shared_info.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "public/xen.h"
#include "save_private.h"
#include "../ctrl/xctrl.h"

int save_read_frames(struct saver *s, const uint64_t *mfns, size_t n, void *out)
{
	uint64_t t0 = xguest_now_ns();
	void *p = xcall_map_foreign_range_ro(s->c, s->domid, mfns, n);

	if (!p)
		return save_fail(s, -errno, "mapping the domain's frames");
	memcpy(out, p, n * XS_PAGE);
	xcall_unmap_range(s->c, p, n);
	s->t.maps++;
	s->t.map_ns += xguest_now_ns() - t0;
	return 0;
}

/* shared_info mapped at the first call and kept (a later read, the
 * stream's tail with the domain stopped, is a copy without a mapping). */
static int map_shared_info(struct saver *s)
{
	struct xen_domctl_getdomaininfo info;
	uint64_t t0 = xguest_now_ns();
	int rc;

	if (s->shinfo_map)
		return 0;
	if ((rc = xctrl_domain_info(s->c, s->domid, &info)))
		return save_fail(s, rc, "getdomaininfo");
	s->shinfo_map = xcall_map_foreign_range_ro(s->c, s->domid, &info.shared_info_frame, 1);
	if (!s->shinfo_map)
		return save_fail(s, -errno, "mapping the domain's shared_info");
	s->t.maps++;
	s->t.map_ns += xguest_now_ns() - t0;
	return 0;
}

void save_unmap_shared_info(struct saver *s)
{
	if (s->shinfo_map)
		xcall_unmap_range(s->c, s->shinfo_map, 1);
	s->shinfo_map = NULL;
}

int save_read_shared_info(struct saver *s)
{
	const struct shared_info *si = (const void *)s->shinfo;
	int rc = map_shared_info(s);

	if (rc)
		return rc;
	memcpy(s->shinfo, s->shinfo_map, XS_PAGE);
	s->p2m_size = si->arch.max_pfn;
	if (!s->p2m_size || s->p2m_size > XS_P2M_MAX) {
		snprintf(s->err, s->errlen, "the guest's p2m size (max_pfn %llu) is out of range",
			 (unsigned long long)s->p2m_size);
		return -EINVAL;
	}
	if (!si->arch.p2m_cr3 && (si->arch.pfn_to_mfn_frame_list_list == 0 ||
				  si->arch.pfn_to_mfn_frame_list_list >= MFN_LIMIT)) {
		snprintf(s->err, s->errlen, "the guest published no p2m frame list");
		return -EINVAL;
	}
	return 0;
}

/* The leaf frames of the p2m from the top and mid frames of the list. */
static int read_leaf_tree(struct saver *s)
{
	const struct shared_info *si = (const void *)s->shinfo;
	uint64_t nr_mid = (s->nr_leaves + 511) / 512, top[512], *mid;
	int rc = save_read_frames(s, &si->arch.pfn_to_mfn_frame_list_list, 1, top);

	if (rc)
		return rc;
	if (nr_mid > 512)
		return save_fail(s, -E2BIG, "p2m frame list");
	mid = malloc(nr_mid * XS_PAGE);
	if (!mid)
		return save_fail(s, -ENOMEM, "p2m frame list");
	rc = save_read_frames(s, top, nr_mid, mid);
	if (!rc)
		memcpy(s->leaves, mid, s->nr_leaves * 8);
	free(mid);
	return rc;
}

/* A walk of the guest's own page tables, one mapped table per level kept. */
struct walker {
	uint64_t mfn[4];
	uint64_t *page[4];
};

static int walk(struct saver *s, struct walker *w, uint64_t frame, uint64_t va, uint64_t *out)
{
	for (int lvl = 0; lvl < 4; lvl++) {
		uint64_t e;

		if (!w->page[lvl] || w->mfn[lvl] != frame) {
			if (w->page[lvl])
				xcall_unmap_range(s->c, w->page[lvl], 1);
			w->mfn[lvl] = frame;
			w->page[lvl] = xcall_map_foreign_range_ro(s->c, s->domid, &w->mfn[lvl], 1);
			if (!w->page[lvl])
				return save_fail(s, -errno, "mapping the guest's p2m page tables");
		}
		e = w->page[lvl][(va >> (39 - 9 * lvl)) & 511];
		if (!(e & 1) || (lvl > 0 && lvl < 3 && (e & 0x80))) {
			snprintf(s->err, s->errlen,
				 "the guest's linear p2m at %#llx is not mapped "
				 "by 4 KiB pages",
				 (unsigned long long)va);
			return -EINVAL;
		}
		frame = (e & 0x000ffffffffff000ull) >> 12;
	}
	*out = frame;
	return 0;
}

/* The leaf frames of the guest's linear p2m (p2m_cr3, p2m_vaddr), as libxc
 * prefers them when the guest publishes it; else the frame list tree. */
static int read_leaf_mfns(struct saver *s)
{
	const struct shared_info *si = (const void *)s->shinfo;
	struct walker w = {0};
	int rc = 0;

	if (!si->arch.p2m_cr3 || !si->arch.p2m_vaddr)
		return read_leaf_tree(s);
	for (uint64_t k = 0; !rc && k < s->nr_leaves; k++)
		rc = walk(s, &w, xen_cr3_to_pfn(si->arch.p2m_cr3), si->arch.p2m_vaddr + k * XS_PAGE,
			  &s->leaves[k]);
	for (int lvl = 0; lvl < 4; lvl++)
		if (w.page[lvl])
			xcall_unmap_range(s->c, w.page[lvl], 1);
	return rc;
}

int save_read_p2m(struct saver *s)
{
	uint64_t *pages;
	int rc;

	s->nr_leaves = (s->p2m_size + 511) / 512;
	s->leaves = malloc(s->nr_leaves * 8);
	pages = malloc(s->nr_leaves * XS_PAGE);
	if (!s->leaves || !pages) {
		free(pages);
		return save_fail(s, -ENOMEM, "p2m");
	}
	rc = read_leaf_mfns(s);
	if (!rc)
		rc = save_read_frames(s, s->leaves, s->nr_leaves, pages);
	s->p2m = pages; /* p2m_size entries of nr_leaves pages */
	if (!rc && xs_m2p_build(&s->m2p, s->p2m, s->p2m_size, MFN_LIMIT))
		rc = save_fail(s, -ENOMEM, "m2p");
	for (uint64_t k = 0; !rc && k < s->nr_leaves; k++) {
		s->leaves[k] = xs_m2p_lookup(&s->m2p, s->leaves[k]);
		if (s->leaves[k] == XS_INVALID_MFN)
			rc = save_fail(s, -EINVAL, "a p2m frame is not in the p2m");
	}
	for (uint64_t pfn = 0; pfn < s->p2m_size; pfn++)
		s->total += s->p2m[pfn] < MFN_LIMIT;
	return rc;
}
