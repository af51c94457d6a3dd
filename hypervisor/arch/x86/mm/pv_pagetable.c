/*
 * Guest page-table entries of 64-bit PV domains: which entries are legal
 * and the references a present entry holds (pv_entry.h, asm/pv_mm.h),
 * and pv_mod_entry(), the only way an entry of a validated table changes;
 * validation and devalidation of whole tables for the frame type machine
 * (page_type.c) are in pv_validate.c.
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
 * type reference on the table, or (an L1 only: pv_set_l1e_unref,
 * pv_clear_l1e_unref for a ptwr clear, pv_set_l1e_new for mmu_update's new
 * entry in an empty slot) marks the lock's slot with the table and checks
 * that it is validated, which devalidation clears before it waits for the
 * mark to go (never for the lock). Validation needs no lock: a frame being
 * validated has no writable mapping and no other updater.
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
#include "pv_entry.h"

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
	if (!(e & _PAGE_PRESENT))
		return 0;
	if (check_entry(d, e, level))
		return -EINVAL;
	return get_checked_entry(d, pg_owner, table, e, level);
}

bool pv_is_guest_entry(unsigned int level, unsigned int idx)
{
	return is_guest_entry(level, idx);
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

void pv_unref_wait(mfn_t table)
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
	put_from_l1e_inline(d, e);
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
	if (!(old & _PAGE_PRESENT) || same_mapping(old, new))
		;
	else if (level == 1) /* inline: every ptwr zap of a PTE drops one here */
		put_from_l1e_inline(d, old);
	else
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

/*
 * One request of an L1 run (pv_l1_run) under the table's lock, *p its
 * entry: a new present entry over an empty slot, mod_entry's checks and
 * references for exactly that case (an empty old entry: no put, no A/D to
 * keep). false, nothing taken nor written, for anything else (the general
 * path's).
 */
static inline __attribute__((always_inline)) bool l1_run_one(struct domain *pg_owner, u64 *p,
							     u64 legal, u32 tag, u64 new)
{
	u64 old = __atomic_load_n(p, __ATOMIC_ACQUIRE), mfn = entry_mfn(new);
	struct page_info *pg;

	if (!(new &_PAGE_PRESENT) || (new & ~legal) || mfn >= max_page || (old & _PAGE_PRESENT))
		return false;
	pg = mfn_to_page(_mfn(mfn));
	if (!get_page(pg, tag))
		return false; /* not pg_owner's (an I/O frame, a refusal): the general path */
	if ((new &_PAGE_RW) && !get_page_writable(pg)) {
		struct page_type_ops ops = pv_type_ops(pg_owner);

		put_page(pg, &ops); /* the general path refuses it (-EBUSY) */
		return false;
	}
	write_entry(p, old, adjust_entry(new, 1), false);
	return true;
}

/*
 * privcmd's foreign mapping (save and restore map every frame of the
 * domain so): the leading requests of req[0..n) that are NORMAL or
 * NO_TRANSLATE writes of a new present entry into an empty slot of
 * `table`, an L1 of d's the caller holds a type reference on (mmu_update's
 * cached table), mapping frames of pg_owner; the caller has checked that
 * d may name pg_owner. One hold of the table's lock, one dirty mark of the
 * table and one add to pv_foreign_mappings (read by mm_audit between
 * hypercalls only) for the run; each entry as mod_entry would write it
 * (the same flag check, after adjust_entry's forced bits, which are legal;
 * the same general and writable references). Returns how many were done;
 * the request it stopped at (another table or command, a present old
 * entry, a frame that is not plainly pg_owner's) is untouched.
 */
