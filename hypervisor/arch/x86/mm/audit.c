/*
 * mm_audit (debug option): after every hypercall, recount from scratch the
 * references the calling domain's page tables, pins, base pointers and GDT
 * frames should hold, and compare with every frame's counts:
 *   general count = allocation reference + mappings + pins + vCPU uses;
 *   type count    = writable mappings (L1) or references as a lower-level
 *                   table + pins + vCPU uses, and the type matches the use;
 * a linear entry (an L2/L3/L4 entry mapping a table of its own level) must
 * be read-only and counts as a reference of that level, none if it maps its
 * own table; each table's linear_pt_count must equal the linear entries it
 * holds, or minus the linear entries mapping it (never both);
 * grant mappings of d's frames (by any domain) are counted from d's active
 * grant entries: one general reference per host or device pin, and a
 * writable type reference per writable one; their PTEs (PAGE_GNTTAB) hold
 * none of their own.
 * (vCPU uses: base tables, GDT frames, a registered vcpu_info frame; FIFO
 * event control blocks and event array pages, writable.)
 * In log-dirty mode, every shadow table must agree with its guest table
 * and the vCPUs' shadow roots with their base tables (mm/shadow.c).
 * A mismatch is a hypervisor bug: it is reported and the machine stops.
 * Cost: one pass over the domain's frames and validated tables per call.
 * One audit at a time (audit_lock), and only while no other hypercall is
 * under way (hypercalls_busy, counted under the same lock): another CPU's
 * update half done (a reference taken before its entry is written, a grant
 * pin dropped before its references) would look like a leak. An audit that
 * finds others busy is skipped; hypercalls wait for a running audit.
 */
#include <xeno/event.h>
#include <xeno/grant_table.h>
#include <xeno/lib.h>
#include <xeno/param.h>
#include <xeno/spinlock.h>
#include <xeno/string.h>
#include <asm/config.h>
#include <asm/pv_mm.h>

bool opt_mm_audit;
boolean_param("mm_audit", opt_mm_audit);

struct expect {
	u32 count, types;
	u64 type;	  /* the type the references require, 0 if none */
	s32 linear, uses; /* linear entries held, and mapping this table */
};
static struct expect *exp;
static DEFINE_SPINLOCK(audit_lock);
static unsigned int hypercalls_busy;

void mm_audit_enter(void)
{
	spin_lock(&audit_lock);
	hypercalls_busy++;
	spin_unlock(&audit_lock);
}
static unsigned int exp_order;

static bool owned(const struct domain *d, u64 mfn)
{
	return mfn < max_page && page_owned_by(mfn_to_page(_mfn(mfn)), d);
}

static void want(const struct domain *d, u64 mfn, bool typed, u64 type)
{
	if (!owned(d, mfn))
		return; /* I/O frames hold no references */
	exp[mfn].count++;
	if (typed) {
		exp[mfn].types++;
		exp[mfn].type = type;
	}
}

static unsigned int bad_linear; /* read-only rule broken (audit_lock held) */

/* Entry e of the level-`level` table mfn maps a table of its own level. */
static void want_linear(const struct domain *d, u64 mfn, u64 e, unsigned int level)
{
	u64 target = (e & PADDR_MASK) >> PAGE_SHIFT;

	if (e & _PAGE_RW) {
		printk(XENLOG_ERR "mm_audit: d%u mfn %lx: writable linear entry %lx\n",
		       d->domain_id, (unsigned long)mfn, (unsigned long)e);
		bad_linear++;
	}
	if (target == mfn || !owned(d, target))
		return; /* a self-map holds nothing */
	want(d, target, true, pt_type_of_level(level));
	exp[mfn].linear++;
	exp[target].uses++;
}

static bool is_linear(u64 e, unsigned int level)
{
	u64 target = (e & PADDR_MASK) >> PAGE_SHIFT;

	return level > 1 && target < max_page &&
	       (mfn_to_page(_mfn(target))->type_info & PGT_type_mask) == pt_type_of_level(level);
}

static void count_table(const struct domain *d, u64 mfn, unsigned int level)
{
	const u64 *t = mfn_to_virt(_mfn(mfn));

	for (unsigned int i = 0; i < PT_ENTRIES; i++) {
		u64 e = t[i];

		if (!(e & _PAGE_PRESENT) ||
		    (level == 4 && i >= HYPERVISOR_SLOT_FIRST && i <= HYPERVISOR_SLOT_LAST) ||
		    (level == 1 && (e & PAGE_GNTTAB)))
			continue;
		if (level == 1)
			want(d, (e & PADDR_MASK) >> PAGE_SHIFT, e & _PAGE_RW, PGT_writable_page);
		else if (is_linear(e, level))
			want_linear(d, mfn, e, level);
		else
			want(d, (e & PADDR_MASK) >> PAGE_SHIFT, true, pt_type_of_level(level - 1));
	}
}

