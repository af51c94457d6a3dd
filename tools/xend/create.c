/*
 * libxend: create. The configuration (xl.cfg text, tools/libs/cfg) gives the
 * name, kernel, ramdisk, command line (cmdline, else root= and extra),
 * memory and maxmem (MiB, default 128), vcpus and maxvcpus, on_poweroff,
 * on_reboot, on_crash, on_watchdog (destroy, restart or preserve), disk
 * and vif (lists of xl's DISKSPEC and VIFSPEC strings, each checked before
 * anything is built); unknown keys are refused with a "did you mean".
 * Then: createdomain, the builder (libxguest; for a restore, its restore
 * from the save file instead), the xenstore nodes (nodes.c), the disks and
 * NICs connected (devices.c; NIC devids are their list indexes),
 * XS_INTRODUCE, unpause. A failure after createdomain destroys the
 * half-built domain and its devices.
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

static const char *const action_keys[XEND_NR_ACTIONS] = {"on_poweroff", "on_reboot", "on_crash",
							 "on_watchdog"};

static int read_actions(struct xend *x, const struct xcfg *cfg, struct xend_config *c)
{
	static const char *const defaults[XEND_NR_ACTIONS] = {"destroy", "restart", "destroy",
							      "destroy"};

	for (int i = 0; i < XEND_NR_ACTIONS; i++) {
		const char *v = defaults[i];
		int rc = get_str(x, cfg, action_keys[i], &v);

		if (rc)
			return rc;
		if (strcmp(v, "destroy") && strcmp(v, "restart") && strcmp(v, "preserve")) {
			snprintf(x->err, sizeof(x->err),
				 "%s: %s = \"%s\" is not supported (destroy, restart or preserve)",
				 cfg->file, action_keys[i], v);
			return -EINVAL;
		}
		snprintf(c->actions[i], sizeof(c->actions[i]), "%s", v);
	}
	return 0;
}

static int read_sizes(struct xend *x, const struct xcfg *cfg, struct xend_config *c)
{
	long mem = 128, maxmem = 0, vcpus = 1, maxvcpus = 0;
	int rc;

	if ((rc = get_num(x, cfg, "memory", 1, 1 << 20, &mem)) ||
	    (rc = get_num(x, cfg, "maxmem", 1, 1 << 20, &maxmem)) ||
	    (rc = get_num(x, cfg, "vcpus", 1, 128, &vcpus)) ||
	    (rc = get_num(x, cfg, "maxvcpus", 1, 128, &maxvcpus)))
		return rc;
	c->memory_mib = (unsigned long)mem;
	c->maxmem_mib = (unsigned long)(maxmem > mem ? maxmem : mem);
	c->vcpus = (unsigned int)vcpus;
	c->max_vcpus = (unsigned int)(maxvcpus > vcpus ? maxvcpus : vcpus);
	return 0;
}

/* A list of spec strings (at most 16) into out, each checked by check. */
static int read_specs(struct xend *x, const struct xcfg *cfg, const char *key, const char **out,
		      int *n, bool nic)
{
	const struct xcfg_value *l;
	char err[256];
	int rc = xcfg_get_list(cfg, key, &l, err, sizeof(err));

	if (rc == -ENOENT)
		return 0;
	if (rc)
		return cfg_error(x, err);
	if (l->nr_items > 16)
		return cfg_error(x, nic ? "at most 16 vifs" : "at most 16 disks");
	for (size_t i = 0; i < l->nr_items; i++) {
		struct xcfg_disk d;
		struct xcfg_vif v;

		if (l->items[i].kind == XCFG_LIST) {
			snprintf(x->err, sizeof(x->err), "%s:%d: %s entries are strings", cfg->file,
				 l->items[i].line, key);
			return -EINVAL;
		}
		out[i] = l->items[i].str;
		rc = nic ? xend_check_nic(x, out[i], &v) : xend_check_disk(x, out[i], &d);
		if (rc)
			return rc;
	}
	*n = (int)l->nr_items;
	return 0;
}

static int read_config(struct xend *x, const struct xcfg *cfg, struct xend_config *c)
{
	const char *type = "pv", *root = NULL, *extra = NULL;
	int rc;
	char err[256];

	if ((rc = xcfg_check_keys(cfg, known_keys, err, sizeof(err))))
		return cfg_error(x, err);
	if ((rc = get_str(x, cfg, "name", &c->name)) || (rc = get_str(x, cfg, "type", &type)) ||
	    (rc = get_str(x, cfg, "kernel", &c->kernel)) ||
	    (rc = get_str(x, cfg, "ramdisk", &c->ramdisk)) ||
	    (rc = get_str(x, cfg, "cmdline", &c->cmdline)) ||
	    (rc = get_str(x, cfg, "root", &root)) || (rc = get_str(x, cfg, "extra", &extra)) ||
	    (rc = read_sizes(x, cfg, c)) || (rc = read_actions(x, cfg, c)) ||
	    (rc = read_specs(x, cfg, "disk", c->disks, &c->nr_disks, false)) ||
	    (rc = read_specs(x, cfg, "vif", c->vifs, &c->nr_vifs, true)))
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
	return 0;
}

