/*
 * libxend: the xenstore nodes of a new domain, as libxl writes them for a
 * PV guest (ecosystem.md 3.9), before XS_INTRODUCE so that xenconsoled
 * finds the console when the introduction wakes it:
 *   /vm/<uuid>/{uuid,name}                           n0 r<id>
 *   /local/domain/<id>/{vm,name,domid}               n0 r<id>
 *     memory/{static-max,target}, cpu/<n>/availability (maxvcpus of them), console/{port,
 *     ring-ref,type,output,limit}, store/{port,ring-ref}     n0 r<id>
 *     control/, device/, data/, drivers/, feature/, attr/, error/  n<id>
 *     control/shutdown (empty), control/platform-feature-*        n<id>
 * Removal (lifecycle.c) takes /local/domain/<id> and its /vm/<uuid>.
 * All but the rings' four (store/console port and ring-ref) are written
 * before the domain is built: for a migration's target, before the stream
 * is read, so that some 40 xenstore requests are not in its downtime.
 *
 * The writer (xend_w_*, also devnodes.c's) keeps the first error: later
 * calls do nothing, so a run of writes needs one check at its end.
 * xend_write_nodes writes its ~45 nodes in ONE transaction (one commit
 * instead of a request each seen by every watcher; nothing left by a failure
 * midway), redone whole on a conflict, at most NODES_TXN_TRIES times.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xend_private.h"

#define NODES_TXN_TRIES 8

/* base + "/" + rel (rel "": base itself). */
static void w_path(const struct xend_writer *w, const char *rel, char *path, size_t n)
{
	snprintf(path, n, "%s%s%s", w->base, *rel ? "/" : "", rel);
}

void xend_w_write(struct xend_writer *w, const char *rel, const char *fmt, ...)
{
	char path[192], val[1100];
	va_list ap;

	if (w->rc)
		return;
	w_path(w, rel, path, sizeof(path));
	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	w->rc = xstore_txn_write(w->x->xs, w->txn, path, val);
	if (w->rc)
		snprintf(w->x->err, sizeof(w->x->err), "xenstore write %s: %s", path,
			 strerror(-w->rc));
}

void xend_w_dir(struct xend_writer *w, const char *rel, uint16_t owner, int reader)
{
	char path[192], own[16], rd[16];
	const char *perms[] = {own, rd};

	if (w->rc)
		return;
	w_path(w, rel, path, sizeof(path));
	snprintf(own, sizeof(own), "n%u", owner);
	snprintf(rd, sizeof(rd), "r%d", reader);
	w->rc = xstore_txn_mkdir(w->x->xs, w->txn, path);
	if (!w->rc)
		w->rc = xstore_txn_set_perms(w->x->xs, w->txn, path, perms, reader < 0 ? 1 : 2);
	if (w->rc)
		snprintf(w->x->err, sizeof(w->x->err), "xenstore mkdir %s: %s", path,
			 strerror(-w->rc));
}

static void vm_nodes(struct xend_writer *w, const struct xend_config *c, uint16_t domid,
		     const char *uuid)
{
	snprintf(w->base, sizeof(w->base), "/vm/%s", uuid);
	xend_w_dir(w, "", 0, domid);
	xend_w_write(w, "uuid", "%s", uuid);
	xend_w_write(w, "name", "%s", c->name);
	xend_w_write(w, "start_time", "%ld.00", (long)time(NULL));
}

static void domain_nodes(struct xend_writer *w, const struct xend_config *c, uint16_t domid,
			 const char *uuid)
{
	static const char *const guest_dirs[] = {"control", "device", "data", "drivers",
						 "feature", "attr",   "error"};
	char rel[32];

	snprintf(w->base, sizeof(w->base), "/local/domain/%u", domid);
	xend_w_dir(w, "", 0, domid);
	xend_w_write(w, "vm", "/vm/%s", uuid);
	xend_w_write(w, "name", "%s", c->name);
	xend_w_write(w, "domid", "%u", domid);
	xend_w_dir(w, "memory", 0, domid);
	xend_w_write(w, "memory/static-max", "%lu", c->maxmem_mib << 10);
	xend_w_write(w, "memory/target", "%lu", c->memory_mib << 10);
	xend_w_dir(w, "cpu", 0, domid);
	for (unsigned int i = 0; i < c->max_vcpus; i++) {
		snprintf(rel, sizeof(rel), "cpu/%u/availability", i);
		xend_w_write(w, rel, "%s", i < c->vcpus ? "online" : "offline");
	}
	xend_w_dir(w, "store", 0, domid);
	for (size_t i = 0; i < sizeof(guest_dirs) / sizeof(guest_dirs[0]); i++)
		xend_w_dir(w, guest_dirs[i], domid, -1);
	xend_w_write(w, "control/shutdown", "%s", "");
	xend_w_write(w, "control/platform-feature-multiprocessor-suspend", "1");
	xend_w_write(w, "control/platform-feature-xs_reset_watches", "1");
	xend_w_dir(w, "console", 0, domid);
	xend_w_write(w, "console/type", "xenconsoled");
	xend_w_write(w, "console/output", "pty");
	xend_w_write(w, "console/limit", "1048576");
}

struct nodes_txn {
	struct xend *x;
	const struct xend_config *c;
	uint16_t domid;
	bool body_failed; /* the last body's error is in x->err */
};

static int nodes_body(struct xstore *xs, xstore_txn_t t, void *arg)
{
	struct nodes_txn *a = arg;
	struct xend_writer w = {.x = a->x, .txn = t};
	char uuid[40];

	xend_uuid_str(a->c->uuid, uuid);
	vm_nodes(&w, a->c, a->domid, uuid);
	domain_nodes(&w, a->c, a->domid, uuid);
	a->body_failed = w.rc != 0;
	return w.rc;
}

int xend_write_nodes(struct xend *x, const struct xend_config *c, uint16_t domid)
{
	struct nodes_txn a = {.x = x, .c = c, .domid = domid};
	int rc = xstore_transact(x->xs, NODES_TXN_TRIES, nodes_body, &a);

	if (rc == -EAGAIN)
		snprintf(x->err, sizeof(x->err),
			 "xenstore: nodes of domain %u: %d transactions conflicted", domid,
			 NODES_TXN_TRIES);
	else if (rc && !a.body_failed)
		snprintf(x->err, sizeof(x->err), "xenstore transaction: %s", strerror(-rc));
	return rc;
}

int xend_write_ring_nodes(struct xend *x, uint16_t domid, const struct xguest_build *b)
{
	struct xend_writer w = {.x = x};

	snprintf(w.base, sizeof(w.base), "/local/domain/%u", domid);
	xend_w_write(&w, "store/port", "%u", b->store_port);
	xend_w_write(&w, "store/ring-ref", "%lu", (unsigned long)b->store_mfn);
	xend_w_write(&w, "console/port", "%u", b->console_port);
	xend_w_write(&w, "console/ring-ref", "%lu", (unsigned long)b->console_mfn);
	return w.rc;
}
