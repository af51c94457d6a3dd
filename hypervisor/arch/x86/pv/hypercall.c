/*
 * The hypercall table and SYSCALL entry from a PV guest.
 *
 * A SYSCALL from guest kernel mode is a hypercall: rax = number, arguments
 * in rdi, rsi, rdx, r10, r8, result in rax. Numbers without a handler
 * return -ENOSYS and are logged once each. (A SYSCALL from guest user mode
 * is the guest's own system call and is bounced to its syscall callback.)
 */
#include <xeno/errno.h>
#include <xeno/hypercall.h>
#include <xeno/lib.h>
#include <xeno/param.h>
#include <xeno/sched.h>
#include <public/xen.h>
#include <asm/pv.h>
#include <asm/pv_mm.h>

#define NR_HYPERCALLS 64

static const struct {
	hypercall_fn_t fn;
	const char *name;
} hypercall_table[NR_HYPERCALLS] = {
	[__HYPERVISOR_console_io] = {do_console_io, "console_io"},
	[__HYPERVISOR_xen_version] = {do_xen_version, "xen_version"},
	[__HYPERVISOR_sched_op] = {do_sched_op, "sched_op"},
	[__HYPERVISOR_set_trap_table] = {do_set_trap_table, "set_trap_table"},
	[__HYPERVISOR_stack_switch] = {do_stack_switch, "stack_switch"},
	[__HYPERVISOR_set_callbacks] = {do_set_callbacks, "set_callbacks"},
	[__HYPERVISOR_fpu_taskswitch] = {do_fpu_taskswitch, "fpu_taskswitch"},
	[__HYPERVISOR_set_debugreg] = {do_set_debugreg, "set_debugreg"},
	[__HYPERVISOR_get_debugreg] = {do_get_debugreg, "get_debugreg"},
	[__HYPERVISOR_multicall] = {do_multicall, "multicall"},
	[__HYPERVISOR_iret] = {do_iret, "iret"},
	[__HYPERVISOR_vm_assist] = {do_vm_assist, "vm_assist"},
	[__HYPERVISOR_set_segment_base] = {do_set_segment_base, "set_segment_base"},
	[__HYPERVISOR_callback_op] = {do_callback_op, "callback_op"},
	[__HYPERVISOR_mmuext_op] = {do_mmuext_op, "mmuext_op"},
	[__HYPERVISOR_mmu_update] = {do_mmu_update, "mmu_update"},
	[__HYPERVISOR_set_gdt] = {do_set_gdt, "set_gdt"},
	[__HYPERVISOR_memory_op] = {do_memory_op, "memory_op"},
	[__HYPERVISOR_event_channel_op] = {do_event_channel_op, "event_channel_op"},
	[__HYPERVISOR_vcpu_op] = {do_vcpu_op, "vcpu_op"},
	[__HYPERVISOR_set_timer_op] = {do_set_timer_op, "set_timer_op"},
	[__HYPERVISOR_update_descriptor] = {do_update_descriptor, "update_descriptor"},
	[__HYPERVISOR_update_va_mapping] = {do_update_va_mapping, "update_va_mapping"},
	[__HYPERVISOR_physdev_op] = {do_physdev_op, "physdev_op"},
	[__HYPERVISOR_domctl] = {do_domctl, "domctl"},
	[__HYPERVISOR_update_va_mapping_otherdomain] = {do_update_va_mapping_otherdomain,
							"update_va_mapping_otherdomain"},
	[__HYPERVISOR_grant_table_op] = {do_grant_table_op, "grant_table_op"},
};

static u64 enosys_logged;

static void log_enosys_once(u64 nr)
{
	u64 bit = 1ULL << (nr < 64 ? nr : 63);

	if (__atomic_fetch_or(&enosys_logged, bit, __ATOMIC_RELAXED) & bit)
		return;
	printk(XENLOG_WARNING "d%u: hypercall %lu not implemented (-ENOSYS)\n",
	       current->domain->domain_id, (unsigned long)nr);
}

void arch_multicall_nest(int delta)
{
	get_cpu_info()->multicall_depth += (u16)delta;
}

bool hypercall_preempt_check(void)
{
	struct vcpu *v = current;

	if (get_cpu_info()->multicall_depth)
		return false;
	/* An interrupt window: STI holds interrupts off for one more instruction. */
	__asm__ __volatile__("sti; nop; cli" ::: "memory");
	return sched_pending() || vcpu_upcall_deliverable(v);
}

long hypercall_create_continuation(unsigned int nr, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct cpu_user_regs *regs = &get_cpu_info()->guest_regs;

	regs->rdi = a1, regs->rsi = a2, regs->rdx = a3, regs->r10 = a4, regs->r8 = a5;
	regs->rax = nr;
	regs->rip -= 2; /* back onto the SYSCALL: the hypercall runs again */
	get_cpu_info()->hypercall_continued = 1;
	return 0;
}

long arch_hypercall_call(u64 nr, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	if (nr >= NR_HYPERCALLS || !hypercall_table[nr].fn) {
		log_enosys_once(nr);
		return -ENOSYS;
	}
	return hypercall_table[nr].fn(a1, a2, a3, a4, a5);
}

/* Debugging aid: hypercall_trace=N logs the first N hypercalls and results. */
static unsigned int opt_hypercall_trace;
integer_param("hypercall_trace", opt_hypercall_trace);

void hypercall_dispatch(struct cpu_user_regs *regs)
{
	u64 nr = regs->rax;
	long rc;

	mm_audit_before_hypercall();
	rc = arch_hypercall_call(nr, regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8);

	if (get_cpu_info()->hypercall_continued)
		get_cpu_info()->hypercall_continued = 0; /* the registers hold it */
	else
		regs->rax = (u64)rc;
	mm_audit_after_hypercall(current->domain);
	if (opt_hypercall_trace) {
		opt_hypercall_trace--;
		printk("d%u hc %lu %s(%lx, %lx, %lx, %lx) = %ld @%lx\n", current->domain->domain_id,
		       (unsigned long)nr,
		       nr < NR_HYPERCALLS && hypercall_table[nr].name ? hypercall_table[nr].name
								      : "?",
		       regs->rdi, regs->rsi, regs->rdx, regs->r10, (long)regs->rax, regs->rip);
	}
}

void pv_syscall_entry(struct cpu_user_regs *regs);
void pv_syscall_entry(struct cpu_user_regs *regs)
{
	if (!current->pv.kernel_mode) {
		pv_syscall_from_user(regs);
		return;
	}
	hypercall_dispatch(regs);
}