static int load_config(struct xend *x, const struct xend_create_req *r, struct xcfg **cfg)
{
	char err[256];
	int rc = xcfg_parse(r->file, r->text, r->len, cfg, err, sizeof(err));

	for (int i = 0; !rc && i < r->nr_overrides; i++)
		rc = xcfg_override(*cfg, r->overrides[i], err, sizeof(err));
	if (rc)
		cfg_error(x, err);
	return rc;
}

static int name_taken(struct xend *x, const char *name)
{
	struct xend_dom d;

	return xend_lookup(x, name, &d) == 0;
}

static int build(struct xend *x, const struct xend_config *c, const struct xend_create_req *r,
		 const struct xguest_image *img)
{
	uint16_t domid = r->domid;
	struct xguest_build b = {
		.domid = domid,
		.vcpus = c->max_vcpus,
		.memory_kib = c->memory_mib << 10,
		.cmdline = c->cmdline,
	};
	/* The nodes first: a migration's target writes them before the stream. */
	int rc = xend_write_nodes(x, c, domid);

	if (!rc)
		rc = r->restore ? xguest_restore(x->call, &b, r->restore_fd, r->progress, x->err,
						 sizeof(x->err))
				: xguest_build(x->call, &b, img, x->err, sizeof(x->err));
	if (!rc && c->maxmem_mib > c->memory_mib &&
	    (rc = xctrl_max_mem(x->call, domid, (c->maxmem_mib << 10) + 1024)))
		snprintf(x->err, sizeof(x->err), "max_mem: %s", strerror(-rc));
	if (!rc && !(b.rings_early && b.early_store_mfn == b.store_mfn &&
		     b.early_console_mfn == b.console_mfn)) /* else written at the stream's SYNC */
		rc = xend_write_ring_nodes(x, domid, &b);
	for (int i = 0; !rc && i < c->nr_disks; i++)
		rc = xend_disk_attach(x, domid, c->disks[i]);
	for (int i = 0; !rc && i < c->nr_vifs; i++)
		rc = xend_nic_attach(x, domid, c->vifs[i], i);
	if (!rc && (rc = xstore_introduce(x->xs, domid, b.store_mfn, b.store_port)))
		snprintf(x->err, sizeof(x->err), "XS_INTRODUCE of domain %u: %s", domid,
			 strerror(-rc));
	return rc;
}

static int create_domain(struct xend *x, const struct xend_config *c, uint16_t *domid)
{
	struct xen_domctl_createdomain dc = {
		.max_vcpus = c->max_vcpus,
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

static void summarise(const struct xend_config *c, struct xend_create_req *r)
{
	snprintf(r->summary, sizeof(r->summary),
		 "name: %s\nkernel: %s\nramdisk: %s\ncmdline: %s\nmemory: %lu MiB\n"
		 "maxmem: %lu MiB\nvcpus: %u\nmaxvcpus: %u\non_poweroff: %s\non_reboot: %s\n"
		 "on_crash: %s\n",
		 c->name, c->kernel, c->ramdisk ? c->ramdisk : "(none)", c->cmdline, c->memory_mib,
		 c->maxmem_mib, c->vcpus, c->max_vcpus, c->actions[XEND_ON_POWEROFF],
		 c->actions[XEND_ON_REBOOT], c->actions[XEND_ON_CRASH]);
}

/* The parsed configuration's facts the caller keeps. */
static void report(const struct xend_config *c, struct xend_create_req *r)
{
	snprintf(r->name, sizeof(r->name), "%s", c->name);
	memcpy(r->actions, c->actions, sizeof(r->actions));
	memcpy(r->uuid, c->uuid, sizeof(r->uuid));
}

static int make_domain(struct xend *x, struct xend_config *c, const struct xguest_image *img,
		       struct xend_create_req *r)
{
	int rc;

	if (r->uuid_given)
		memcpy(c->uuid, r->uuid, sizeof(c->uuid));
	else
		xend_new_uuid(c->uuid);
	rc = create_domain(x, c, &r->domid);
	if (!rc && (rc = build(x, c, r, img)))
		xend_destroy_quiet(x, r->domid);
	if (!rc && !r->paused && (rc = xctrl_simple(x->call, XEN_DOMCTL_unpausedomain, r->domid)))
		snprintf(x->err, sizeof(x->err), "unpause: %s", strerror(-rc));
	return rc;
}

int xend_create(struct xend *x, struct xend_create_req *r)
{
	struct xend_config c = {0};
	struct xguest_image img;
	struct xcfg *cfg = NULL;
	int rc = load_config(x, r, &cfg);

	if (!rc)
		rc = read_config(x, cfg, &c);
	if (!rc && r->dry_run) {
		summarise(&c, r);
		report(&c, r);
		xcfg_free(cfg);
		return 0;
	}
	if (!rc && name_taken(x, c.name)) {
		snprintf(x->err, sizeof(x->err), "domain with name \"%s\" already exists.", c.name);
		rc = -EEXIST;
	}
	if (!rc && r->restore) /* the image is the save file's */
		rc = make_domain(x, &c, NULL, r);
	else if (!rc && !(rc = xguest_load(&img, c.kernel, c.ramdisk, x->err, sizeof(x->err)))) {
		rc = make_domain(x, &c, &img, r);
		xguest_unload(&img);
	}
	if (!rc)
		report(&c, r);
	xcfg_free(cfg);
	return rc;
}
