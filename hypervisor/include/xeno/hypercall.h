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

/* Dispatch the hypercall in regs (rax = number) and store the result. */
void hypercall_dispatch(struct cpu_user_regs *regs);

#endif
