/*
 * libxgnttab's Linux backend: /dev/xen/gntdev (drivers/xen/gntdev.c).
 *
 * Facts of the device's ABI used here: ioctls in group 'G' with no
 * direction bits; 0 (MAP_GRANT_REF: count, pad, out index, then count
 * {domid, ref} pairs) reserves an offset of the device, and mmap() of the
 * device at that offset maps the grants (for PV the grant hypercall happens
 * there, so a refused grant fails the mmap); 1 (UNMAP_GRANT_REF: index,
 * count, pad) releases the offset after munmap().
 *
 * Invariant: maps lists every live mapping of the handle with its offset.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/ioctl.h>

#include "xgnttab.h"

struct gntdev_ioc_map {
	uint32_t count, pad;
	uint64_t index;
	struct {
		uint32_t domid, ref;
	} refs[1];
};

struct gntdev_ioc_unmap {
	uint64_t index;
	uint32_t count, pad;
};

#define IOC_MAP_GRANT_REF _IOC(_IOC_NONE, 'G', 0, sizeof(struct gntdev_ioc_map))
#define IOC_UNMAP_GRANT_REF _IOC(_IOC_NONE, 'G', 1, sizeof(struct gntdev_ioc_unmap))

struct gnt_map {
	struct gnt_map *next;
	void *addr;
	uint64_t index;
};

struct xgnttab {
	int fd;
	struct gnt_map *maps;
};

struct xgnttab *xgnttab_open(void)
{
	struct xgnttab *g = calloc(1, sizeof(*g));

	if (!g)
		return NULL;
	g->fd = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
	if (g->fd < 0) {
		int e = errno;

		free(g);
		errno = e;
		return NULL;
	}
	return g;
}

void xgnttab_close(struct xgnttab *g)
{
	if (!g)
		return;
	while (g->maps)
		xgnttab_unmap(g, g->maps->addr);
	close(g->fd);
	free(g);
}

static void release_index(struct xgnttab *g, uint64_t index)
{
	struct gntdev_ioc_unmap u = {index, 1, 0};

	ioctl(g->fd, IOC_UNMAP_GRANT_REF, &u);
}

int xgnttab_prepare(struct xgnttab *g)
{
	struct gntdev_ioc_map m = {.count = 1, .refs = {{0, 0}}};

	if (ioctl(g->fd, IOC_MAP_GRANT_REF, &m) < 0)
		return -errno;
	release_index(g, m.index);
	return 0;
}

void *xgnttab_map(struct xgnttab *g, uint16_t domid, uint32_t ref)
{
	struct gntdev_ioc_map m = {.count = 1, .refs = {{domid, ref}}};
	struct gnt_map *gm = malloc(sizeof(*gm));
	void *p;
	int e;

	if (!gm)
		return NULL;
	if (ioctl(g->fd, IOC_MAP_GRANT_REF, &m) < 0) {
		e = errno;
		free(gm);
		errno = e;
		return NULL;
	}
	p = mmap(NULL, XGNTTAB_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, g->fd,
		 (off_t)m.index);
	if (p == MAP_FAILED) {
		e = errno;
		release_index(g, m.index);
		free(gm);
		errno = e;
		return NULL;
	}
	*gm = (struct gnt_map){g->maps, p, m.index};
	g->maps = gm;
	return p;
}

int xgnttab_unmap(struct xgnttab *g, void *addr)
{
	struct gnt_map **pp = &g->maps, *gm;

	while (*pp && (*pp)->addr != addr)
		pp = &(*pp)->next;
	gm = *pp;
	if (!gm)
		return -EINVAL;
	*pp = gm->next;
	munmap(addr, XGNTTAB_PAGE_SIZE);
	release_index(g, gm->index);
	free(gm);
	return 0;
}
