/*
 * libxctrl: xen_version sub-ops. The argument buffer is copied into the
 * handle's page and back (xen_version has no other argument).
 */
#include <errno.h>
#include <string.h>

#include "xctrl.h"

long xctrl_version(struct xcall *c, int cmd, void *buf, size_t size)
{
	char *page = xcall_buf(c);
	uint64_t args[5] = {(uint64_t)cmd, buf ? (uintptr_t)page : 0};
	long r;

	if (size > XCALL_PAGE_SIZE - 1)
		return -EINVAL;
	if (buf) /* in and out: XENVER_build_id reads its xen_varbuf length */
		memcpy(page, buf, size);
	r = xcall_hypercall(c, __HYPERVISOR_xen_version, args);
	if (buf && r >= 0)
		memcpy(buf, page, size);
	return r;
}
