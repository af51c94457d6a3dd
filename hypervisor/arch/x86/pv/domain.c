/*
 * The PV context switch: saving a vCPU's state off this CPU and loading
 * another's. The frame moves between v->regs and cpu_info.guest_regs
 * (where every guest entry lands); page tables (with a full TLB flush, so
 * no translation of one vCPU survives into another's), GDT frames, segment
 * bases and selectors, CR4, FPU, debug registers follow; the common exit
 * path then iretqs to the vCPU on a fresh stack. d->dirty_cpumask has this
 * CPU while one of d's vCPUs is loaded here, and v->pv.tlb_cpu names it
 * while v is (set before its root is loaded, cleared once the next root
 * has flushed the TLB): a flush for some of d's vCPUs (mm/flush.c) reaches
 * the CPUs they are loaded on; one not loaded has no translation anywhere.
 */
#include <xeno/errno.h>
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/string.h>
#include <xeno/percpu.h>
#include <xeno/sched.h>
#include <xeno/setup.h>
#include <asm/processor.h>
#include <asm/desc.h>
#include <asm/pv.h>
#include <asm/pv_mm.h>
#include <xeno/traps.h>

extern void __noreturn reset_stack_and_enter_guest(struct cpu_user_regs *frame);

static void load_segments(const struct vcpu *v)
{
	const struct pv_vcpu *pv = &v->pv;

	__asm__ __volatile__("mov %w0, %%ds; mov %w0, %%es; mov %w0, %%fs; mov %w0, %%gs" ::"r"(0));
	wrmsr(MSR_FS_BASE, pv->fs_base);
	wrmsr(MSR_GS_BASE, pv->kernel_mode ? pv->gs_base_kernel : pv->gs_base_user);
	wrmsr(MSR_SHADOW_GS_BASE, pv->kernel_mode ? pv->gs_base_user : pv->gs_base_kernel);
}

/* The guest's CR4 view: the hypervisor's, less what PV guests cannot have. */
u64 pv_guest_cr4(const struct vcpu *v)
{
	u64 cr4 = read_cr4() &
		  ~(X86_CR4_SMEP | X86_CR4_SMAP | X86_CR4_PGE | X86_CR4_FSGSBASE | X86_CR4_DE);

	return cr4 | (v->pv.cr4_fsgsbase ? X86_CR4_FSGSBASE : 0) | (v->pv.cr4_de ? X86_CR4_DE : 0);
}

static void load_cr4(const struct vcpu *v)
{
	u64 cr4 = read_cr4(),
	    want = v->pv.cr4_fsgsbase ? cr4 | X86_CR4_FSGSBASE : cr4 & ~X86_CR4_FSGSBASE;

	if (want != cr4)
		write_cr4(want);
}

/* CR4.DE only changes how the guest's DR4/DR5 read (pv/debugreg.c). */
void pv_set_guest_cr4(struct vcpu *v, u64 val)
{
	v->pv.cr4_fsgsbase = !!(val & X86_CR4_FSGSBASE);
	v->pv.cr4_de = !!(val & X86_CR4_DE);
	if (v == current)
		load_cr4(v);
}

/*
 * With CR4.FSGSBASE the guest may change its bases without us: while v runs
 * here the MSR is the truth, else the saved value is. Each getter reads the
 * one MSR that holds the base asked for (GS_BASE is the current mode's,
 * SHADOW_GS_BASE the other's) and refreshes the saved copy from it.
 */
static bool bases_live(const struct vcpu *v)
{
	return v == current && v->pv.cr4_fsgsbase;
}

u64 pv_fs_base(struct vcpu *v)
{
	if (bases_live(v))
		v->pv.fs_base = rdmsr(MSR_FS_BASE);
	return v->pv.fs_base;
}

u64 pv_gs_base(struct vcpu *v, bool kernel)
{
	u64 *saved = kernel ? &v->pv.gs_base_kernel : &v->pv.gs_base_user;

	if (bases_live(v))
		*saved = rdmsr(kernel == v->pv.kernel_mode ? MSR_GS_BASE : MSR_SHADOW_GS_BASE);
	return *saved;
}

/*
 * Data selectors across a context switch to another vCPU (the scheduler,
 * issue 5; not blocking with nothing else run, where Xen's lazy switch
 * reloads nothing either): saved, then reloaded as Xen's context switch does. One
 * the CPU refuses now (its descriptor changed meanwhile) is replaced by the
 * null selector and the guest gets its failsafe callback with the old
 * DS, ES, FS, GS in the frame.
 */
