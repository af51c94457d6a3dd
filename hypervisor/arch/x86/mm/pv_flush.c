/*
 * TLB flushes for PV guests' page-table changes: this CPU's whole TLB, the
 * CPUs a domain's vCPUs may hold translations on, and those of the vCPUs
 * a guest names in a bitmap (MMUEXT_*_MULTI, UVMF_MULTI).
 *
 * Invariants: a vCPU not loaded on any CPU holds no translation (its next
 * root load flushes: pv/domain.c), so only the CPUs vCPUs are loaded on
 * (v->pv.tlb_cpu) and d->dirty_cpumask need flushing; a frame that stops
 * being writable is flushed from every CPU of its domain before it becomes
 * a table (pv_retype_flush).
 */
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/lib.h>
#include <xeno/smp.h>
#include <asm/processor.h>
#include <asm/pv_mm.h>

void flush_tlb_local(void)
{
	u64 cr4 = read_cr4();

	/* Toggling PGE flushes global entries too. */
	write_cr4(cr4 & ~X86_CR4_PGE);
	write_cr4(cr4);
}

/* Every CPU that may hold translations of d's page tables, and this one. */
void pv_flush_domain_tlbs(struct domain *d)
{
	flush_tlb_mask(__atomic_load_n(&d->dirty_cpumask, __ATOMIC_ACQUIRE) |
		       (1ULL << smp_processor_id()));
}

/*
 * The CPUs whose TLBs may hold translations of the vCPUs named in the
 * guest's bitmap at addr (MMUEXT_*_MULTI, UVMF_MULTI; one word, as d has
 * at most 64 vCPUs; bits past max_vcpus ignored, as in Xen): the CPUs they
 * are loaded on (v->pv.tlb_cpu). One not loaded has no translation left
 * (pv/domain.c). The fence orders the caller's page-table writes before
 * the reads, as loading a vCPU orders its tlb_cpu before its root.
 */
int pv_vcpumask_to_cpus(const struct domain *d, u64 addr, u64 *cpus)
{
	u64 vmask;

	*cpus = 0;
	if (copy_from_guest(&vmask, guest_handle_from(uint64, addr), 1))
		return -EFAULT;
	if (d->max_vcpus < 64)
		vmask &= (1ULL << d->max_vcpus) - 1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (; vmask; vmask &= vmask - 1) {
		const struct vcpu *v = d->vcpu[__builtin_ctzll(vmask)];
		unsigned int cpu = v ? __atomic_load_n(&v->pv.tlb_cpu, __ATOMIC_SEQ_CST) : NR_CPUS;

		if (cpu < NR_CPUS)
			*cpus |= 1ULL << cpu;
	}
	return 0;
}

/*
 * Flush va (one page, or everything if !one) from the TLBs of cpus. Only
 * this CPU's gets the single invlpg (the flush IPI carries no address: the
 * others flush everything); an address outside guest space flushes nothing
 * here, as INVLPG_LOCAL.
 */
void pv_flush_cpus(u64 cpus, u64 va, bool one)
{
	u64 self = 1ULL << smp_processor_id();

	if (one && (cpus & self)) {
		if (guest_range_ok(va, 1))
			invlpg(va);
		cpus &= ~self;
	}
	if (cpus)
		flush_tlb_mask(cpus);
}

/* A frame stops being writable: no CPU may keep a writable translation. */
void pv_retype_flush(struct page_info *pg, void *ctx)
{
	pv_flush_domain_tlbs(ctx);
}
