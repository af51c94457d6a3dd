/*
 * libxend internals shared by create.c, nodes.c, lifecycle.c, tune.c and util.c.
 */
#ifndef TOOLS_XEND_XEND_PRIVATE_H
#define TOOLS_XEND_XEND_PRIVATE_H

#include "xend.h"
#include "../libs/guest/xguest.h"

struct xend_config {
	const char *name, *kernel, *ramdisk, *cmdline;
	char cmdline_buf[1024];
	unsigned long memory_mib, maxmem_mib;
	unsigned int vcpus, max_vcpus;
	uint8_t uuid[16];
	char actions[XEND_NR_ACTIONS][16];
};

void xend_new_uuid(uint8_t uuid[16]);
/* nodes.c: every xenstore node of a new domain (before XS_INTRODUCE). */
int xend_write_nodes(struct xend *x, const struct xend_config *c, uint16_t domid,
		     const struct xguest_build *b);
/* Remove a domain's nodes and destroy it, keeping x->err. */
void xend_destroy_quiet(struct xend *x, uint16_t domid);

#endif /* TOOLS_XEND_XEND_PRIVATE_H */
