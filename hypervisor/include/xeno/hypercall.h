/*
 * Hypercall handlers. Every handler has the same shape: copy arguments in,
 * validate everything, then act, then copy results out; it returns a
 * non-negative value or -errno (Xen's values). Handlers run with the
 * calling vCPU's page tables loaded, so guest pointers are typed handles
 * copied through xeno/guest_access.h. The hypercalls and their sub-ops are
 * listed once, in xeno/hypercalls.def; multiplexed ones dispatch their
 * sub-ops through xeno/subop.h.
 */
#ifndef XENO_HYPERCALL_H
#define XENO_HYPERCALL_H

#include <xeno/types.h>
#include <asm/regs.h>

typedef long (*hypercall_fn_t)(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);

/* do_<name> for every implemented hypercall of xeno/hypercalls.def. */
#define HYPERCALL_PROTO_IMPL(name) long do_##name(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
#define HYPERCALL_PROTO_PARTIAL HYPERCALL_PROTO_IMPL
#define HYPERCALL_PROTO_ENOSYS(name)
#define HYPERCALL(name, status) HYPERCALL_PROTO_##status(name)
#include <xeno/hypercalls.def>

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
