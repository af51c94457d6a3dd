/*
 * libxend: xm create. The configuration (xl.cfg, tools/libs/cfg) gives the
 * name, kernel, ramdisk, command line (cmdline, else root= and extra),
 * memory (MiB, default 128), vcpus; unknown keys are refused
 * with a "did you mean". Then: createdomain, the builder (libxguest), the
 * xenstore nodes (nodes.c), XS_INTRODUCE, unpause. A failure after
 * createdomain destroys the half-built domain.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xend.h"
#include "xend_private.h"
#include "../libs/cfg/xcfg.h"
#include "../libs/ctrl/xctrl.h"
#include "../libs/guest/xguest.h"

/* Keys xm reads, and keys of xl.cfg it accepts but does not act on yet. */
static const char *const known_keys[] = {
	"name",
	"type",
	"builder",
	"kernel",
	"ramdisk",
	"cmdline",
	"root",
	"extra",
	"memory",
	"maxmem",
	"vcpus",
	"maxvcpus",
	"uuid",
	"on_poweroff",
	"on_reboot",
	"on_crash",
	"on_watchdog",
	"on_soft_reset",
	"disk",
	"vif",
	"cpus",
	"cpus_soft",
	"cpu_weight",
	"cap",
	"pool",
	"max_grant_frames",
	"max_maptrack_frames",
	"max_event_channels",
	"bootloader",
	"bootloader_args",
	"e820_host",
	"channel",
	"vfb",
	"vkb",
	"pci",
	"vtpm",
	"p9",
	NULL,
};

static int cfg_error(struct xend *x, const char *msg)
{
	snprintf(x->err, sizeof(x->err), "%s", msg);
	return -EINVAL;
}

static int get_str(struct xend *x, const struct xcfg *cfg, const char *key, const char **out)
{
	char err[256];
	int rc = xcfg_get_string(cfg, key, out, err, sizeof(err));

	if (rc == -EINVAL)
		return cfg_error(x, err);
	return rc == -ENOENT ? 0 : rc;
}

static int get_num(struct xend *x, const struct xcfg *cfg, const char *key, long lo, long hi,
		   long *out)
{
	char err[256];
	int rc = xcfg_get_long(cfg, key, out, err, sizeof(err));

	if (rc == -EINVAL)
		return cfg_error(x, err);
	if (!rc && (*out < lo || *out > hi)) {
		snprintf(x->err, sizeof(x->err), "%s: %s = %ld is out of range (%ld..%ld)",
			 cfg->file, key, *out, lo, hi);
		return -EINVAL;
	}
	return rc == -ENOENT ? 0 : rc;
}

static int read_config(struct xend *x, const struct xcfg *cfg, struct xend_config *c)
{
	const char *type = "pv", *root = NULL, *extra = NULL;
	long mem = 128, vcpus = 1;
	int rc;
	char err[256];

	if ((rc = xcfg_check_keys(cfg, known_keys, err, sizeof(err))))
		return cfg_error(x, err);
	if ((rc = get_str(x, cfg, "name", &c->name)) || (rc = get_str(x, cfg, "type", &type)) ||
	    (rc = get_str(x, cfg, "kernel", &c->kernel)) ||
	    (rc = get_str(x, cfg, "ramdisk", &c->ramdisk)) ||
	    (rc = get_str(x, cfg, "cmdline", &c->cmdline)) ||
	    (rc = get_str(x, cfg, "root", &root)) || (rc = get_str(x, cfg, "extra", &extra)) ||
	    (rc = get_num(x, cfg, "memory", 1, 1 << 20, &mem)) ||
	    (rc = get_num(x, cfg, "vcpus", 1, 128, &vcpus)))
		return rc;
	if (!c->name)
		return cfg_error(x, "domain name must be specified (name = \"...\")");
	if (strcmp(type, "pv"))
		return cfg_error(x, "only type = \"pv\" domains are supported");
	if (!c->kernel)
		return cfg_error(x, "Neither kernel nor bootloader specified");
	if (!c->cmdline) {
		snprintf(c->cmdline_buf, sizeof(c->cmdline_buf), "%s%s%s%s", root ? "root=" : "",
			 root ? root : "", root && extra ? " " : "", extra ? extra : "");
		c->cmdline = c->cmdline_buf;
	}
	c->memory_mib = (unsigned long)mem;
	c->vcpus = (unsigned int)vcpus;
	return 0;
}

