/*
 * physdev_op: the parts that concern the vCPU itself. set_iopl sets the
 * virtual I/O privilege level that port-I/O emulation checks. Physical
 * devices (IRQs, PCI) belong to dom0 work later and return -ENOSYS.
 */
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/sched.h>
#include <xeno/subop.h>
#include <public/physdev.h>

long physdev_set_iopl(struct physdev_set_iopl *iopl, struct subop_call c)
{
	if (iopl->iopl > 3)
		return -EINVAL;
	current->pv.iopl = iopl->iopl;
	return 0;
}

/* Sub-ops by table (xeno/hypercalls.def). */
long do_physdev_op(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	struct subop_call c = {.arg = guest_handle_from(void, arg)};

	return subop_dispatch(physdev_op, cmd, c);
}
