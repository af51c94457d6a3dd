/*
 * sysctl and platform_op: host-wide control for the control domain. Both
 * copy their whole request in, check it in Xen 4.17's order (interface
 * version -EACCES, privilege -EPERM), then dispatch cmd through their
 * table (xeno/hypercalls.def), so a new sub-op is a handler and a row,
 * nothing else. The sysctl handlers are in common/sysctl_info.c (the CPU
 * policy ones in arch/x86/pv/cpu_policy.c), the platform_op ones in
 * arch/x86/platform. A handler works on the copied request; it is copied
 * back whole when its row says so (INOUTX rows whatever the result).
 */
#include <xeno/errno.h>
#include <xeno/hypercall.h>
#include <xeno/sched.h>
#include <xeno/subop.h>
#include <public/platform.h>
#include <public/sysctl.h>

/* The shape both share: op (at arg, size bytes, cmd first) checked, then its row. */
static long control_op(enum subop_family f, void *op, size_t size, struct subop_call c)
{
	const struct subop *s;
	long rc;

	if (!current->domain->is_privileged)
		return -EPERM;
	if (!(s = subop_lookup(f, *(const u32 *)op)))
		return -ENOSYS;
	if ((rc = subop_permitted(s)))
		return rc;
	rc = s->fn(op, c);
	if (subop_copies_back(s, rc) && copy_to_guest_raw(guest_handle_addr(c.arg), op, size))
		return -EFAULT;
	return rc;
}

long do_sysctl(u64 arg, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct subop_call c = {.arg = guest_handle_from(void, arg)};
	XEN_GUEST_HANDLE(xen_sysctl_t) hnd = guest_handle_from(xen_sysctl_t, arg);
	struct xen_sysctl op;

	if (copy_from_guest(&op, hnd, 1))
		return -EFAULT;
	if (op.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
		return -EACCES;
	return control_op(SUBOPS_sysctl, &op, sizeof(op), c);
}

long do_platform_op(u64 arg, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct subop_call c = {.arg = guest_handle_from(void, arg)};
	XEN_GUEST_HANDLE(xen_platform_op_t) hnd = guest_handle_from(xen_platform_op_t, arg);
	struct xen_platform_op op;

	if (copy_from_guest(&op, hnd, 1))
		return -EFAULT;
	if (op.interface_version != XENPF_INTERFACE_VERSION)
		return -EACCES;
	return control_op(SUBOPS_platform_op, &op, sizeof(op), c);
}
