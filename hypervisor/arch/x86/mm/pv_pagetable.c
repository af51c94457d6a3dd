/*
 * Guest page-table entries of 64-bit PV domains: which entries are legal,
 * the references a present entry holds (see asm/pv_mm.h), validation and
 * devalidation of whole tables for the frame type machine (page_type.c),
 * and pv_mod_entry(), the only way an entry of a validated table changes.
 *
 * Invariants: a validated table of domain d holds, for each present guest
 * entry, exactly the references pv_get_from_entry() took for it; entries
 * carry the hypervisor's forced bits (_PAGE_USER at every level); the L4's
 * hypervisor slots mirror idle_pg_table. Locking: updates of one table are
 * serialised by a hashed per-frame lock (so only the CPU's accessed/dirty
 * updates race with them, handled by cmpxchg); reference changes happen
 * outside it, except that a new upper entry's table failing validation
 * releases what it took (so an L1 can be devalidated under another
 * table's lock, maybe one in the same hashed slot). An updater holds a
 * type reference on the table, or (an L1 only: pv_set_l1e_unref) marks
 * the lock's slot with the table and checks that it is validated, which
 * devalidation clears before it waits for the mark to go (never for the
 * lock). Validation needs no lock: a frame being validated has no
 * writable mapping and no other updater.
 */
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/lib.h>
#include <xeno/logdirty.h>
#include <xeno/spinlock.h>
#include <xeno/string.h>
#include <xeno/bootinfo.h>
#include <xeno/setup.h>
#include <xeno/smp.h>
#include <asm/acpi.h>
#include <asm/config.h>
#include <asm/m2p.h>
#include <asm/pirq.h>
#include <asm/processor.h>
#include <public/xen.h>
#include <asm/pv_mm.h>

#define PAGE_AVAIL (0x7UL << 9)
#define PAGE_AVAIL_HIGH (0x7ffUL << 52)
#define PAGE_CACHE_ATTRS (_PAGE_PWT | _PAGE_PCD | _PAGE_PSE /* PAT in an L1 */)
#define GUEST_FLAGS                                                                          \
	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY | PAGE_AVAIL | \
	 _PAGE_NX)
#define AD_BITS (_PAGE_ACCESSED | _PAGE_DIRTY)

/* Bits (outside the address) a guest may set at each level. */
static u64 allowed_flags(const struct domain *d, unsigned int level)
{
	if (level > 1)
		return GUEST_FLAGS | PAGE_AVAIL_HIGH;
	return GUEST_FLAGS | _PAGE_GLOBAL | (PAGE_AVAIL_HIGH & ~PAGE_GNTTAB) |
	       (d->is_privileged ? PAGE_CACHE_ATTRS : 0);
}

static inline u64 entry_mfn(u64 e)
{
	return (e & PADDR_MASK) >> PAGE_SHIFT;
}

static bool is_guest_l4_slot(unsigned int idx)
{
	return idx < HYPERVISOR_SLOT_FIRST || idx > HYPERVISOR_SLOT_LAST;
}

int pv_get_page_and_type(struct domain *d, mfn_t mfn, unsigned long type)
{
	struct page_type_ops ops = pv_type_ops(d);
	struct page_info *pg;
	int rc;

	if (mfn_x(mfn) >= max_page)
		return -EINVAL;
	pg = mfn_to_page(mfn);
	if (!get_page(pg, page_owner_tag(d)))
		return -EINVAL;
	rc = get_page_type(pg, type, &ops);
	if (rc)
		put_page(pg, &ops);
	return rc;
}

void pv_put_page_and_type(struct domain *d, mfn_t mfn)
{
	struct page_type_ops ops = pv_type_ops(d);
	struct page_info *pg = mfn_to_page(mfn);

	put_page_type(pg, &ops);
	put_page(pg, &ops);
}

unsigned long pv_foreign_mappings; /* live L1 entries mapping another domain's frame */