unsigned int pv_l1_run(struct domain *d, struct domain *pg_owner, mfn_t table,
		       const struct mmu_update *req, unsigned int n)
{
	u64 legal = PADDR_MASK | allowed_flags(d, 1), base = mfn_to_maddr(table);
	u64 *t = (u64 *)mfn_to_virt(table);
	const struct mmu_update *r = req, *end = req + n;
	u32 tag = page_owner_tag(pg_owner);
	unsigned int done;

	spin_lock(pt_lock(table));
	for (; r < end; r++) {
		u64 at = r->ptr & (PADDR_MASK | MMU_CMD_MASK);
		unsigned int idx = (unsigned int)(r->ptr & (PAGE_SIZE - 1)) / 8;

		if ((at != (base | MMU_NORMAL_PT_UPDATE) &&
		     at != (base | MMU_PT_UPDATE_NO_TRANSLATE)) ||
		    !l1_run_one(pg_owner, t + idx, legal, tag, r->val))
			break;
		pv_shadow_resync(d, table, idx, 1);
	}
	done = (unsigned int)(r - req);
	if (pg_owner != d)
		__atomic_add_fetch(&pv_foreign_mappings, done, __ATOMIC_RELAXED);
	spin_unlock(pt_lock(table));
	if (done)
		paging_mark_dirty(d, table);
	return done;
}

/*
 * pv_set_l1e_new's rare ends, out of line and called last (no register of
 * its hot path lives across a call, so it saves few), each given the
 * entry's address p in the direct map: the table's dirty mark, the
 * shadow's resync (log-dirty on) before the lock's release.
 */
static inline mfn_t table_of(const u64 *p)
{
	return _mfn(((unsigned long)p - DIRECTMAP_VIRT_START) >> PAGE_SHIFT);
}

static int __attribute__((noinline, cold)) l1e_new_dirty(struct domain *d, const u64 *p)
{
	paging_mark_dirty(d, table_of(p));
	return 0;
}

static int __attribute__((noinline, cold)) l1e_new_resync(struct domain *d, const u64 *p)
{
	mfn_t table = table_of(p);

	pv_shadow_resync_on(d, table, (unsigned int)((unsigned long)p & (PAGE_SIZE - 1)) / 8, 1);
	unref_leave(table);
	spin_unlock(pt_lock(table));
	return l1e_new_dirty(d, p);
}

/*
 * get_page() and get_page_writable() of an ordinary frame of d's mapped
 * writable elsewhere (Linux's direct map maps every page of its RAM), each
 * a single try without the retry loop. L1E_NEW_NONE, nothing taken, where
 * they would retry (a racing count change) or do anything else;
 * L1E_NEW_PUT where the writable reference fails after the general one
 * (which the caller must put: the owner may have let go meanwhile). The
 * caller then goes the general way, which does what they would.
 */
#define L1E_NEW_TAKEN 0
#define L1E_NEW_NONE 1
#define L1E_NEW_PUT 2
static inline int l1e_new_refs(struct page_info *pg, u32 tag, bool rw)
{
	u64 c = __atomic_load_n(&pg->count_info, __ATOMIC_ACQUIRE), t;

	/*
	 * Each test in one compare: with the flag bits (or a type other than
	 * writable, or PGT_bad) kept in, the count minus one is in range only
	 * if they are clear (the type writable) and the count is 1..MAX-1.
	 */
	if ((c & (PGC_free | PGC_reserved | PGC_count_mask)) - 1 >= PGC_COUNT_MAX - 1 ||
	    !page_count_cas(&pg->count_info, &c, c + 1))
		return L1E_NEW_NONE;
	if (__atomic_load_n(&pg->owner, __ATOMIC_ACQUIRE) != tag) {
		/* as get_page: not zero, the owner's reference remains */
		__atomic_fetch_sub(&pg->count_info, 1, __ATOMIC_ACQ_REL);
		return L1E_NEW_NONE;
	}
	if (!rw)
		return L1E_NEW_TAKEN;
	t = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);
	if ((t & (PGT_type_mask | PGT_bad | PGT_count_mask)) - (PGT_writable_page | 1) <
		    PGT_COUNT_MAX - 1 &&
	    page_count_cas(&pg->type_info, &t, t + 1))
		return L1E_NEW_TAKEN;
	return L1E_NEW_PUT;
}

/* The writable reference refused: the general one put, the lock let go, the general way. */
static long __attribute__((noinline, cold))
l1e_new_refuse(struct domain *d, struct page_info *pg, unsigned long slot, u64 reqs)
{
	struct page_type_ops ops = pv_type_ops(d);

	__atomic_store_n(&pt_unref_table[slot], 0, __ATOMIC_RELEASE);
	spin_unlock(&pt_locks[slot]);
	put_page(pg, &ops);
	return pv_mmu_update_general(d, reqs);
}

