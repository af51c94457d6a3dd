/*
 * Destroying a PV domain's memory (XEN_DOMCTL_destroydomain): every frame
 * goes back to the heap, scrubbed (pv_free_frame on the last reference).
 *
 * The domain is paused and off every CPU first. Then, in this order:
 *   1. each vCPU lets go of what it holds: its kernel and user L4, its GDT
 *      frames, its registered vcpu_info frame; its timers stop; the FIFO
 *      event control blocks and event array pages are let go;
 *   2. every pinned table is unpinned: the last type reference of a table
 *      devalidates it, which drops the references its entries held, down
 *      the tree (guest page tables cannot form cycles: an entry may only
 *      point to a table one level down, or to one of its own level one
 *      step deep, see arch/x86/mm/linear_pt.c);
 *   3. every frame loses its allocation reference; a frame nobody else
 *      holds is freed at once. Phases 1 and 2 free nothing (the allocation
 *      references remain), so walking the page list is safe; in phase 3 only
 *      the frame at hand can leave the list.
 * A frame another domain still holds (a grant mapping) stays until that
 * reference goes.
 */
#include <xeno/event.h>
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/sched.h>
#include <asm/pirq.h>
#include <asm/pv.h>
#include <asm/pv_mm.h>

static void put_base(struct domain *d, mfn_t *slot)
{
	if (mfn_x(*slot) != mfn_x(INVALID_MFN))
		pv_put_page_and_type(d, *slot);
	__atomic_store_n(&slot->m, mfn_x(INVALID_MFN),
			 __ATOMIC_SEQ_CST); /* mm/shadow.c "Ordering" */
}

static void vcpu_relinquish(struct vcpu *v)
{
	struct domain *d = v->domain;

	stop_timer(&v->singleshot_timer);
	stop_timer(&v->periodic_timer);
	stop_timer(&v->poll_timer);
	v->periodic_period = 0;
	put_base(d, &v->pv.guest_table);
	put_base(d, &v->pv.guest_table_user);
	pv_shadow_update_roots(v);
	pv_set_gdt(v, NULL, 0);
	v->pv.ldt_ents = 0; /* its pages went when it left its CPU */
	if (mfn_x(v->vcpu_info_mfn) != mfn_x(INVALID_MFN)) {
		static struct vcpu_info dead_vcpu_info;

		v->vcpu_info = v->vcpu_id < XEN_LEGACY_MAX_VCPUS
				       ? &d->shared_info->vcpu_info[v->vcpu_id]
				       : &dead_vcpu_info;
		put_base(d, &v->vcpu_info_mfn);
	}
}

static void unpin_all(struct domain *d)
{
	struct page_type_ops ops = pv_type_ops(d);

	for (u32 m = d->page_list_head; m != PAGE_LIST_NULL; m = frame_table[m].next) {
		struct page_info *pg = &frame_table[m];

		if ((pg->type_info & PGT_pinned) && !unpin_page_type(pg, &ops))
			put_page(pg, &ops);
	}
}

static void drop_allocations(struct domain *d)
{
	struct page_type_ops ops = pv_type_ops(d);
	u32 m = d->page_list_head;

	while (m != PAGE_LIST_NULL) {
		struct page_info *pg = &frame_table[m];

		m = pg->next; /* pg may leave the list below, nothing else can */
		if (__atomic_fetch_and(&pg->count_info, ~PGC_allocated, __ATOMIC_ACQ_REL) &
		    PGC_allocated)
			put_page(pg, &ops);
	}
}

void arch_domain_relinquish(struct domain *d)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i])
			vcpu_relinquish(d->vcpu[i]);
	evtchn_fifo_destroy(d);
	pirq_release_domain(d);
	arch_domain_free_memory_map(d);
	unpin_all(d);
	drop_allocations(d);
	pv_flush_domain_tlbs(d);
}
