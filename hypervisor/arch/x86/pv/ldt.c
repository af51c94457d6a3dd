/*
 * Guest LDTs (MMUEXT_SET_LDT, vcpu_guest_context.ldt_*), as Xen does them:
 * the LDT lives in the guest's own memory at a linear address (base,
 * entries); LDTR points at this CPU's LDT window, whose pages are filled in
 * lazily when the CPU first touches them (a #PF in the window, from a
 * selector load by the guest or by us). The guest page must be present in
 * the vCPU's kernel page tables and become a descriptor page (validated:
 * every descriptor safe; impossible while it is mapped writable anywhere),
 * else the guest gets that #PF at the LDT's linear address.
 *
 * Invariant: v->pv.ldt_frames holds pages only while v is loaded on a CPU,
 * and they are mapped in that CPU's window; each holds a general and a
 * descriptor-type reference. They go when the LDT changes and when v leaves
 * the CPU (pv_ldt_release).
 */
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/percpu.h>
#include <xeno/sched.h>
#include <asm/config.h>
#include <asm/desc.h>
#include <asm/pv.h>
#include <asm/pv_mm.h>

#define LDT_VIRT_START (GDT_VIRT_START + NR_CPUS * GDT_WINDOW_SIZE)
#define LDT_PAGES 16

static unsigned long ldt_window(unsigned int cpu)
{
	return LDT_VIRT_START + (unsigned long)cpu * GDT_WINDOW_SIZE;
}

/* Unmap v's LDT pages from this CPU's window and drop their references. */
void pv_ldt_release(struct vcpu *v)
{
	unsigned long window = ldt_window(smp_processor_id());

	for (unsigned int i = 0; i < LDT_PAGES; i++) {
		if (mfn_x(v->pv.ldt_frames[i]) == mfn_x(INVALID_MFN))
			continue;
		map_pages(window + i * PAGE_SIZE, 0, 1, 0);
		pv_put_page_and_type(v->domain, v->pv.ldt_frames[i]);
		v->pv.ldt_frames[i] = INVALID_MFN;
	}
}

void pv_ldt_init(struct vcpu *v)
{
	for (unsigned int i = 0; i < LDT_PAGES; i++)
		v->pv.ldt_frames[i] = INVALID_MFN;
}

/* Point LDTR at this CPU's window for v's LDT (or at nothing). */
void pv_ldt_load(const struct vcpu *v)
{
	cpu_load_ldt(v->pv.ldt_ents ? ldt_window(smp_processor_id()) : 0, v->pv.ldt_ents);
}

int pv_set_ldt(struct vcpu *v, u64 base, unsigned int ents)
{
	pv_ldt_release(v);
	v->pv.ldt_base = base;
	v->pv.ldt_ents = ents;
	pv_ldt_load(v);
	return 0;
}

/* Map LDT page `page` of v; false if the guest's page cannot be one. */
static bool map_ldt_page(struct vcpu *v, unsigned int page)
{
	u64 va = v->pv.ldt_base + (u64)page * PAGE_SIZE, e;
	unsigned int idx;
	mfn_t l1, frame;

	if (pv_find_l1_in(v->domain, v->pv.guest_table, va, &l1, &idx))
		return false;
	e = ((u64 *)mfn_to_virt(l1))[idx];
	pv_put_table(v->domain, l1);
	frame = maddr_to_mfn(e & PADDR_MASK);
	if (!(e & _PAGE_PRESENT) || pv_get_page_and_type(v->domain, frame, PGT_seg_desc_page))
		return false;
	v->pv.ldt_frames[page] = frame;
	/* Writable for the CPU, which sets descriptors' accessed bits. */
	map_pages(ldt_window(smp_processor_id()) + (u64)page * PAGE_SIZE, mfn_x(frame), 1,
		  PAGE_HYPERVISOR_RW);
	return true;
}

/*
 * A #PF at cr2: if it is in this CPU's LDT window within the current vCPU's
 * LDT, map the page (the access is retried) or, from guest mode, hand the
 * guest the #PF at the LDT's linear address. False: not an LDT fault we
 * resolved (a hypervisor access then takes its exception-table fixup).
 */
static bool __attribute__((noinline)) ldt_fault(struct cpu_user_regs *regs, u64 cr2)
{
	struct vcpu *v = current;
	u64 off = cr2 - ldt_window(smp_processor_id());
	u32 ec;

	if (cr2 < ldt_window(smp_processor_id()) || off >= (u64)v->pv.ldt_ents * 8)
		return false;
	if (mfn_x(v->pv.ldt_frames[off / PAGE_SIZE]) == mfn_x(INVALID_MFN) &&
	    map_ldt_page(v, (unsigned int)(off / PAGE_SIZE)))
		return true;
	if (regs_from_hypervisor(regs))
		return false;
	ec = (regs->error_code & ~4u) | (v->pv.kernel_mode ? 0 : 4);
	v->vcpu_info->arch.cr2 = v->pv.ldt_base + off;
	pv_inject_exception(regs, 14, &ec);
	return true;
}

/* Every guest #PF asks: most vCPUs have no LDT (the check inline). */
bool pv_ldt_fault(struct cpu_user_regs *regs, u64 cr2)
{
	struct vcpu *v = current;

	return v && v->pv.ldt_ents && ldt_fault(regs, cr2);
}