/* The domain that owns pg (which holds references), usually hint. */
static struct domain *frame_owner(struct page_info *pg, struct domain *hint)
{
	return page_owned_by(pg, hint) ? hint : domain_by_owner(pg->owner);
}

/*
 * An L1 entry of d's maps a frame of pg_owner: d itself, or the domain a
 * privileged caller named (a foreign mapping; the references are on the
 * foreign frame, of its owner's kind).
 */
static inline __attribute__((always_inline)) int get_from_l1e(struct domain *d,
							      struct domain *pg_owner, u64 e)
{
	unsigned long mfn = entry_mfn(e);
	struct page_info *pg;

	if (mfn >= max_page || !get_page(mfn_to_page(_mfn(mfn)), page_owner_tag(pg_owner)))
		return pv_get_io_l1e(d, e);
	pg = mfn_to_page(_mfn(mfn));
	/*
	 * A frame the guest's direct map maps is writable already: one CAS.
	 * A writable type never validates, so needs no ops: built only to fail.
	 */
	if ((e & _PAGE_RW) && !get_page_type_in_use(pg, PGT_writable_page) &&
	    get_page_type(pg, PGT_writable_page, NULL)) {
		struct page_type_ops ops = pv_type_ops(pg_owner);

		put_page(pg, &ops);
		return -EBUSY; /* a typed frame (a table, a descriptor page): as Xen */
	}
	if (pg_owner != d)
		__atomic_add_fetch(&pv_foreign_mappings, 1, __ATOMIC_RELAXED);
	return 0;
}

static void put_from_l1e(struct domain *d, u64 e)
{
	unsigned long mfn = entry_mfn(e);
	struct page_type_ops ops;
	struct page_info *pg;
	struct domain *owner;
	u64 c;

	if (mfn >= max_page)
		return;
	pg = mfn_to_page(_mfn(mfn));
	if (e & PAGE_GNTTAB)
		return; /* a grant mapping: its maptrack entry holds the references */
	if (!pg->owner || !(owner = frame_owner(pg, d)))
		return; /* an I/O frame: no references */
	if (owner != d)
		__atomic_sub_fetch(&pv_foreign_mappings, 1, __ATOMIC_RELAXED);
	if ((e & _PAGE_RW) && !put_page_type_not_last(pg)) {
		ops = pv_type_ops(owner);
		put_page_type(pg, &ops);
	}
	c = __atomic_sub_fetch(&pg->count_info, 1, __ATOMIC_ACQ_REL); /* put_page(), inline */
	BUG_ON((c & PGC_count_mask) == PGC_count_mask);		      /* underflow */
	if ((c & PGC_count_mask) == 0)
		pv_free_frame(pg, owner); /* as put_page() with pv_type_ops(owner) */
}

/* Is entry e legal at `level`? Only flags are checked here, not the frame. */
static int check_entry(const struct domain *d, u64 e, unsigned int level)
{
	if (!(e & _PAGE_PRESENT))
		return 0;
	if (e & ~(PADDR_MASK | allowed_flags(d, level)))
		return -EINVAL; /* reserved bits, or superpages (PSE) above L1 */
	return 0;
}

/*
 * Take the references present entry e of `table` needs; 0 or -errno. Above
 * L1, a table one level down, else (read-only) one of the same level: a
 * linear page table (linear_pt.c), tried only when the first answer was
 * -EINVAL, as Xen: a lower table that failed its validation (-EBUSY for a
 * frame not the domain's) keeps its error.
 */
static int get_from_entry(struct domain *d, struct domain *pg_owner, mfn_t table, u64 e,
			  unsigned int level)
{
	int rc;

	if (!(e & _PAGE_PRESENT))
		return 0;
	if (check_entry(d, e, level))
		return -EINVAL;
	if (level == 1)
		return get_from_l1e(d, pg_owner, e);
	rc = pv_get_page_and_type(d, _mfn(entry_mfn(e)), pt_type_of_level(level - 1));
	if (rc != -EINVAL)
		return rc;
	return pv_get_linear(d, table, e, level);
}

