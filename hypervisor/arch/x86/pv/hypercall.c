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
#include <xeno/sched.h>
#include <public/xen.h>

#define NR_HYPERCALLS 64

static const struct {
	hypercall_fn_t fn;
	const char *name;
} hypercall_table[NR_HYPERCALLS] = {
	[__HYPERVISOR_console_io] = {do_console_io, "console_io"},
	[__HYPERVISOR_xen_version] = {do_xen_version, "xen_version"},
	[__HYPERVISOR_sched_op] = {do_sched_op, "sched_op"},
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

void hypercall_dispatch(struct cpu_user_regs *regs)
{
	u64 nr = regs->rax;

	if (nr >= NR_HYPERCALLS || !hypercall_table[nr].fn) {
		log_enosys_once(nr);
		regs->rax = (u64)-ENOSYS;
		return;
	}
	regs->rax =
		(u64)hypercall_table[nr].fn(regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8);
}

void pv_syscall_entry(struct cpu_user_regs *regs);
void pv_syscall_entry(struct cpu_user_regs *regs)
{
	struct vcpu *v = current;

	if (!v->pv.kernel_mode)
		domain_crash(v->domain, "SYSCALL from guest user mode (not yet supported)");
	hypercall_dispatch(regs);
}
