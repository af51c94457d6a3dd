/*
 * libxend: domain lifecycle for xm. This first step links the logic into
 * the xm binary (no daemon yet: Xen 2.0's xm talked to a xend process; the
 * JSON API on a Unix socket comes with the daemon). Each call opens what it
 * needs: privcmd (libxcall) and the xenstore socket (libxstore).
 *
 * Conventions are libxl's, so Debian's xl reads what we write:
 * /local/domain/<id>/{name,domid,vm,memory,cpu,console,store,control,...}
 * and /vm/<uuid>/{name,uuid}, owned by dom0 and readable by the domain,
 * its control/, device/, data/... subtrees owned by the domain.
 */
#ifndef TOOLS_XEND_XEND_H
#define TOOLS_XEND_XEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "public/domctl.h"
#include "../libs/call/xcall.h"
#include "../libs/store/xstore.h"

struct xend {
	struct xcall *call;
	struct xstore *xs; /* NULL if xenstored is not running */
	char err[512];
};

/* 0 or -errno with the reason in x->err. */
int xend_open(struct xend *x, bool need_store);
void xend_close(struct xend *x);

struct xend_dom {
	struct xen_domctl_getdomaininfo info;
	char name[64];
};
/* All domains with their names; the count, or -errno. */
int xend_list(struct xend *x, struct xend_dom *out, int max);
/* A domain named by id or name (an unambiguous prefix of a name also works). */
int xend_lookup(struct xend *x, const char *what, struct xend_dom *out);

/* create.c: parse and check an xl.cfg file and overrides only (no
 * hypervisor needed; x may be zeroed): 0 and what would be built in summary. */
int xend_check_config(struct xend *x, const char *cfg_path, char *const overrides[], int n,
		      char *summary, size_t size);
/* The domain of an xl.cfg file plus key=value overrides; its id in *domid. */
int xend_create(struct xend *x, const char *cfg_path, char *const overrides[], int n, bool paused,
		uint16_t *domid);

/* lifecycle.c */
int xend_destroy(struct xend *x, uint16_t domid);
/* Writes control/shutdown (poweroff or reboot). */
int xend_shutdown(struct xend *x, uint16_t domid, const char *how);
/* Wait up to seconds for the domain to be shut down or gone: 0, -ETIMEDOUT. */
int xend_wait_shutdown(struct xend *x, uint16_t domid, int seconds);
int xend_pause(struct xend *x, uint16_t domid, bool pause);

#endif /* TOOLS_XEND_XEND_H */