static void put_from_entry(struct domain *d, mfn_t table, u64 e, unsigned int level)
{
	if (!(e & _PAGE_PRESENT))
		return;
	if (level == 1)
		put_from_l1e(d, e);
	else if (!pv_put_linear(d, table, e, level))
		pv_put_page_and_type(d, _mfn(entry_mfn(e)));
}

/*
 * The hypervisor's forced bits: 64-bit PV guests run at CPL3 throughout, so
 * every present entry gets _PAGE_USER; an L1 entry the guest meant for its
 * kernel only is marked with PAGE_GUEST_KERNEL (as Xen does; guests see it).
 */
static u64 adjust_entry(u64 e, unsigned int level)
{
	if (!(e & _PAGE_PRESENT))
		return e;
	if (level == 1 && !(e & _PAGE_USER))
		e |= PAGE_GUEST_KERNEL;
	return e | _PAGE_USER;
}

static bool is_guest_entry(unsigned int level, unsigned int idx)
{
	return level != 4 || is_guest_l4_slot(idx);
}

bool pv_is_guest_entry(unsigned int level, unsigned int idx)
{
	return is_guest_entry(level, idx);
}

/*
 * (De)validation tests 8 entries' present bits at once: most entries of a
 * new table are empty (a new process's L4, L3s and L2s hold a handful
 * each). The guest ranges: [0, 512), an L4's two around the hypervisor's.
 */
#define GROUP 8
_Static_assert(HYPERVISOR_SLOT_FIRST % GROUP == 0 && (HYPERVISOR_SLOT_LAST + 1) % GROUP == 0,
	       "the L4 guest ranges are whole groups");

static inline bool group_empty(const u64 *g)
{
	return !((g[0] | g[1] | g[2] | g[3] | g[4] | g[5] | g[6] | g[7]) & _PAGE_PRESENT);
}

/* Drop the references of the present entries in [lo, hi) (hi: any index). */
static void release_range(struct domain *d, mfn_t table, const u64 *t, unsigned int level,
			  unsigned int lo, unsigned int hi)
{
	for (unsigned int g = lo; g < hi; g += GROUP) {
		unsigned int end = g + GROUP < hi ? g + GROUP : hi;

		if (end == g + GROUP && group_empty(t + g))
			continue;
		for (unsigned int i = g; i < end; i++)
			if (t[i] & _PAGE_PRESENT)
				put_from_entry(d, table, t[i], level);
	}
}

/* The guest entries before `upto`. */
static void release_entries(struct domain *d, mfn_t table, unsigned int level, unsigned int upto)
{
	const u64 *t = mfn_to_virt(table);

	if (level != 4) {
		release_range(d, table, t, level, 0, upto);
		return;
	}
	release_range(d, table, t, 4, 0,
		      upto < HYPERVISOR_SLOT_FIRST ? upto : HYPERVISOR_SLOT_FIRST);
	if (upto > HYPERVISOR_SLOT_LAST + 1)
		release_range(d, table, t, 4, HYPERVISOR_SLOT_LAST + 1, upto);
}

/*
 * Take the references of the present entries in [lo, hi) (whole groups)
 * and set their forced bits; on an error, *failed is the entry's index.
 */
static int validate_range(struct domain *d, mfn_t table, u64 *t, unsigned int level,
			  unsigned int lo, unsigned int hi, unsigned int *failed)
{
	for (unsigned int g = lo; g < hi; g += GROUP) {
		if (group_empty(t + g))
			continue;
		for (unsigned int i = g; i < g + GROUP; i++) {
			u64 e = t[i];
			int rc;

			if (!(e & _PAGE_PRESENT))
				continue;
			rc = get_from_entry(d, d, table, e, level);
			if (rc == PV_L1E_FORCE_RO) {
				e &= ~_PAGE_RW;
				rc = 0;
			}
			if (rc) {
				*failed = i;
				return rc;
			}
			t[i] = adjust_entry(e, level);
		}
	}
	return 0;
}