static int load_config(struct xend *x, const char *path, char *const overrides[], int n,
		       struct xcfg **cfg)
{
	char err[256];
	int rc = xcfg_parse_file(path, cfg, err, sizeof(err));

	for (int i = 0; !rc && i < n; i++)
		rc = xcfg_override(*cfg, overrides[i], err, sizeof(err));
	if (rc)
		cfg_error(x, err);
	return rc;
}

static int name_taken(struct xend *x, const char *name)
{
	struct xend_dom d;

	return xend_lookup(x, name, &d) == 0;
}

static int build(struct xend *x, const struct xend_config *c, uint16_t domid,
		 const struct xguest_image *img)
{
	struct xguest_build b = {
		.domid = domid,
		.vcpus = c->vcpus,
		.memory_kib = c->memory_mib << 10,
		.cmdline = c->cmdline,
	};
	int rc = xguest_build(x->call, &b, img, x->err, sizeof(x->err));

	if (!rc)
		rc = xend_write_nodes(x, c, domid, &b);
	if (!rc && (rc = xstore_introduce(x->xs, domid, b.store_mfn, b.store_port)))
		snprintf(x->err, sizeof(x->err), "XS_INTRODUCE of domain %u: %s", domid,
			 strerror(-rc));
	return rc;
}

static int create_domain(struct xend *x, const struct xend_config *c, uint16_t *domid)
{
	struct xen_domctl_createdomain dc = {
		.max_vcpus = c->vcpus,
		.max_evtchn_port = 1023,
		.max_grant_frames = -1,
		.max_maptrack_frames = -1,
		.grant_opts = XEN_DOMCTL_GRANT_version(1),
	};
	int rc;

	memcpy(dc.handle, c->uuid, sizeof(dc.handle));
	*domid = 0;
	rc = xctrl_createdomain(x->call, &dc, domid);
	if (rc)
		snprintf(x->err, sizeof(x->err), "createdomain: %s", strerror(-rc));
	return rc;
}

int xend_check_config(struct xend *x, const char *cfg_path, char *const overrides[], int n,
		      char *summary, size_t size)
{
	struct xend_config c = {0};
	struct xcfg *cfg = NULL;
	int rc = load_config(x, cfg_path, overrides, n, &cfg);

	if (!rc)
		rc = read_config(x, cfg, &c);
	if (!rc)
		snprintf(summary, size,
			 "name: %s\nkernel: %s\nramdisk: %s\ncmdline: %s\nmemory: %lu MiB\n"
			 "vcpus: %u\n",
			 c.name, c.kernel, c.ramdisk ? c.ramdisk : "(none)", c.cmdline,
			 c.memory_mib, c.vcpus);
	xcfg_free(cfg);
	return rc;
}

int xend_create(struct xend *x, const char *cfg_path, char *const overrides[], int n, bool paused,
		uint16_t *domid)
{
	struct xend_config c = {0};
	struct xguest_image img;
	struct xcfg *cfg = NULL;
	int rc = load_config(x, cfg_path, overrides, n, &cfg);

	if (!rc)
		rc = read_config(x, cfg, &c);
	if (!rc && name_taken(x, c.name)) {
		snprintf(x->err, sizeof(x->err), "domain with name \"%s\" already exists.", c.name);
		rc = -EEXIST;
	}
	if (!rc)
		rc = xguest_load(&img, c.kernel, c.ramdisk, x->err, sizeof(x->err));
	if (rc) {
		xcfg_free(cfg);
		return rc;
	}
	xend_new_uuid(c.uuid);
	rc = create_domain(x, &c, domid);
	if (!rc && (rc = build(x, &c, *domid, &img)))
		xend_destroy_quiet(x, *domid);
	if (!rc && !paused && (rc = xctrl_simple(x->call, XEN_DOMCTL_unpausedomain, *domid)))
		snprintf(x->err, sizeof(x->err), "unpause: %s", strerror(-rc));
	xguest_unload(&img);
	xcfg_free(cfg);
	return rc;
}
