/*
 * libxend: changes to a running domain, as libxl makes them so that the
 * guest's drivers and Debian's xl see the same thing:
 *   vcpu-set  cpu/<n>/availability ("online"/"offline"): Linux's vCPU
 *             hotplug watch offlines a vCPU itself and makes an onlined
 *             one present (user space brings it up, as udev would);
 *   mem-set   memory/target (the balloon driver's watch), with max_mem at
 *             the target + 1 MiB (libxl's LIBXL_MAXMEM_CONSTANT);
 *   mem-max   max_mem + 1 MiB and memory/static-max;
 *   rename    /local/domain/<id>/name and /vm/<uuid>/name.
 * Sizes are KiB as xenstore keeps them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xend_private.h"
#include "../libs/ctrl/xctrl.h"

static int fail(struct xend *x, int rc, const char *what)
{
	snprintf(x->err, sizeof(x->err), "%s: %s", what, strerror(-rc));
	return rc;
}

/* A decimal xenstore value of the domain (rel under /local/domain/<id>), or -errno. */
static long long read_num(struct xend *x, uint16_t domid, const char *rel)
{
	char path[96], *v;
	long long n;

	snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, rel);
	v = xstore_read(x->xs, path);
	if (!v)
		return fail(x, -errno, path);
	n = strtoll(v, NULL, 10);
	free(v);
	return n;
}

static int write_dom(struct xend *x, uint16_t domid, const char *rel, const char *val)
{
	char path[96];
	int rc;

	snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, rel);
	rc = xstore_write(x->xs, path, val);
	return rc ? fail(x, rc, path) : 0;
}

int xend_vcpu_set(struct xend *x, uint16_t domid, unsigned int n)
{
	char path[64], *dir;
	size_t len, max = 0;

	snprintf(path, sizeof(path), "/local/domain/%u/cpu", domid);
	dir = xstore_directory(x->xs, path, &len);
	if (!dir)
		return fail(x, -errno, path);
	for (size_t i = 0; i < len; i += strlen(dir + i) + 1)
		max++;
	free(dir);
	if (n < 1 || n > max) {
		snprintf(x->err, sizeof(x->err), "Requested vcpus (%u) outside 1..maxvcpus (%zu)",
			 n, max);
		return -EINVAL;
	}
	for (unsigned int i = 0; i < max; i++) {
		char rel[32];
		int rc;

		snprintf(rel, sizeof(rel), "cpu/%u/availability", i);
		if ((rc = write_dom(x, domid, rel, i < n ? "online" : "offline")))
			return rc;
	}
	return 0;
}

/* The hypervisor's limit (kib + 1 MiB of slack), then node in the domain's xenstore. */
static int apply_mem(struct xend *x, uint16_t domid, uint64_t kib, const char *node)
{
	char val[32];
	int rc;

	if ((rc = xctrl_max_mem(x->call, domid, kib + 1024)))
		return fail(x, rc, "max_mem");
	snprintf(val, sizeof(val), "%llu", (unsigned long long)kib);
	return write_dom(x, domid, node, val);
}

int xend_mem_set(struct xend *x, uint16_t domid, uint64_t kib)
{
	long long smax = read_num(x, domid, "memory/static-max");

	if (smax < 0)
		return (int)smax;
	if (kib > (uint64_t)smax) {
		snprintf(x->err, sizeof(x->err),
			 "memory_dynamic_max must be less than or equal to memory_static_max "
			 "(%llu KiB)",
			 smax);
		return -EINVAL;
	}
	return apply_mem(x, domid, kib, "memory/target");
}

int xend_mem_max(struct xend *x, uint16_t domid, uint64_t kib)
{
	long long target = read_num(x, domid, "memory/target");

	if (target < 0)
		return (int)target;
	if (kib < (uint64_t)target) {
		snprintf(x->err, sizeof(x->err),
			 "memory_static_max must be greater than or equal to memory_dynamic_max "
			 "(%llu KiB)",
			 target);
		return -EINVAL;
	}
	return apply_mem(x, domid, kib, "memory/static-max");
}

static bool valid_name(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n >= 64 || strspn(name, "0123456789") == n)
		return false;
	return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") ==
	       n;
}

int xend_rename(struct xend *x, uint16_t domid, const char *name)
{
	struct xend_dom d;
	char path[96], *vm;
	int rc;

	if (!valid_name(name)) {
		snprintf(x->err, sizeof(x->err),
			 "invalid domain name \"%s\" (letters, digits, '_', '.', '-'; not all "
			 "digits)",
			 name);
		return -EINVAL;
	}
	if (!xend_lookup(x, name, &d) && d.info.domain != domid) {
		snprintf(x->err, sizeof(x->err), "domain with name \"%s\" already exists.", name);
		return -EEXIST;
	}
	if ((rc = write_dom(x, domid, "name", name)))
		return rc;
	snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
	vm = xstore_read(x->xs, path);
	if (vm && !strncmp(vm, "/vm/", 4)) {
		snprintf(path, sizeof(path), "%s/name", vm);
		xstore_write(x->xs, path, name);
	}
	free(vm);
	return 0;
}