static int validate_entries(struct domain *d, mfn_t table, u64 *t, unsigned int level)
{
	unsigned int failed = 0;
	int rc;

	if (level != 4)
		rc = validate_range(d, table, t, level, 0, PT_ENTRIES, &failed);
	else if (!(rc = validate_range(d, table, t, 4, 0, HYPERVISOR_SLOT_FIRST, &failed)))
		rc = validate_range(d, table, t, 4, HYPERVISOR_SLOT_LAST + 1, PT_ENTRIES, &failed);
	if (rc)
		release_entries(d, table, level, failed);
	return rc; /* the entry's own error, as Xen's alloc_lN_table */
}

int pv_validate_table(struct page_info *pg, unsigned long type, void *ctx)
{
	struct domain *d = ctx;
	unsigned int level = (unsigned int)(type >> 60);
	u64 *t = mfn_to_virt(page_to_mfn(pg));
	int rc;

	paging_mark_dirty(d, page_to_mfn(pg)); /* as Xen: becoming a table dirties it */
	if (type == PGT_seg_desc_page)
		return pv_validate_desc_page(pg);
	if (level < 1 || level > 4)
		return -EINVAL;
	rc = validate_entries(d, page_to_mfn(pg), t, level);
	if (rc)
		return rc;
	if (level == 4)
		for (unsigned int i = HYPERVISOR_SLOT_FIRST; i <= HYPERVISOR_SLOT_LAST; i++)
			t[i] = idle_pg_table[i];
	if (level == 4 && !(d->vm_assist & (1UL << VMASST_TYPE_m2p_strict)))
		t[RO_MPT_SLOT] = 0; /* see pv_set_ro_mpt() */
	return 0;
}

/*
 * Slot 256 of a guest L4, the read-only M2P, as in Xen: without m2p_strict
 * an L4 gets it when it becomes a kernel base table (and keeps it); with
 * m2p_strict every L4 gets it on validation and loses it when installed as
 * a user base table. Either way user-only page tables do not show it.
 */
void pv_set_ro_mpt(mfn_t l4, bool visible)
{
	u64 *t = mfn_to_virt(l4), want = visible ? idle_pg_table[RO_MPT_SLOT] : 0;

	/*
	 * Only validation and this function write the slot (it is not a guest
	 * entry). One that holds the value already is not written again:
	 * Linux's context switch installs the same L4s again and again. The
	 * caller's pv_shadow_resync() follows either way: it costs a load
	 * while log-dirty is off, and with it on, another CPU that wrote the
	 * slot a moment ago may not have resynced the shadow yet.
	 */
	if (__atomic_load_n(&t[RO_MPT_SLOT], __ATOMIC_RELAXED) != want)
		__atomic_exchange_n(&t[RO_MPT_SLOT], want, __ATOMIC_SEQ_CST);
}

static void unref_wait(mfn_t table);

void pv_devalidate_table(struct page_info *pg, unsigned long type, void *ctx)
{
	unsigned int level = (unsigned int)(type >> 60);

	if (level == 1) {
		/*
		 * A writer without a reference (pv_set_l1e_unref) that may have
		 * seen this L1 validated is done once its slot no longer names
		 * it; later ones see PGT_validated gone and go the general way.
		 * Not the lock itself: we may hold a pt_lock (mod_entry of an
		 * upper table, this L1's last reference dropped as a new table
		 * failed validation), maybe the very slot this L1 hashes to.
		 */
		unref_wait(page_to_mfn(pg));
	}
	if (level >= 1 && level <= 4)
		release_entries(ctx, page_to_mfn(pg), level, PT_ENTRIES);
	pv_shadow_drop(ctx, page_to_mfn(pg));
	paging_mark_dirty(ctx, page_to_mfn(pg)); /* and so does ceasing to be one */
}

