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
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xend_private.h"

struct writer {
	struct xend *x;
	char base[64];
	int rc;
};

static void w_write(struct writer *w, const char *rel, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void w_write(struct writer *w, const char *rel, const char *fmt, ...)
{
	char path[160], val[1100];
	va_list ap;

	if (w->rc)
		return;
	snprintf(path, sizeof(path), "%s%s%s", w->base, *rel ? "/" : "", rel);
	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	w->rc = xstore_write(w->x->xs, path, val);
	if (w->rc)
		snprintf(w->x->err, sizeof(w->x->err), "xenstore write %s: %s", path,
			 strerror(-w->rc));
}

/* mkdir rel under base with perms: owner dom0 readable by domid, or owned by domid. */
static void w_dir(struct writer *w, const char *rel, uint16_t domid, bool guest_owned)
{
	char path[160], own[16], rd[16];
	const char *ro[] = {"n0", rd}, *rw[] = {own};

	if (w->rc)
		return;
	snprintf(path, sizeof(path), "%s%s%s", w->base, *rel ? "/" : "", rel);
	snprintf(rd, sizeof(rd), "r%u", domid);
	snprintf(own, sizeof(own), "n%u", domid);
	w->rc = xstore_mkdir(w->x->xs, path);
	if (!w->rc)
		w->rc = guest_owned ? xstore_set_perms(w->x->xs, path, rw, 1)
				    : xstore_set_perms(w->x->xs, path, ro, 2);
	if (w->rc)
		snprintf(w->x->err, sizeof(w->x->err), "xenstore mkdir %s: %s", path,
			 strerror(-w->rc));
}

static void vm_nodes(struct writer *w, const struct xend_config *c, uint16_t domid,
		     const char *uuid)
{
	snprintf(w->base, sizeof(w->base), "/vm/%s", uuid);
	w_dir(w, "", domid, false);
	w_write(w, "uuid", "%s", uuid);
	w_write(w, "name", "%s", c->name);
	w_write(w, "start_time", "%ld.00", (long)time(NULL));
}

static void domain_nodes(struct writer *w, const struct xend_config *c, uint16_t domid,
			 const char *uuid)
{
	static const char *const guest_dirs[] = {"control", "device", "data", "drivers",
						 "feature", "attr",   "error"};
	char rel[32];

	snprintf(w->base, sizeof(w->base), "/local/domain/%u", domid);
	w_dir(w, "", domid, false);
	w_write(w, "vm", "/vm/%s", uuid);
	w_write(w, "name", "%s", c->name);
	w_write(w, "domid", "%u", domid);
	w_dir(w, "memory", domid, false);
	w_write(w, "memory/static-max", "%lu", c->maxmem_mib << 10);
	w_write(w, "memory/target", "%lu", c->memory_mib << 10);
	w_dir(w, "cpu", domid, false);
	for (unsigned int i = 0; i < c->max_vcpus; i++) {
		snprintf(rel, sizeof(rel), "cpu/%u/availability", i);
		w_write(w, rel, "%s", i < c->vcpus ? "online" : "offline");
	}
	w_dir(w, "store", domid, false);
	for (size_t i = 0; i < sizeof(guest_dirs) / sizeof(guest_dirs[0]); i++)
		w_dir(w, guest_dirs[i], domid, true);
	w_write(w, "control/shutdown", "%s", "");
	w_write(w, "control/platform-feature-multiprocessor-suspend", "1");
	w_write(w, "control/platform-feature-xs_reset_watches", "1");
	w_dir(w, "console", domid, false);
	w_write(w, "console/type", "xenconsoled");
	w_write(w, "console/output", "pty");
	w_write(w, "console/limit", "1048576");
}

int xend_write_nodes(struct xend *x, const struct xend_config *c, uint16_t domid)
{
	struct writer w = {.x = x};
	char uuid[40];

	xend_uuid_str(c->uuid, uuid);
	vm_nodes(&w, c, domid, uuid);
	domain_nodes(&w, c, domid, uuid);
	return w.rc;
}

int xend_write_ring_nodes(struct xend *x, uint16_t domid, const struct xguest_build *b)
{
	struct writer w = {.x = x};

	snprintf(w.base, sizeof(w.base), "/local/domain/%u", domid);
	w_write(&w, "store/port", "%u", b->store_port);
	w_write(&w, "store/ring-ref", "%lu", (unsigned long)b->store_mfn);
	w_write(&w, "console/port", "%u", b->console_port);
	w_write(&w, "console/ring-ref", "%lu", (unsigned long)b->console_mfn);
	return w.rc;
}
