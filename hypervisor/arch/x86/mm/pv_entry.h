/*
 * Private to hypervisor/arch/x86/mm's page-table files (pv_pagetable.c,
 * pv_validate.c): which entries are legal and the references a present
 * entry takes and drops, inline for the hot paths (one-entry updates and
 * whole-table validation). The rules are pv_pagetable.c's header.
 */
#ifndef ARCH_X86_MM_PV_ENTRY_H
#define ARCH_X86_MM_PV_ENTRY_H

#include <xeno/sched.h>
#include <asm/page_type.h>
#include <asm/pv_mm.h>

#define PAGE_AVAIL (0x7UL << 9)
#define PAGE_AVAIL_HIGH (0x7ffUL << 52)
#define PAGE_CACHE_ATTRS (_PAGE_PWT | _PAGE_PCD | _PAGE_PSE /* PAT in an L1 */)
#define GUEST_FLAGS                                                                          \
	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY | PAGE_AVAIL | \
	 _PAGE_NX)
#define AD_BITS (_PAGE_ACCESSED | _PAGE_DIRTY)

/* Bits (outside the address) a guest may set at each level. */
static inline u64 allowed_flags(const struct domain *d, unsigned int level)
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

static inline bool is_guest_l4_slot(unsigned int idx)
{
	return idx < HYPERVISOR_SLOT_FIRST || idx > HYPERVISOR_SLOT_LAST;
}

/* The domain that owns pg (which holds references), usually hint. */
static inline struct domain *frame_owner(struct page_info *pg, struct domain *hint)
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
	if ((e & _PAGE_RW) && !get_page_writable(pg)) {
		struct page_type_ops ops = pv_type_ops(pg_owner);

		put_page(pg, &ops);
		return -EBUSY; /* a typed frame (a table, a descriptor page): as Xen */
	}
	if (pg_owner != d)
		__atomic_add_fetch(&pv_foreign_mappings, 1, __ATOMIC_RELAXED);
	return 0;
}

static inline __attribute__((always_inline)) void put_from_l1e_inline(struct domain *d, u64 e)
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
	if ((e & _PAGE_RW) && !put_page_writable(pg)) {
		ops = pv_type_ops(owner);
		put_page_type(pg, &ops);
	}
	c = __atomic_sub_fetch(&pg->count_info, 1, __ATOMIC_ACQ_REL); /* put_page(), inline */
	BUG_ON((c & PGC_count_mask) == PGC_count_mask);		      /* underflow */
	if ((c & PGC_count_mask) == 0)
		pv_free_frame(pg, owner); /* as put_page() with pv_type_ops(owner) */
}

/* Is entry e legal at `level`? Only flags are checked here, not the frame. */
static inline int check_entry(const struct domain *d, u64 e, unsigned int level)
{
	if (!(e & _PAGE_PRESENT))
		return 0;
	if (e & ~(PADDR_MASK | allowed_flags(d, level)))
		return -EINVAL; /* reserved bits, or superpages (PSE) above L1 */
	return 0;
}

static inline __attribute__((always_inline)) int
get_checked_entry(struct domain *d, struct domain *pg_owner, mfn_t table, u64 e, unsigned int level)
{
	int rc;

	if (level == 1)
		return get_from_l1e(d, pg_owner, e);
	rc = pv_get_page_and_type(d, _mfn(entry_mfn(e)), pt_type_of_level(level - 1));
	if (rc != -EINVAL)
		return rc;
	return pv_get_linear(d, table, e, level);
}

static inline void put_from_entry(struct domain *d, mfn_t table, u64 e, unsigned int level)
{
	if (!(e & _PAGE_PRESENT))
		return;
	if (level == 1)
		pv_put_l1e(d, e);
	else if (!pv_put_linear(d, table, e, level))
		pv_put_page_and_type(d, _mfn(entry_mfn(e)));
}

/*
 * The hypervisor's forced bits: 64-bit PV guests run at CPL3 throughout, so
 * every present entry gets _PAGE_USER; an L1 entry the guest meant for its
 * kernel only is marked with PAGE_GUEST_KERNEL (as Xen does; guests see it).
 */
static inline u64 adjust_entry(u64 e, unsigned int level)
{
	if (!(e & _PAGE_PRESENT))
		return e;
	if (level == 1 && !(e & _PAGE_USER))
		e |= PAGE_GUEST_KERNEL;
	return e | _PAGE_USER;
}

static inline bool is_guest_entry(unsigned int level, unsigned int idx)
{
	return level != 4 || is_guest_l4_slot(idx);
}

/* Wait until no unreferenced writer is in the L1 table (pv_pagetable.c). */
void pv_unref_wait(mfn_t table);

#endif
