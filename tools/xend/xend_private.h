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
	const char *disks[16], *vifs[16]; /* DISKSPEC, VIFSPEC strings (the config's) */
	int nr_disks, nr_vifs;
};

/* devices.c: a DISKSPEC or VIFSPEC parsed and checked (supported, the
 * bridge exists): 0 or -errno with x->err. */
struct xcfg_disk;
struct xcfg_vif;
int xend_check_disk(struct xend *x, const char *spec, struct xcfg_disk *d);
int xend_check_nic(struct xend *x, const char *spec, struct xcfg_vif *v);

void xend_new_uuid(uint8_t uuid[16]);
/* nodes.c: the xenstore nodes of a new domain (before XS_INTRODUCE): all
 * but the rings' (before it is built), then the rings' (once built). */
int xend_write_nodes(struct xend *x, const struct xend_config *c, uint16_t domid);
int xend_write_ring_nodes(struct xend *x, uint16_t domid, const struct xguest_build *b);
/* Remove a domain's nodes and destroy it, keeping x->err. */
void xend_destroy_quiet(struct xend *x, uint16_t domid);
/* save.c: control/shutdown = "suspend", waited for (0 or -errno with
 * x->err); its two halves, the request (0 or -errno) and the check (1:
 * suspended, 0: not yet, -errno: gone or shut down otherwise); the undo
 * of a suspend not followed by a destroy. */
int xend_suspend(struct xend *x, uint16_t domid);
int xend_suspend_ask(struct xend *x, uint16_t domid);
int xend_suspend_check(struct xend *x, uint16_t domid);
void xend_resume(struct xend *x, uint16_t domid);
/* migrate.c: the relocation protocol over a TCP socket (timeouts, no Nagle); ctx is io's. */
struct xend_reloc_io;
void xend_reloc_socket(int fd, struct xend_reloc_io *io, int *ctx);

#endif /* TOOLS_XEND_XEND_PRIVATE_H */