/*
 * The rest of pv_set_l1e_new, pt_locks[slot] held (see there); its
 * arguments as they came, the slot last. Inline: its caller's registers
 * are saved once, after the checks (pv/mmu_entry.S keeps the guest's).
 */
static inline long __attribute__((always_inline))
l1e_new_locked(struct domain *d, u64 ptr, u64 val, u64 reqs, unsigned long slot)
{
	unsigned long *mark = &pt_unref_table[slot];
	spinlock_t *lock = &pt_locks[slot];
	u64 *p = maddr_to_virt(ptr & (PADDR_MASK | (PAGE_SIZE - 8)));
	mfn_t table = maddr_to_mfn(ptr & PADDR_MASK);
	struct page_info *pg = mfn_to_page(_mfn(entry_mfn(val)));
	int refs;

	__atomic_exchange_n(mark, mfn_x(table), __ATOMIC_SEQ_CST); /* unref_enter */
	if (!l1_in_use(d, table) || (__atomic_load_n(p, __ATOMIC_ACQUIRE) & _PAGE_PRESENT) ||
	    (refs = l1e_new_refs(pg, page_owner_tag(d), val & _PAGE_RW)) == L1E_NEW_NONE) {
		__atomic_store_n(mark, 0, __ATOMIC_RELEASE); /* unref_leave */
		spin_unlock(lock);
		return pv_mmu_update_general(d, reqs);
	}
	if (refs == L1E_NEW_PUT)
		return l1e_new_refuse(d, pg, slot, reqs);
	/* seq_cst, as write_entry (mm/shadow.c "Ordering"); the old entry is empty */
	__atomic_exchange_n(p, adjust_entry(val, 1), __ATOMIC_SEQ_CST);
	if (pv_shadow_on(d))
		return l1e_new_resync(d, p);
	__atomic_store_n(mark, 0, __ATOMIC_RELEASE);
	spin_unlock(lock);
	if (__atomic_load_n(&d->logdirty.bitmap, __ATOMIC_ACQUIRE))
		return l1e_new_dirty(d, p); /* paging_mark_dirty's off test inline */
	return 0;
}

/*
 * mmu_update's one request of the caller's own without a done count
 * (Linux's set_pte in a page fault), read from the guest at reqs: ptr (the
 * entry's machine address and command) and val. Done here only if it is a
 * NORMAL or NO_TRANSLATE write of a new present entry with legal flags
 * into an empty slot of an L1 of d's in use, mapping an ordinary frame of
 * d's (a writable entry: a frame with writable users already): mod_entry's
 * checks and references for exactly that case (as l1_run_one; the flags
 * checked before adjust_entry's forced bits, which are legal), without a
 * reference on the table (the lock, the slot's mark and l1_in_use under
 * it, as pv_set_l1e_unref). The old entry is empty, so there is nothing to
 * put and no A/D bit to keep (the CPU sets none in an entry not present):
 * under the lock, the exchange replaces the empty entry read. 0. Any other
 * request (or a contended lock), with nothing taken nor written here, goes
 * the general way (pv_mmu_update_general, which reads it again): its
 * result. Every way out is a tail call.
 */
long pv_set_l1e_new(struct domain *d, u64 ptr, u64 val, u64 reqs)
{
	u64 cmd = ptr & MMU_CMD_MASK;
	unsigned int slot = pt_slot(maddr_to_mfn(ptr & PADDR_MASK));

	if ((cmd != MMU_NORMAL_PT_UPDATE && cmd != MMU_PT_UPDATE_NO_TRANSLATE) ||
	    !(val & _PAGE_PRESENT) || (val & ~(PADDR_MASK | allowed_flags(d, 1))) ||
	    entry_mfn(ptr) >= max_page || entry_mfn(val) >= max_page ||
	    !spin_trylock(&pt_locks[slot])) /* (contended: the general way waits) */
		return pv_mmu_update_general(d, reqs);
	return l1e_new_locked(d, ptr, val, reqs, slot);
}

