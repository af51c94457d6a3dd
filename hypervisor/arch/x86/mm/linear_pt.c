/*
 * Linear (recursive) page tables, as Xen 4.17 allows them to 64-bit PV
 * guests by default (pv-linear-pt): an L2, L3 or L4 entry may map a page
 * table of its own level instead of one level down, so that the guest can
 * read its page tables through its address space.
 *
 * Rules (Xen's, including those its advisory on linear page tables added):
 *  - the entry must be read-only (no _PAGE_RW): else the guest could write
 *    its own page-table entries unvalidated;
 *  - an entry mapping the table that holds it (a self-map) takes no
 *    references (the table cannot hold a reference to itself);
 *  - otherwise the mapped table must be the same domain's, already
 *    validated as that level (no validation is started or waited for), and
 *    linear use is one step deep only: a table holding linear entries may
 *    not be mapped linearly itself, and a table mapped linearly may not
 *    hold linear entries. page_info.linear_pt_count records which of the
 *    two a table is (> 0: holds that many; < 0: mapped that many times).
 *    So linear references form no chains and no cycles, and a table's
 *    devalidation never recurses through them;
 *  - such an entry holds a general and a type reference of the mapped
 *    table's own level (mm_audit counts them so).
 * Locking: none; the counts change by compare-and-swap, like the type and
 * reference counts (asm/page_type.h).
 */
#include <xeno/errno.h>
#include <xeno/lib.h>
#include <xeno/param.h>
#include <asm/pv_mm.h>

static bool opt_pv_linear_pt = true;
boolean_param("pv-linear-pt", opt_pv_linear_pt);

/* One more linear entry held by pg: only if pg is not mapped linearly. */
static bool inc_linear_entries(struct page_info *pg)
{
	s32 x = __atomic_load_n(&pg->linear_pt_count, __ATOMIC_ACQUIRE);

	do {
		if (x < 0 || x == INT32_MAX)
			return false;
	} while (!__atomic_compare_exchange_n(&pg->linear_pt_count, &x, x + 1, false,
					      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
	return true;
}

/* One more linear mapping of pg: only if pg holds no linear entries. */
static bool inc_linear_uses(struct page_info *pg)
{
	s32 x = __atomic_load_n(&pg->linear_pt_count, __ATOMIC_ACQUIRE);

	do {
		if (x > 0 || x == INT32_MIN)
			return false;
	} while (!__atomic_compare_exchange_n(&pg->linear_pt_count, &x, x - 1, false,
					      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
	return true;
}

static void dec_linear_entries(struct page_info *pg)
{
	BUG_ON(__atomic_fetch_sub(&pg->linear_pt_count, 1, __ATOMIC_ACQ_REL) <= 0);
}

static void dec_linear_uses(struct page_info *pg)
{
	BUG_ON(__atomic_fetch_add(&pg->linear_pt_count, 1, __ATOMIC_ACQ_REL) >= 0);
}

int pv_get_linear(struct domain *d, mfn_t table, u64 e, unsigned int level)
{
	mfn_t mfn = maddr_to_mfn(e & PADDR_MASK);
	struct page_type_ops ops = pv_type_ops(d);
	struct page_info *pg, *ptpg = mfn_to_page(table);

	if (!opt_pv_linear_pt || (e & _PAGE_RW))
		return -EINVAL;
	if (mfn_x(mfn) == mfn_x(table))
		return 0; /* a self-map: no references */
	if (mfn_x(mfn) >= max_page || !page_owned_by(ptpg, d))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	if (!get_page(pg, page_owner_tag(d)))
		return -EINVAL;
	if (!inc_linear_entries(ptpg))
		goto put;
	if (!inc_linear_uses(pg))
		goto entries;
	if (get_page_type_in_use(pg, pt_type_of_level(level)))
		return 0;
	dec_linear_uses(pg);
entries:
	dec_linear_entries(ptpg);
put:
	put_page(pg, &ops);
	return -EINVAL;
}

bool pv_put_linear(struct domain *d, mfn_t table, u64 e, unsigned int level)
{
	mfn_t mfn = maddr_to_mfn(e & PADDR_MASK);
	struct page_info *pg;

	if (mfn_x(mfn) == mfn_x(table))
		return true; /* a self-map held nothing */
	pg = mfn_to_page(mfn);
	if ((__atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE) & PGT_type_mask) !=
	    pt_type_of_level(level))
		return false; /* an ordinary entry (its reference keeps the type) */
	dec_linear_uses(pg);
	dec_linear_entries(mfn_to_page(table));
	pv_put_page_and_type(d, mfn);
	return true;
}
