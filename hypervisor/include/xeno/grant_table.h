/*
 * Grant tables, v1 (common/grant_table.c: the table, setup and queries;
 * common/grant_map.c: mappings; common/grant_copy.c: GNTTABOP_copy;
 * arch/x86/mm/grant_pv.c: the PTEs of host mappings).
 *
 * A domain's grant table has
 *  - shared frames: hypervisor pages owned by the domain (one general
 *    reference and one permanent writable type reference for its life, so
 *    they can never become page tables), holding grant_entry_v1 entries
 *    the guest writes;
 *  - active entries, one per grant reference: while pinned, the grantee's
 *    domid and the frame. Pins are held by mappings (until unmapped) and by
 *    copies (while they run);
 *  - a maptrack: the mappings this domain made of others' grants (or its
 *    own), named by handle: domid, ref and the GNTMAP_* flags still mapped.
 *
 * References: each host or device mapping holds one general reference on
 * the granted frame, plus a writable type reference unless read-only. They
 * belong to the mapping (the maptrack entry), not to the PTE: a host
 * mapping's PTE carries PAGE_GNTTAB, which the guest cannot write and which
 * makes the page-table code leave its references alone. So the references
 * on a domain's granted frames are, at any time, those its active entries'
 * pins count (mm_audit checks exactly that).
 *
 * Locking: a table's `lock` protects its frames, its active entries and
 * the flags of the maptrack entries (of any domain) that name them; the
 * `maptrack_lock` protects the maptrack's pages and free list. They do not
 * nest with each other; page-table locks nest inside `lock`. Frame
 * references are taken and dropped outside both.
 */
#ifndef XENO_GRANT_TABLE_H
#define XENO_GRANT_TABLE_H

#include <xeno/grant_entry.h>
#include <xeno/sched.h>
#include <xeno/spinlock.h>

#define GNTTAB_INITIAL_FRAMES 1
#define GNTTAB_MAX_FRAMES 64 /* Xen's default gnttab_max_frames */
#define GNTTAB_ENTRIES_PER_FRAME (PAGE_SIZE / sizeof(struct grant_entry_v1))
#define GNTTAB_MAPTRACK_FRAMES 256

struct active_grant_entry {
	u32 pin;       /* GNTPIN_* counters */
	domid_t domid; /* the grantee, while pinned */
	u16 pad;
	unsigned long mfn; /* the granted frame, while pinned */
};
#define GNTTAB_ACTIVE_PER_PAGE (PAGE_SIZE / sizeof(struct active_grant_entry))
#define GNTTAB_ACTIVE_PAGES (GNTTAB_MAX_FRAMES * GNTTAB_ENTRIES_PER_FRAME / GNTTAB_ACTIVE_PER_PAGE)
/* Refs below it (the console's 0 and xenstore's 1 among them) have their active entry inline. */
#define GNTTAB_ACTIVE_INLINE 28

struct grant_mapping {
	u32 flags;	 /* GNTMAP_* still mapped; 0: free */
	grant_ref_t ref; /* in the table of domid */
	domid_t domid;
	u16 pad;
	u32 next_free; /* free list link */
};
#define GNTTAB_MAPTRACK_PER_PAGE (PAGE_SIZE / sizeof(struct grant_mapping))
#define GNTTAB_NO_HANDLE (~0U)

struct grant_table {
	spinlock_t lock;
	unsigned int version; /* 1 */
	unsigned int nr_frames, max_frames;
	struct grant_entry_v1 *shared[GNTTAB_MAX_FRAMES];
	struct active_grant_entry *active[GNTTAB_ACTIVE_PAGES];
	struct active_grant_entry active_inline[GNTTAB_ACTIVE_INLINE];

	spinlock_t maptrack_lock;
	unsigned int maptrack_limit;	 /* handles below it exist */
	u32 maptrack_free;		 /* first free handle, or GNTTAB_NO_HANDLE */
	struct grant_mapping **maptrack; /* [GNTTAB_MAPTRACK_FRAMES], made on first map */
};

