/*
 * libxgnttab's fake backend (xgnttab_fake.h). Mapping an ungranted ref
 * fails with EINVAL, as the device's mmap does when the grant hypercall
 * refuses; unmapping counts down and checks the address was mapped.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xgnttab.h"
#include "xgnttab_fake.h"

#define FAKE_GRANTS 16

struct xgnttab {
	int unused;
};

static struct {
	uint16_t domid;
	uint32_t ref;
	void *page;
	unsigned int maps;
} grants[FAKE_GRANTS];

void fake_gnttab_reset(void)
{
	memset(grants, 0, sizeof(grants));
}

void fake_gnttab_grant(uint16_t domid, uint32_t ref, void *page)
{
	int free_slot = -1;

	for (int i = 0; i < FAKE_GRANTS; i++) {
		if (grants[i].page && grants[i].domid == domid && grants[i].ref == ref) {
			grants[i].page = page;
			return;
		}
		if (!grants[i].page && free_slot < 0)
			free_slot = i;
	}
	if (free_slot >= 0 && page)
		grants[free_slot] = (typeof(grants[0])){domid, ref, page, 0};
}

unsigned int fake_gnttab_mapped(void)
{
	unsigned int n = 0;

	for (int i = 0; i < FAKE_GRANTS; i++)
		n += grants[i].maps;
	return n;
}

struct xgnttab *xgnttab_open(void)
{
	return calloc(1, sizeof(struct xgnttab));
}

void xgnttab_close(struct xgnttab *g)
{
	free(g);
}

void *xgnttab_map(struct xgnttab *g, uint16_t domid, uint32_t ref)
{
	for (int i = 0; i < FAKE_GRANTS; i++)
		if (grants[i].page && grants[i].domid == domid && grants[i].ref == ref) {
			grants[i].maps++;
			return grants[i].page;
		}
	errno = EINVAL;
	return NULL;
}

int xgnttab_unmap(struct xgnttab *g, void *addr)
{
	for (int i = 0; i < FAKE_GRANTS; i++)
		if (grants[i].page == addr && grants[i].maps) {
			grants[i].maps--;
			return 0;
		}
	return -EINVAL;
}

int xgnttab_prepare(struct xgnttab *g)
{
	(void)g;
	return 0;
}
