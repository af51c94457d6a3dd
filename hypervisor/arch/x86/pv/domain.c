/*
 * Loading a PV vCPU's state onto this CPU and entering it.
 * The vCPU's frame is copied into cpu_info.guest_regs (where every guest
 * entry lands), its page tables and segment bases are loaded, and the
 * common exit path iretqs to it.
 */
#include <xeno/lib.h>
#include <xeno/percpu.h>
#include <xeno/sched.h>
#include <xeno/setup.h>
#include <asm/processor.h>
#include <asm/pv.h>
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
	u64 cr4 = read_cr4() & ~(X86_CR4_SMEP | X86_CR4_SMAP | X86_CR4_PGE | X86_CR4_FSGSBASE);

	return cr4 | (v->pv.cr4_fsgsbase ? X86_CR4_FSGSBASE : 0);
}

static void load_cr4(const struct vcpu *v)
{
	u64 cr4 = read_cr4(),
	    want = v->pv.cr4_fsgsbase ? cr4 | X86_CR4_FSGSBASE : cr4 & ~X86_CR4_FSGSBASE;

	if (want != cr4)
		write_cr4(want);
}

void pv_set_guest_cr4(struct vcpu *v, u64 val)
{
	v->pv.cr4_fsgsbase = !!(val & X86_CR4_FSGSBASE);
	if (v == current)
		load_cr4(v);
}

/*
 * With CR4.FSGSBASE the guest may change its bases without us: refresh the
 * saved values from the hardware (GS_BASE is the current mode's).
 */
void pv_sync_segment_bases(struct vcpu *v)
{
	u64 gs, shadow;

	if (v != current || !v->pv.cr4_fsgsbase)
		return; /* the saved values are the truth: no MSR reads */
	gs = rdmsr(MSR_GS_BASE);
	shadow = rdmsr(MSR_SHADOW_GS_BASE);
	v->pv.fs_base = rdmsr(MSR_FS_BASE);
	v->pv.gs_base_kernel = v->pv.kernel_mode ? gs : shadow;
	v->pv.gs_base_user = v->pv.kernel_mode ? shadow : gs;
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

void pv_save_segments(struct vcpu *v)
{
	__asm__ __volatile__("mov %%ds, %0" : "=r"(v->pv.ds_sel));
	__asm__ __volatile__("mov %%es, %0" : "=r"(v->pv.es_sel));
}

void pv_load_segments(struct vcpu *v)
{
	u64 old[4] = {v->pv.ds_sel, v->pv.es_sel, 0, 0};
	bool ok = load_ds(v->pv.ds_sel) & load_es(v->pv.es_sel);

	if (ok)
		return;
	v->pv.ds_sel = v->pv.es_sel = 0;
	pv_failsafe(guest_regs(), old);
}

void __noreturn pv_enter_guest(struct vcpu *v)
{
	struct cpu_info *ci = get_cpu_info();

	local_irq_disable();
	ci->curr_vcpu = v;
	v->is_running = true;
	write_cr3(mfn_to_maddr(v->pv.kernel_mode ? v->pv.guest_table : v->pv.guest_table_user));
	load_segments(v);
	load_cr4(v);
	pv_update_vcpu_time(v);
	ci->guest_regs = v->regs;
	reset_stack_and_enter_guest(&ci->guest_regs);
}