int pv_set_l1e_unref(struct domain *d, mfn_t table, unsigned int idx, u64 val, bool preserve_ad,
		     u64 *prev)
{
	if (mfn_x(table) >= max_page)
		return PV_NOT_L1_IN_USE;
	return mod_entry(d, d, table, idx, 1, ~0UL, val, NULL, preserve_ad, prev, true);
}

/*
 * put_from_l1e_inline() for the usual old entry of a clear: a frame of d's
 * own, not a grant, whose writable reference (if any) put_page_writable
 * drops. false, nothing dropped, for anything else (the general put's).
 */
static inline __attribute__((always_inline)) bool put_own_l1e(struct domain *d, u64 e)
{
	unsigned long mfn = entry_mfn(e);
	struct page_info *pg = mfn_to_page(_mfn(mfn));
	u64 c;

	if (mfn >= max_page || (e & PAGE_GNTTAB) || !page_owned_by(pg, d) ||
	    ((e & _PAGE_RW) && !put_page_writable(pg)))
		return false;
	c = __atomic_sub_fetch(&pg->count_info, 1, __ATOMIC_ACQ_REL); /* put_page(), inline */
	BUG_ON((c & PGC_count_mask) == PGC_count_mask);		      /* underflow */
	if ((c & PGC_count_mask) == 0)
		pv_free_frame(pg, d);
	return true;
}

/* pv_clear_l1e_unref() from its swap on, shadow or log-dirty on: as mod_entry ends. */
static __attribute__((noinline, cold)) int clear_l1e_tail(struct domain *d, mfn_t table,
							  unsigned int idx, u64 old, u64 *prev)
{
	pv_shadow_resync(d, table, idx, 1);
	unref_leave(table);
	spin_unlock(pt_lock(table));
	paging_mark_dirty(d, table);
	if (old & _PAGE_PRESENT)
		put_from_l1e_inline(d, old);
	*prev = old;
	return 0;
}

/*
 * mod_entry(level 1, val 0, unref) for exactly that case: no check and no
 * reference to take (0 is legal and adjust_entry leaves it), so the entry
 * is swapped with one xchg (write_entry's CAS loop with A/D updates only
 * racing: the same old value, the same store, seq_cst for the shadow)
 * inside the same unref protocol; the old entry's references dropped as
 * mod_entry drops them. Log-dirty (enabled only with d paused, so not
 * during this call) and the shadow are tested once, after the swap, and
 * take the general tail; the common path calls nothing (a busy lock: the
 * general way, pv_set_l1e_unref).
 */
int pv_clear_l1e_unref(struct domain *d, mfn_t table, unsigned int idx, u64 *prev)
{
	u64 *p = (u64 *)mfn_to_virt(table) + idx, old;
	spinlock_t *lock = pt_lock(table);

	if (mfn_x(table) >= max_page)
		return PV_NOT_L1_IN_USE;
	if (unlikely(!spin_trylock(lock))) /* (no wait here: nothing kept across a call) */
		return pv_set_l1e_unref(d, table, idx, 0, false, prev);
	unref_enter(table);
	if (!l1_in_use(d, table)) {
		unref_leave(table);
		spin_unlock(lock);
		return PV_NOT_L1_IN_USE;
	}
	old = __atomic_exchange_n(p, 0, __ATOMIC_SEQ_CST);
	if (unlikely(pv_shadow_on(d) || __atomic_load_n(&d->logdirty.bitmap, __ATOMIC_ACQUIRE)))
		return clear_l1e_tail(d, table, idx, old, prev);
	unref_leave(table);
	spin_unlock(lock);
	*prev = old;
	if ((old & _PAGE_PRESENT) && !put_own_l1e(d, old))
		pv_put_l1e(d, old);
	return 0;
}

int pv_swap_entry(struct domain *d, mfn_t table, unsigned int idx, unsigned int level, u64 new,
		  u64 *prev)
{
	return mod_entry(d, d, table, idx, level, ~0UL, new, NULL, false, prev, false);
}