/* Last reference to a domain frame: scrubbed (later) before anyone else gets it. */
void pv_free_frame(struct page_info *pg, void *ctx)
{
	if (pg->count_info & PGC_xen_heap) {
		domain_put_xen_page(frame_owner(pg, ctx)); /* freed with its domain */
		return;
	}
	domain_unlink_page(frame_owner(pg, ctx), pg);
	set_gpfn_from_mfn(page_to_mfn(pg), INVALID_M2P_ENTRY);
	pg->owner = 0;
	pg->type_info = 0;
	heap_free_dirty_page(pg);
}

#define PT_LOCKS 64
static spinlock_t pt_locks[PT_LOCKS]; /* zero = unlocked */
/* The L1 an unref writer holding pt_locks[i] writes, else 0 (frame 0 is never a table). */
static unsigned long pt_unref_table[PT_LOCKS];

static unsigned int pt_slot(mfn_t table)
{
	return (unsigned int)((mfn_x(table) * 0x9e3779b97f4a7c15UL) >> 58);
}

static spinlock_t *pt_lock(mfn_t table)
{
	return &pt_locks[pt_slot(table)];
}

/*
 * Under the table's lock, before l1_in_use looks at its type: a full
 * barrier (xchg) orders the mark before that load, as devalidation's
 * type change (a locked CAS) is ordered before unref_wait's load.
 */
static void unref_enter(mfn_t table)
{
	__atomic_exchange_n(&pt_unref_table[pt_slot(table)], mfn_x(table), __ATOMIC_SEQ_CST);
}

/* Still under the lock, after the entry's write and the shadow's resync. */
static void unref_leave(mfn_t table)
{
	__atomic_store_n(&pt_unref_table[pt_slot(table)], 0, __ATOMIC_RELEASE);
}

static void unref_wait(mfn_t table)
{
	while (__atomic_load_n(&pt_unref_table[pt_slot(table)], __ATOMIC_ACQUIRE) == mfn_x(table)) {
		cpu_relax();
		arch_smp_service_flush(); /* as spin_lock does */
	}
}

/* Write new over *p, tolerating concurrent accessed/dirty updates only. */
static u64 write_entry(u64 *p, u64 old, u64 new, bool preserve_ad)
{
	for (;;) {
		u64 want = preserve_ad ? new | (old & AD_BITS) : new, seen = old;

		/* seq_cst: the shadow's look at shadow.on follows (mm/shadow.c "Ordering") */
		if (__atomic_compare_exchange_n(p, &seen, want, false, __ATOMIC_SEQ_CST,
						__ATOMIC_ACQUIRE))
			return old;
		BUG_ON((seen ^ old) & ~AD_BITS);
		old = seen;
	}
}

/* Same frame, same rights, same holder of the references: none change. */
static bool same_mapping(u64 a, u64 b)
{
	const u64 sig = PADDR_MASK | _PAGE_PRESENT | _PAGE_RW | PAGE_GNTTAB;

	return (a & _PAGE_PRESENT) && !((a ^ b) & sig);
}

void pv_put_l1e(struct domain *d, u64 e)
{
	put_from_l1e(d, e);
}

int pv_xchg_l1e(mfn_t table, unsigned int idx, u64 mask, u64 match, u64 new, u64 *old)
{
	u64 *p = (u64 *)mfn_to_virt(table) + idx;
	spinlock_t *lock = pt_lock(table);

	spin_lock(lock);
	*old = __atomic_load_n(p, __ATOMIC_ACQUIRE);
	if ((*old ^ match) & mask) {
		spin_unlock(lock);
		return -EINVAL;
	}
	*old = write_entry(p, *old, new, false);
	spin_unlock(lock);
	return 0;
}

int pv_mod_entry(struct domain *d, mfn_t table, unsigned int idx, unsigned int level, u64 mask,
		 u64 bits, u64 *expect, bool preserve_ad)
{
	return pv_mod_entry_foreign(d, d, table, idx, level, mask, bits, expect, preserve_ad);
}