static void count_frame(const struct domain *d, u64 mfn)
{
	const struct page_info *pg = mfn_to_page(_mfn(mfn));
	u64 t = pg->type_info & PGT_type_mask;

	if ((pg->type_info & PGT_count_mask) && (pg->type_info & PGT_validated) &&
	    t >= PGT_l1_page_table && t <= PGT_l4_page_table)
		count_table(d, mfn, (unsigned int)(t >> 60));
	if (pg->type_info & PGT_pinned)
		want(d, mfn, true, t);
}

static void count_vcpus(const struct domain *d)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		const struct vcpu *v = d->vcpu[i];

		if (!v)
			continue;
		want(d, mfn_x(v->pv.guest_table), true, PGT_l4_page_table);
		want(d, mfn_x(v->pv.guest_table_user), true, PGT_l4_page_table);
		want(d, mfn_x(v->vcpu_info_mfn), true, PGT_writable_page);
		for (unsigned int f = 0; f < (v->pv.gdt_ents * 8 + PAGE_SIZE - 1) / PAGE_SIZE; f++)
			want(d, mfn_x(v->pv.gdt_frames[f]), true, PGT_seg_desc_page);
		for (unsigned int f = 0; f < ARRAY_SIZE(v->pv.ldt_frames); f++)
			if (mfn_x(v->pv.ldt_frames[f]) != mfn_x(INVALID_MFN))
				want(d, mfn_x(v->pv.ldt_frames[f]), true, PGT_seg_desc_page);
	}
}

static void count_event_frame(const struct domain *d, unsigned long mfn)
{
	want(d, mfn, true, PGT_writable_page);
}

static void count_grant_pin(unsigned long mfn, u32 pin, void *arg)
{
	const struct domain *d = arg;
	unsigned int writers = gnttab_pin_writers(pin);

	for (unsigned int i = 0; i < gnttab_pin_total(pin); i++)
		want(d, mfn, i < writers, PGT_writable_page);
}

static int check_frame(const struct domain *d, u64 mfn)
{
	const struct page_info *pg = mfn_to_page(_mfn(mfn));
	const struct expect *e = &exp[mfn];
	u64 count = (pg->count_info & PGC_count_mask) - !!(pg->count_info & PGC_allocated);

	if (count == e->count && (pg->type_info & PGT_count_mask) == e->types &&
	    (!e->types || (pg->type_info & PGT_type_mask) == e->type) && (!e->linear || !e->uses) &&
	    pg->linear_pt_count == e->linear - e->uses)
		return 0;
	printk(XENLOG_ERR "mm_audit: d%u mfn %lx: count %lu type %lx/%lu linear %d, expected "
			  "%u %lx/%u linear %d/-%d\n",
	       d->domain_id, (unsigned long)mfn, (unsigned long)count,
	       (unsigned long)(pg->type_info & PGT_type_mask) >> 60,
	       (unsigned long)(pg->type_info & PGT_count_mask), pg->linear_pt_count, e->count,
	       (unsigned long)e->type >> 60, e->types, e->linear, e->uses);
	return 1;
}

static bool alloc_expect(void)
{
	while (((size_t)PAGE_SIZE << exp_order) < max_page * sizeof(*exp))
		exp_order++;
	exp = alloc_xenheap_pages(exp_order);
	return exp != NULL;
}

void mm_audit(struct domain *d)
{
	int bad = 0;

	spin_lock(&audit_lock);
	if (--hypercalls_busy || (!exp && !alloc_expect())) {
		spin_unlock(&audit_lock);
		return;
	}
	memset(exp, 0, max_page * sizeof(*exp));
	bad_linear = 0;
	for (u32 m = d->page_list_head; m != PAGE_LIST_NULL; m = frame_table[m].next)
		count_frame(d, m);
	/* Another domain's tables may map d's frames (foreign mappings). */
	for (struct domain *x = domain_lookup_first(); pv_foreign_mappings && x;
	     x = x->next_in_list)
		for (u32 m = x->page_list_head; x != d && m != PAGE_LIST_NULL;
		     m = frame_table[m].next)
			count_frame(d, m);
	count_vcpus(d);
	evtchn_fifo_for_each_frame(d, count_event_frame);
	if (d->arch.pirq_eoi_map) /* PHYSDEVOP_pirq_eoi_gmfn_v2 */
		count_event_frame(d, mfn_x(virt_to_mfn(d->arch.pirq_eoi_map)));
	gnttab_for_each_pin(d, count_grant_pin, d);
	for (u32 m = d->page_list_head; m != PAGE_LIST_NULL; m = frame_table[m].next)
		bad += check_frame(d, m);
	bad += (int)bad_linear;
	bad += pv_shadow_audit(d);
	spin_unlock(&audit_lock);
	if (bad)
		panic("mm_audit: %d frames of d%u have wrong reference counts", bad, d->domain_id);
}
