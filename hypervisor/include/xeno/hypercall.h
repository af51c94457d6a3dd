/*
 * Hypercall handlers. Every handler has the same shape: copy arguments in,
 * validate everything, then act, then copy results out; it returns a
 * non-negative value or -errno (Xen's values). Handlers run with the
 * calling vCPU's page tables loaded, so guest pointers go through
 * copy_{from,to}_guest().
 */
#ifndef XENO_HYPERCALL_H
#define XENO_HYPERCALL_H

#include <xeno/types.h>
#include <asm/regs.h>

typedef long (*hypercall_fn_t)(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);

long do_console_io(u64 cmd, u64 count, u64 buffer, u64 a4, u64 a5);
long do_xen_version(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5);
long do_sched_op(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5);
long do_domctl(u64 arg, u64 a2, u64 a3, u64 a4, u64 a5);
long do_update_va_mapping_otherdomain(u64 va, u64 val, u64 flags, u64 domid, u64 a5);
long do_multicall(u64 list, u64 nr, u64 a3, u64 a4, u64 a5);
long do_vm_assist(u64 cmd, u64 type, u64 a3, u64 a4, u64 a5);
long do_set_trap_table(u64 traps, u64 a2, u64 a3, u64 a4, u64 a5);
long do_set_callbacks(u64 event, u64 failsafe, u64 syscall, u64 a4, u64 a5);
long do_callback_op(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5);
long do_stack_switch(u64 ss, u64 sp, u64 a3, u64 a4, u64 a5);
long do_set_segment_base(u64 which, u64 base, u64 a3, u64 a4, u64 a5);
long do_iret(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long do_fpu_taskswitch(u64 set, u64 a2, u64 a3, u64 a4, u64 a5);
long do_set_debugreg(u64 reg, u64 value, u64 a3, u64 a4, u64 a5);
long do_get_debugreg(u64 reg, u64 a2, u64 a3, u64 a4, u64 a5);
long do_physdev_op(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5);
long do_mmuext_op(u64 ops, u64 count, u64 done, u64 foreigndom, u64 a5);
long do_mmu_update(u64 reqs, u64 count, u64 done, u64 foreigndom, u64 a5);
long do_update_va_mapping(u64 va, u64 val, u64 flags, u64 a4, u64 a5);
long do_event_channel_op(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5);
long do_vcpu_op(u64 cmd, u64 vcpuid, u64 arg, u64 a4, u64 a5);
long do_set_timer_op(u64 timeout, u64 a2, u64 a3, u64 a4, u64 a5);
long do_memory_op(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5);
long do_grant_table_op(u64 cmd, u64 uop, u64 count, u64 a4, u64 a5);
long do_set_gdt(u64 frame_list, u64 entries, u64 a3, u64 a4, u64 a5);
long do_update_descriptor(u64 maddr, u64 desc, u64 a3, u64 a4, u64 a5);

/* Dispatch the hypercall in regs (rax = number) and store the result. */
void hypercall_dispatch(struct cpu_user_regs *regs);

/*
 * Preemption of long hypercalls. hypercall_preempt_check() lets pending
 * interrupts in (the caller holds no lock) and says whether the vCPU
 * should leave the hypervisor now: a reschedule is due or it has an event
 * to take. Then the handler records its progress in its arguments with
 * hypercall_create_continuation() and returns: the guest re-executes the
 * hypercall with those arguments once it runs again. Never inside a
 * multicall (the check says no there).
 */
bool hypercall_preempt_check(void);
long hypercall_create_continuation(unsigned int nr, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);

#endif