#define LOAD_SEL(seg)                                                     \
	static bool load_##seg(u16 sel)                                   \
	{                                                                 \
		bool ok = true;                                           \
		__asm__ __volatile__("1: movl %k1, %%" #seg "\n"          \
				     "2:\n"                               \
				     ".pushsection .text.fixup, \"ax\"\n" \
				     "3: movl %k2, %%" #seg "\n"          \
				     "   movb $0, %0\n"                   \
				     "   jmp 2b\n"                        \
				     ".popsection\n" _ASM_EXTABLE(1b, 3b) \
				     : "+qm"(ok)                          \
				     : "r"((u32)sel), "r"(0U));           \
		return ok;                                                \
	}
LOAD_SEL(ds)
LOAD_SEL(es)
LOAD_SEL(fs)
LOAD_SEL(gs)

void pv_save_segments(struct vcpu *v)
{
	__asm__ __volatile__("mov %%ds, %0" : "=r"(v->pv.ds_sel));
	__asm__ __volatile__("mov %%es, %0" : "=r"(v->pv.es_sel));
	__asm__ __volatile__("mov %%fs, %0" : "=r"(v->pv.fs_sel));
	__asm__ __volatile__("mov %%gs, %0" : "=r"(v->pv.gs_sel));
}

/*
 * A nonzero FS or GS selector is reloaded too (the base its descriptor
 * gives is then replaced by the saved 64-bit base, as it was).
 */
void pv_load_segments(struct vcpu *v)
{
	struct pv_vcpu *pv = &v->pv;
	u64 old[4] = {pv->ds_sel, pv->es_sel, pv->fs_sel, pv->gs_sel};
	bool ok = load_ds(pv->ds_sel) & load_es(pv->es_sel);

	if (pv->fs_sel) {
		ok &= load_fs(pv->fs_sel);
		wrmsr(MSR_FS_BASE, pv->fs_base);
	}
	if (pv->gs_sel) {
		ok &= load_gs(pv->gs_sel);
		wrmsr(MSR_GS_BASE, pv->kernel_mode ? pv->gs_base_kernel : pv->gs_base_user);
	}
	if (ok)
		return;
	pv->ds_sel = pv->es_sel = pv->fs_sel = pv->gs_sel = 0;
	pv_failsafe(guest_regs(), old);
}

/*
 * FPU/SSE/AVX state is switched eagerly with XSAVE/XRSTOR (FXSAVE without
 * XSAVE); a new vCPU starts from the initial state (header zero, MXCSR at
 * its reset value). XCR0 is the vCPU's own while it runs.
 */
static bool cpu_has_xsave(void)
{
	return read_cr4() & X86_CR4_OSXSAVE;
}

/* Asked once, at the first vCPU's creation (boot: XCR0 = every state a guest may enable). */
static unsigned int fpu_area_size(void)
{
	static unsigned int size;
	struct cpuid_regs r;

	if (!size && !cpu_has_xsave())
		size = 512;
	if (!size) {
		cpuid_count(0xd, 0, &r);
		size = r.ebx;
	}
	return size;
}

static void xsetbv0(u64 val)
{
	__asm__ __volatile__("xsetbv" ::"c"(0), "a"((u32)val), "d"((u32)(val >> 32)));
}

static u64 vcpu_xcr0(const struct vcpu *v)
{
	return v->pv.xcr0 ? v->pv.xcr0 : pv_xcr0_allowed();
}

int arch_vcpu_create(struct vcpu *v)
{
	v->fpu_alloc = xzalloc_bytes(fpu_area_size() + 63);
	if (!v->fpu_alloc)
		return -ENOMEM;
	pv_ldt_init(v);
	pv_reset_debugregs(v);
	pv_vmce_init(v);
	v->pv.tlb_cpu = NR_CPUS;
	v->fpu_area = (void *)(((unsigned long)v->fpu_alloc + 63) & ~63UL);
	*(u32 *)((u8 *)v->fpu_area + 24) = 0x1f80; /* MXCSR */
	*(u16 *)v->fpu_area = 0x37f;		   /* FCW (FXRSTOR path) */
	return 0;
}

/* The FPU area's size: the standard-format XSAVE area of pv_xcr0_allowed(), or 512 (FXSAVE). */
unsigned int pv_fpu_area_size(void)
{
	return fpu_area_size();
}

bool pv_fpu_uses_xsave(void)
{
	return cpu_has_xsave();
}

