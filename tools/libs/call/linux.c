/*
 * libxcall's Linux backend: /dev/xen/privcmd (drivers/xen/privcmd.c) and
 * /dev/xen/hypercall (privcmd-buf.c).
 *
 * Facts of the devices' ABI used here: ioctls in group 'P' with no
 * direction bits; 0 is a hypercall (op and five 64-bit arguments, the
 * result as the ioctl's, negative ones as -1/errno); 4 is MMAPBATCH_V2
 * (count, domid, a privcmd mmap()ed address, arrays of frames and per-frame
 * errors): the frames are mapped over that address. mmap() of
 * /dev/xen/hypercall gives pages the kernel keeps present, so a hypercall
 * never faults on them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/ioctl.h>

#include "xcall.h"

struct privcmd_ioc_hypercall {
	uint64_t op;
	uint64_t arg[5];
};

struct privcmd_ioc_mmapbatch_v2 {
	unsigned int num;
	uint16_t dom;
	uint64_t addr;
	const uint64_t *arr;
	int *err;
};

#define IOC_HYPERCALL _IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_ioc_hypercall))
#define IOC_MMAPBATCH_V2 _IOC(_IOC_NONE, 'P', 4, sizeof(struct privcmd_ioc_mmapbatch_v2))

struct xcall {
	int fd, buf_fd;
	void *buf;
};

static void *map_buf(struct xcall *c)
{
	void *p;

	c->buf_fd = open("/dev/xen/hypercall", O_RDWR | O_CLOEXEC);
	if (c->buf_fd >= 0) {
		p = mmap(NULL, XCALL_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, c->buf_fd, 0);
		if (p != MAP_FAILED)
			return p;
		close(c->buf_fd);
		c->buf_fd = -1;
	}
	p = mmap(NULL, XCALL_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	mlock(p, XCALL_PAGE_SIZE);
	return p;
}

struct xcall *xcall_open(void)
{
	struct xcall *c = calloc(1, sizeof(*c));
	int e;

	if (!c)
		return NULL;
	c->fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
	if (c->fd >= 0) {
		c->buf = map_buf(c);
		if (c->buf)
			return c;
	}
	e = errno;
	if (c->fd >= 0)
		close(c->fd);
	free(c);
	errno = e;
	return NULL;
}

void xcall_close(struct xcall *c)
{
	if (!c)
		return;
	munmap(c->buf, XCALL_PAGE_SIZE);
	if (c->buf_fd >= 0)
		close(c->buf_fd);
	close(c->fd);
	free(c);
}

void *xcall_buf(struct xcall *c)
{
	return c->buf;
}

long xcall_hypercall(struct xcall *c, unsigned int op, const uint64_t args[5])
{
	struct privcmd_ioc_hypercall h = {op, {args[0], args[1], args[2], args[3], args[4]}};
	long r = ioctl(c->fd, IOC_HYPERCALL, &h);

	return r < 0 ? -errno : r;
}

void *xcall_map_foreign(struct xcall *c, uint16_t domid, uint64_t gfn)
{
	void *p = mmap(NULL, XCALL_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd, 0);
	int err = 0;
	struct privcmd_ioc_mmapbatch_v2 b = {1, domid, (uintptr_t)p, &gfn, &err};

	if (p == MAP_FAILED)
		return NULL;
	if (ioctl(c->fd, IOC_MMAPBATCH_V2, &b) < 0 || err) {
		int e = err ? -err : errno;

		munmap(p, XCALL_PAGE_SIZE);
		errno = e;
		return NULL;
	}
	return p;
}

int xcall_unmap_foreign(struct xcall *c, void *addr)
{
	return munmap(addr, XCALL_PAGE_SIZE) ? -errno : 0;
}

static void *map_range(struct xcall *c, uint16_t domid, const uint64_t *gfns, size_t n, int prot)
{
	size_t len = n * XCALL_PAGE_SIZE;
	int *errs = calloc(n ? n : 1, sizeof(*errs));
	void *p = errs ? mmap(NULL, len, prot, MAP_SHARED, c->fd, 0) : MAP_FAILED;
	struct privcmd_ioc_mmapbatch_v2 b = {(unsigned int)n, domid, (uintptr_t)p, gfns, errs};
	int e = 0;

	if (p == MAP_FAILED) {
		free(errs);
		return NULL;
	}
	if (ioctl(c->fd, IOC_MMAPBATCH_V2, &b) < 0)
		e = errno;
	for (size_t i = 0; !e && i < n; i++)
		e = -errs[i];
	free(errs);
	if (e) {
		munmap(p, len);
		errno = e;
		return NULL;
	}
	return p;
}

void *xcall_map_foreign_range(struct xcall *c, uint16_t domid, const uint64_t *gfns, size_t n)
{
	return map_range(c, domid, gfns, n, PROT_READ | PROT_WRITE);
}

void *xcall_map_foreign_range_ro(struct xcall *c, uint16_t domid, const uint64_t *gfns, size_t n)
{
	return map_range(c, domid, gfns, n, PROT_READ);
}

int xcall_unmap_range(struct xcall *c, void *addr, size_t n)
{
	return munmap(addr, n * XCALL_PAGE_SIZE) ? -errno : 0;
}
