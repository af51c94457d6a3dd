/*
 * sched_op. Until the scheduler exists (issue 5) each vCPU owns its CPU:
 * yield returns at once and block idles until the next interrupt.
 */
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/lib.h>
#include <xeno/sched.h>
#include <public/sched.h>
#include <asm/processor.h>

static long sched_shutdown(struct domain *d, u64 arg, bool record_only)
{
	struct sched_shutdown s;

	if (copy_from_guest(&s, arg, sizeof(s)))
		return -EFAULT;
	/* As in Xen: the reason is a byte, and the first recorded code wins. */
	if (record_only) {
		if (d->shutdown_code == SHUTDOWN_CODE_INVALID)
			d->shutdown_code = (u8)s.reason;
		return 0;
	}
	domain_shutdown(d, (u8)s.reason);
	return 0;
}

long do_sched_op(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	struct domain *d = current->domain;

	switch (cmd) {
	case SCHEDOP_yield: return 0;
	case SCHEDOP_block:
		safe_halt();
		local_irq_disable();
		return 0;
	case SCHEDOP_shutdown: return sched_shutdown(d, arg, false);
	case SCHEDOP_shutdown_code: return sched_shutdown(d, arg, true);
	default: return -ENOSYS;
	}
}