void arch_vcpu_destroy(struct vcpu *v)
{
	xfree(v->fpu_alloc);
	xfree(v->pv.traps_high);
}

/* Hypervisor memory of v's arch state outside struct vcpu: the FPU area, the high trap table. */
size_t arch_vcpu_hv_bytes(const struct vcpu *v)
{
	size_t high = (MAX_GUEST_TRAPS - PV_LOW_TRAPS) * sizeof(u64);

	return xmalloc_footprint(fpu_area_size() + 63) +
	       (v->pv.traps_high ? xmalloc_footprint(high) : 0);
}

static void fpu_save(struct vcpu *v)
{
	if (cpu_has_xsave())
		__asm__ __volatile__("xsave64 (%0)" ::"r"(v->fpu_area), "a"(~0U), "d"(~0U)
				     : "memory");
	else
		__asm__ __volatile__("fxsave64 (%0)" ::"r"(v->fpu_area) : "memory");
}

static void fpu_load(struct vcpu *v)
{
	if (cpu_has_xsave()) {
		xsetbv0(vcpu_xcr0(v));
		__asm__ __volatile__("xrstor64 (%0)" ::"r"(v->fpu_area), "a"(~0U), "d"(~0U)
				     : "memory");
	} else {
		__asm__ __volatile__("fxrstor64 (%0)" ::"r"(v->fpu_area) : "memory");
	}
	if (v->pv.fpu_ts)
		write_cr0(read_cr0() | X86_CR0_TS);
}

/* Everything of prev that lives in the CPU goes back into prev. */
static void save_vcpu_state(struct vcpu *prev)
{
	struct pv_vcpu *pv = &prev->pv;
	u64 gs = rdmsr(MSR_GS_BASE), shadow = rdmsr(MSR_SHADOW_GS_BASE);

	prev->regs = get_cpu_info()->guest_regs;
	pv_save_segments(prev);
	pv->fs_base = rdmsr(MSR_FS_BASE);
	pv->gs_base_kernel = pv->kernel_mode ? gs : shadow;
	pv->gs_base_user = pv->kernel_mode ? shadow : gs;
	__asm__ __volatile__("clts");
	fpu_save(prev);
	pv_ldt_release(prev);
}

/* The new root with a full TLB flush: nothing of the old one survives. */
static void switch_cr3(paddr_t root)
{
	write_cr3(root);
	flush_tlb_local(); /* global entries too */
}

static void load_vcpu_state(struct vcpu *v)
{
	struct cpu_info *ci = get_cpu_info();
	unsigned int cpu = smp_processor_id();

	ci->curr_vcpu = v;
	ci->guest_regs = v->regs;
	__atomic_or_fetch(&v->domain->dirty_cpumask, 1ULL << cpu, __ATOMIC_SEQ_CST);
	__atomic_store_n(&v->pv.tlb_cpu, cpu, __ATOMIC_SEQ_CST);
	switch_cr3(pv_vcpu_root(v, v->pv.kernel_mode));
	pv_load_gdt_frames(v);
	pv_ldt_load(v);
	load_segments(v);
	load_cr4(v);
	__asm__ __volatile__("clts");
	fpu_load(v);
	pv_switch_debugregs(v);
	arch_update_vcpu_time(v);
	vcpu_runstate_change(v, RUNSTATE_running);
	pv_load_segments(v);
}

extern void __noreturn reset_stack_and_call(void (*fn)(void));

void __noreturn arch_context_switch(struct vcpu *prev, struct vcpu *next)
{
	unsigned int cpu = smp_processor_id();

	if (prev) {
		save_vcpu_state(prev);
		__atomic_and_fetch(&prev->domain->dirty_cpumask, ~(1ULL << cpu), __ATOMIC_SEQ_CST);
	}
	if (!next) {
		get_cpu_info()->curr_vcpu = NULL;
		cpu_load_ldt(0, 0);
		switch_cr3(virt_to_maddr(idle_pg_table));
		pv_switch_debugregs(NULL);
	} else {
		load_vcpu_state(next);
	}
	if (prev) /* the new root flushed prev's translations from this TLB */
		__atomic_store_n(&prev->pv.tlb_cpu, NR_CPUS, __ATOMIC_SEQ_CST);
	if (prev)
		sched_context_saved(prev);
	if (!next)
		reset_stack_and_call(idle_reenter);
	reset_stack_and_enter_guest(&get_cpu_info()->guest_regs);
}

void __noreturn arch_continue_running(struct vcpu *v)
{
	reset_stack_and_enter_guest(&get_cpu_info()->guest_regs);
}
