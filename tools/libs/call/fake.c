/*
 * libxcall's fake backend (xcall_fake.h). Only XEN_DOMCTL_getdomaininfo
 * is a known hypercall (others: -ENOSYS); it fails with -ESRCH when no
 * domain >= the asked domid exists, as Xen does. A "mapping" of a frame is
 * the test's page itself; the count of live ones catches leaks.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xcall.h"
#include "xcall_fake.h"

#define FAKE_DOMAINS 64
#define FAKE_FRAMES 16

struct xcall {
	unsigned char buf[XCALL_PAGE_SIZE];
};

static struct {
	bool exists;
	uint32_t flags;
} domains[FAKE_DOMAINS];

static struct {
	uint16_t domid;
	uint64_t gfn;
	void *page;
} frames[FAKE_FRAMES];

static unsigned int mapped;

void fake_call_reset(void)
{
	memset(domains, 0, sizeof(domains));
	memset(frames, 0, sizeof(frames));
	mapped = 0;
}

void fake_call_set_domain(uint16_t domid, uint32_t flags)
{
	if (domid < FAKE_DOMAINS) {
		domains[domid].exists = true;
		domains[domid].flags = flags;
	}
}

void fake_call_remove_domain(uint16_t domid)
{
	if (domid < FAKE_DOMAINS)
		domains[domid].exists = false;
}

void fake_call_set_frame(uint16_t domid, uint64_t gfn, void *page)
{
	for (int i = 0; i < FAKE_FRAMES; i++)
		if (!frames[i].page || (frames[i].domid == domid && frames[i].gfn == gfn)) {
			frames[i].domid = domid;
			frames[i].gfn = gfn;
			frames[i].page = page;
			return;
		}
}

unsigned int fake_call_mapped(void)
{
	return mapped;
}

struct xcall *xcall_open(void)
{
	return calloc(1, sizeof(struct xcall));
}

void xcall_close(struct xcall *c)
{
	free(c);
}

void *xcall_buf(struct xcall *c)
{
	return c->buf;
}

static long fake_domctl(struct xen_domctl *d)
{
	if (d->cmd != XEN_DOMCTL_getdomaininfo ||
	    d->interface_version != XEN_DOMCTL_INTERFACE_VERSION)
		return -ENOSYS;
	for (unsigned int id = d->domain; id < FAKE_DOMAINS; id++)
		if (domains[id].exists) {
			memset(&d->u.getdomaininfo, 0, sizeof(d->u.getdomaininfo));
			d->u.getdomaininfo.domain = (domid_t)id;
			d->u.getdomaininfo.flags = domains[id].flags;
			return 0;
		}
	return -ESRCH;
}

long xcall_hypercall(struct xcall *c, unsigned int op, const uint64_t args[5])
{
	if (op == __HYPERVISOR_domctl)
		return fake_domctl((struct xen_domctl *)(uintptr_t)args[0]);
	return -ENOSYS;
}

void *xcall_map_foreign(struct xcall *c, uint16_t domid, uint64_t gfn)
{
	for (int i = 0; i < FAKE_FRAMES; i++)
		if (frames[i].page && frames[i].domid == domid && frames[i].gfn == gfn) {
			mapped++;
			return frames[i].page;
		}
	errno = EINVAL;
	return NULL;
}

int xcall_unmap_foreign(struct xcall *c, void *addr)
{
	if (!mapped)
		return -EINVAL;
	mapped--;
	return 0;
}

void *xcall_map_foreign_range(struct xcall *c, uint16_t domid, const uint64_t *gfns, size_t n)
{
	errno = ENOSYS; /* host tests map single frames only */
	return NULL;
}

void *xcall_map_foreign_range_ro(struct xcall *c, uint16_t domid, const uint64_t *gfns, size_t n)
{
	return xcall_map_foreign_range(c, domid, gfns, n);
}

int xcall_unmap_range(struct xcall *c, void *addr, size_t n)
{
	return -EINVAL;
}
