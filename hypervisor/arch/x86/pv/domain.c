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

extern void __noreturn reset_stack_and_enter_guest(struct cpu_user_regs *frame);

static void load_segments(const struct vcpu *v)
{
	const struct pv_vcpu *pv = &v->pv;

	__asm__ __volatile__("mov %w0, %%ds; mov %w0, %%es; mov %w0, %%fs; mov %w0, %%gs" ::"r"(0));
	wrmsr(MSR_FS_BASE, pv->fs_base);
	wrmsr(MSR_GS_BASE, pv->kernel_mode ? pv->gs_base_kernel : pv->gs_base_user);
	wrmsr(MSR_SHADOW_GS_BASE, pv->kernel_mode ? pv->gs_base_user : pv->gs_base_kernel);
}

void __noreturn pv_enter_guest(struct vcpu *v)
{
	struct cpu_info *ci = get_cpu_info();

	local_irq_disable();
	ci->curr_vcpu = v;
	v->is_running = true;
	write_cr3(mfn_to_maddr(v->pv.kernel_mode ? v->pv.guest_table : v->pv.guest_table_user));
	load_segments(v);
	ci->guest_regs = v->regs;
	reset_stack_and_enter_guest(&ci->guest_regs);
}
