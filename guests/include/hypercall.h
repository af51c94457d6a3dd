/*
 * Hypercall wrappers for test guests. Two ways in, both part of the ABI:
 * the hypercall page the hypervisor filled in (HYPERCALL_PAGE note; entry
 * nr at hypercall_page + 32 * nr) and a bare SYSCALL from guest kernel mode
 * with RAX = nr. hypercall_via_syscall selects which one the typed wrappers
 * below use; tests of the mechanism itself call hypercall_page_call() and
 * hypercall_syscall() directly.
 */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include <stdint.h>
#include <public/xen.h>
#include <public/sched.h>
#include <public/version.h>
#include <public/callback.h>
#include <public/physdev.h>
#include <public/errno.h>

extern char hypercall_page[4096];
extern int hypercall_via_syscall;

static inline long hypercall_syscall(unsigned int nr, long a1, long a2, long a3, long a4, long a5)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	long ret;

	__asm__ __volatile__("syscall"
			     : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
			     : "0"((long)nr)
			     : "rcx", "r11", "memory");
	return ret;
}

static inline long hypercall_page_call(unsigned int nr, long a1, long a2, long a3, long a4, long a5)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	long ret;

	__asm__ __volatile__("call *%[entry]"
			     : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
			     : [entry] "r"(hypercall_page + 32 * nr)
			     : "rcx", "r11", "memory");
	return ret;
}

static inline long hypercall(unsigned int nr, long a1, long a2, long a3, long a4, long a5)
{
	if (hypercall_via_syscall)
		return hypercall_syscall(nr, a1, a2, a3, a4, a5);
	return hypercall_page_call(nr, a1, a2, a3, a4, a5);
}

#define HC(nr, a1, a2, a3) hypercall(__HYPERVISOR_##nr, (long)(a1), (long)(a2), (long)(a3), 0, 0)

static inline long hc_console_write(const char *buf, unsigned long len)
{
	return HC(console_io, CONSOLEIO_write, len, buf);
}
static inline long hc_xen_version(int cmd, void *arg)
{
	return HC(xen_version, cmd, arg, 0);
}
static inline long hc_sched_op(int cmd, void *arg)
{
	return HC(sched_op, cmd, arg, 0);
}
static inline long hc_shutdown(unsigned int reason)
{
	struct sched_shutdown s = {.reason = reason};

	return hc_sched_op(SCHEDOP_shutdown, &s);
}
static inline long hc_set_trap_table(const struct trap_info *t)
{
	return HC(set_trap_table, t, 0, 0);
}
static inline long hc_multicall(struct multicall_entry *m, unsigned int n)
{
	return HC(multicall, m, n, 0);
}
static inline long hc_callback_op(int cmd, const void *arg)
{
	return HC(callback_op, cmd, arg, 0);
}
static inline long hc_stack_switch(unsigned long ss, unsigned long sp)
{
	return HC(stack_switch, ss, sp, 0);
}
static inline long hc_set_segment_base(unsigned int which, unsigned long base)
{
	return HC(set_segment_base, which, base, 0);
}
static inline long hc_fpu_taskswitch(int set)
{
	return HC(fpu_taskswitch, set, 0, 0);
}
static inline long hc_set_debugreg(int reg, unsigned long val)
{
	return HC(set_debugreg, reg, val, 0);
}
static inline long hc_get_debugreg(int reg)
{
	return HC(get_debugreg, reg, 0, 0);
}
static inline long hc_vm_assist(unsigned int cmd, unsigned int type)
{
	return HC(vm_assist, cmd, type, 0);
}
static inline long hc_physdev_op(int cmd, void *arg)
{
	return HC(physdev_op, cmd, arg, 0);
}
static inline long hc_mmuext_op(struct mmuext_op *op, unsigned int n, unsigned int *done,
				unsigned int dom)
{
	return hypercall(__HYPERVISOR_mmuext_op, (long)op, n, (long)done, dom, 0);
}
static inline long hc_mmu_update(struct mmu_update *u, unsigned int n, unsigned int *done,
				 unsigned int dom)
{
	return hypercall(__HYPERVISOR_mmu_update, (long)u, n, (long)done, dom, 0);
}
static inline long hc_update_va_mapping(unsigned long va, uint64_t pte, unsigned long flags)
{
	return HC(update_va_mapping, va, pte, flags);
}

#endif