/* Give d its grant table (GNTTAB_INITIAL_FRAMES frames); 0 or -ENOMEM. */
int grant_table_init(struct domain *d);
/* XENMEM_acquire_resource: how many frames of table id d's table may have (0: none). */
unsigned int gnttab_resource_max_frames(const struct domain *d, unsigned int id);
/* The mfns of shared frames [frame, frame + nr) of d's table, grown to hold them; 0 or -errno. */
int gnttab_resource_frames(struct domain *d, u64 frame, unsigned int nr, xen_pfn_t *mfns);
/* d is being destroyed: end every mapping it holds of grants. */
void gnttab_release_mappings(struct domain *d);
/* d is dying: its shared frames lose d's own reference (others' mappings may keep them). */
void gnttab_put_shared(struct domain *d);
/* d is released: free its table (shared frames, active entries, maptrack). */
void grant_table_destroy(struct domain *d);

/* --- shared by common/grant_*.c ---------------------------------------- */
static inline unsigned int gnttab_nr_entries(const struct grant_table *gt)
{
	return gt->nr_frames * GNTTAB_ENTRIES_PER_FRAME;
}
static inline struct grant_entry_v1 *gnttab_shared_entry(struct grant_table *gt, grant_ref_t ref)
{
	return &gt->shared[ref / GNTTAB_ENTRIES_PER_FRAME][ref % GNTTAB_ENTRIES_PER_FRAME];
}
/*
 * Active entries of refs below GNTTAB_ACTIVE_INLINE live in the table (what
 * a domU with only its console and xenstore rings has pinned); the others
 * in pages made when an entry in their range is first pinned (a domain
 * whose grants nobody uses needs none). gnttab_active():
 * the entry of a pinned (or once pinned) ref; gnttab_active_peek(): NULL if
 * its page was never made; gnttab_active_get(): makes it (gt->lock held;
 * NULL if out of memory).
 */
static inline struct active_grant_entry *gnttab_active(struct grant_table *gt, grant_ref_t ref)
{
	if (ref < GNTTAB_ACTIVE_INLINE)
		return &gt->active_inline[ref];
	return &gt->active[ref / GNTTAB_ACTIVE_PER_PAGE][ref % GNTTAB_ACTIVE_PER_PAGE];
}

static inline struct active_grant_entry *gnttab_active_peek(struct grant_table *gt, grant_ref_t ref)
{
	struct active_grant_entry *page = gt->active[ref / GNTTAB_ACTIVE_PER_PAGE];

	if (ref < GNTTAB_ACTIVE_INLINE)
		return &gt->active_inline[ref];
	return page ? &page[ref % GNTTAB_ACTIVE_PER_PAGE] : NULL;
}

struct active_grant_entry *gnttab_active_get(struct grant_table *gt, grant_ref_t ref);
size_t gnttab_hv_bytes(const struct domain *d);
/* Of which the shared frames the guest sees (nr_frames pages). */
size_t gnttab_frame_bytes(const struct domain *d);
/* DOMID_SELF or an existing domain id (NULL if none): domain_target(TARGET_ANY_ID). */
struct domain *gnttab_domain_by_any_id(domid_t domid);
/* A general reference on frame mfn of d; false if it is not d's. */
static inline bool gnttab_get_frame(struct domain *d, unsigned long mfn)
{
	return get_domain_frame(d, _mfn(mfn));
}
static inline void gnttab_put_frame(struct domain *d, unsigned long mfn)
{
	put_domain_frame(d, _mfn(mfn));
}
/* A writable type reference on a frame of d the caller holds; false on a conflict. */
static inline bool gnttab_get_writable(struct domain *d, unsigned long mfn)
{
	return get_domain_frame_type(d, _mfn(mfn), PGT_writable_page);
}
static inline void gnttab_put_writable(struct domain *d, unsigned long mfn)
{
	put_domain_frame_type(d, _mfn(mfn));
}

long gnttab_map_grant_ref(u64 uop, unsigned int count);
long gnttab_unmap_grant_ref(u64 uop, unsigned int count);
long gnttab_unmap_and_replace(u64 uop, unsigned int count);
long gnttab_copy(u64 uop, unsigned int count);

/* --- mm_audit ---------------------------------------------------------- */
/* Call fn for every pinned active entry of d (references its pins stand for). */
void gnttab_for_each_pin(struct domain *d, void (*fn)(unsigned long mfn, u32 pin, void *arg),
			 void *arg);

/* Host mappings are arch hooks: arch_grant_map/replace/flush_tlb (xeno/arch.h). */

#endif