/*
 * Is table an L1 of d's in use and not being torn down? Asked under the
 * table's entry lock by a writer that holds no reference on it: such a
 * table stays one until the lock is dropped, as devalidation clears
 * PGT_validated before it waits for the writer's mark in the lock's slot
 * to go (unref_enter, unref_wait), and a
 * frame with type references is not freed, so its owner stays.
 */
static inline bool l1_in_use(const struct domain *d, mfn_t table)
{
	struct page_info *pg = mfn_to_page(table);
	u64 x = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);

	return (x & (PGT_type_mask | PGT_validated | PGT_bad)) ==
		       (PGT_l1_page_table | PGT_validated) &&
	       (x & PGT_count_mask) && page_owned_by(pg, d);
}

/* unref: the caller holds no reference on table (level 1 only; see l1_in_use). */
static inline __attribute__((always_inline)) int mod_entry(struct domain *d,
							   struct domain *pg_owner, mfn_t table,
							   unsigned int idx, unsigned int level,
							   u64 mask, u64 bits, u64 *expect,
							   bool preserve_ad, u64 *prev, bool unref)
{
	u64 *p = (u64 *)mfn_to_virt(table) + idx, old, new;
	spinlock_t *lock = pt_lock(table);
	int rc = 0;

	if (!is_guest_entry(level, idx))
		return -EINVAL;
	spin_lock(lock);
	if (unref) {
		unref_enter(table);
		if (!l1_in_use(d, table)) {
			unref_leave(table);
			spin_unlock(lock);
			return PV_NOT_L1_IN_USE;
		}
	}
	old = __atomic_load_n(p, __ATOMIC_ACQUIRE);
	if (expect && ((old ^ *expect) & mask)) {
		*expect = old;
		spin_unlock(lock);
		return -EAGAIN;
	}
	new = adjust_entry((old & ~mask) | (bits & mask), level);
	if (same_mapping(old, new) || !(new &_PAGE_PRESENT))
		rc = check_entry(d, new, level);
	else if (level == 1) /* the common case inline: a PTE of a page fault or populate */
		rc = check_entry(d, new, 1) ?: get_from_l1e(d, pg_owner, new);
	else
		rc = get_from_entry(d, d, table, new, level);
	if (rc == PV_L1E_FORCE_RO) {
		new &= ~_PAGE_RW;
		rc = 0;
	}
	if (!rc) {
		old = write_entry(p, old, new, preserve_ad);
		pv_shadow_resync(d, table, idx, level);
	}
	if (unref)
		unref_leave(table);
	spin_unlock(lock);
	if (rc)
		return rc;
	paging_mark_dirty(d, table);
	if ((old & _PAGE_PRESENT) && !same_mapping(old, new))
		put_from_entry(d, table, old, level);
	if (prev)
		*prev = old;
	return 0;
}

int pv_mod_entry_foreign(struct domain *d, struct domain *pg_owner, mfn_t table, unsigned int idx,
			 unsigned int level, u64 mask, u64 bits, u64 *expect, bool preserve_ad)
{
	return mod_entry(d, pg_owner, table, idx, level, mask, bits, expect, preserve_ad, NULL,
			 false);
}

int pv_set_l1e_unref(struct domain *d, mfn_t table, unsigned int idx, u64 val, bool preserve_ad,
		     u64 *prev)
{
	if (mfn_x(table) >= max_page)
		return PV_NOT_L1_IN_USE;
	return mod_entry(d, d, table, idx, 1, ~0UL, val, NULL, preserve_ad, prev, true);
}

int pv_swap_entry(struct domain *d, mfn_t table, unsigned int idx, unsigned int level, u64 new,
		  u64 *prev)
{
	return mod_entry(d, d, table, idx, level, ~0UL, new, NULL, false, prev, false);
}
