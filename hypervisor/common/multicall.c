/*
 * multicall: a batch of hypercalls in one entry. Each entry's result is
 * written back to it; a nested multicall is refused with -EINVAL in that
 * entry's result. An iret entry is performed (the frame at the guest's RSP
 * when it made the multicall) and ends the batch, as in Xen 4.17: its
 * result (the frame's RAX) goes to the entry and, truncated to an int as
 * Xen's return code is, to the multicall's own return. Entries are
 * processed in order; hypercalls inside a multicall are never preempted (no
 * continuations).
 */
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/lib.h>
#include <xeno/sched.h>
#include <xeno/trace.h>
#include <public/xen.h>

#define MAX_MULTICALL_ENTRIES 4096

long do_multicall(u64 list, u64 nr, u64 a3, u64 a4, u64 a5)
{
	XEN_GUEST_HANDLE(multicall_entry_t) hnd = guest_handle_from(multicall_entry_t, list);
	struct multicall_entry e;
	long rc = 0;

	if (nr > MAX_MULTICALL_ENTRIES)
		return -EINVAL;
	arch_multicall_nest(1);
	for (u64 i = 0; i < nr && !rc; i++, guest_handle_add_offset(hnd, 1)) {
		if (copy_from_guest(&e, hnd, 1)) {
			rc = -EFAULT;
			break;
		}
		TRACE(TRC_HC_ENTRY, e.op, e.args[0]); /* a slice inside the multicall's */
		if (e.op == __HYPERVISOR_multicall)
			e.result = (u64)-EINVAL;
		else
			e.result = (u64)arch_hypercall_call(e.op, e.args[0], e.args[1], e.args[2],
							    e.args[3], e.args[4]);
		TRACE(TRC_HC_EXIT, e.op, e.result);
		if (copy_field_to_guest(hnd, &e, result))
			rc = -EFAULT;
		if (e.op == __HYPERVISOR_iret) {
			rc = (int)e.result; /* the guest's RAX now; later entries do not run */
			break;
		}
	}
	arch_multicall_nest(-1);
	return rc;
}

long do_vm_assist(u64 cmd, u64 type, u64 a3, u64 a4, u64 a5)
{
	struct domain *d = current->domain;

	if (type >= 64 || !(VM_ASSIST_VALID & (1UL << type)))
		return -EINVAL;
	if (cmd == VMASST_CMD_enable)
		__atomic_fetch_or(&d->vm_assist, 1UL << type, __ATOMIC_RELAXED);
	else if (cmd == VMASST_CMD_disable)
		__atomic_fetch_and(&d->vm_assist, ~(1UL << type), __ATOMIC_RELAXED);
	else
		return -ENOSYS;
	return 0;
}
