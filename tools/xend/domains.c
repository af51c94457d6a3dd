/*
 * libxend: opening the control handles, listing domains with their names
 * (getdomaininfo walk + /local/domain/<id>/name) and resolving a domain
 * argument as xl does: a number is an id, anything else a name.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xend.h"
#include "../libs/ctrl/xctrl.h"

int xend_open(struct xend *x, bool need_store)
{
	memset(x, 0, sizeof(*x));
	x->call = xcall_open();
	if (!x->call) {
		int e = errno;

		snprintf(x->err, sizeof(x->err), "cannot open /dev/xen/privcmd: %s", strerror(e));
		return -e;
	}
	x->xs = xstore_open(NULL);
	if (!x->xs && need_store) {
		int e = errno;

		snprintf(x->err, sizeof(x->err), "cannot connect to xenstored: %s", strerror(e));
		xend_close(x);
		return -e;
	}
	return 0;
}

void xend_close(struct xend *x)
{
	xstore_close(x->xs);
	xcall_close(x->call);
	x->xs = NULL;
	x->call = NULL;
}

static void dom_name(struct xend *x, struct xend_dom *d)
{
	char path[64], *name = NULL;

	snprintf(path, sizeof(path), "/local/domain/%u/name", d->info.domain);
	if (x->xs)
		name = xstore_read(x->xs, path);
	if (name)
		snprintf(d->name, sizeof(d->name), "%s", name);
	else if (d->info.domain == 0)
		snprintf(d->name, sizeof(d->name), "Domain-0");
	else
		snprintf(d->name, sizeof(d->name), "(null)");
	free(name);
}

int xend_list(struct xend *x, struct xend_dom *out, int max)
{
	struct xen_domctl_getdomaininfo *info = calloc(max, sizeof(*info));
	int n;

	if (!info)
		return -ENOMEM;
	n = xctrl_domain_list(x->call, info, max);
	for (int i = 0; i < n; i++) {
		out[i].info = info[i];
		dom_name(x, &out[i]);
	}
	free(info);
	if (n < 0)
		snprintf(x->err, sizeof(x->err), "cannot list domains: %s", strerror(-n));
	return n;
}

int xend_lookup(struct xend *x, const char *what, struct xend_dom *out)
{
	struct xend_dom doms[256];
	char *end;
	unsigned long id = strtoul(what, &end, 10);
	int n = xend_list(x, doms, 256);

	for (int i = 0; i < n; i++) {
		bool hit = *what && !*end ? doms[i].info.domain == id : !strcmp(doms[i].name, what);

		if (hit) {
			*out = doms[i];
			return 0;
		}
	}
	snprintf(x->err, sizeof(x->err), "%s is an invalid domain identifier", what);
	return -ESRCH;
}
