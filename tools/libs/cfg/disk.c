/*
 * libxcfg: DISKSPEC strings (xl-disk-configuration) and vdev numbers
 * (xen-vbd-interface).
 *
 * Positional items fill target, format, vdev, access in order; key=value
 * items and flags may appear anywhere; target= comes last and takes the
 * rest of the string verbatim. The xm form "[prefix:]target,vdev,access"
 * (a phy:/file:/raw:... prefix, or a vdev where the format should be) is
 * read as target, vdev, access.
 *
 * Invariants: every field is NUL-terminated within its array; a parameter
 * given twice is an error; on error *disk is in an unspecified but safe
 * state and err says why.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xcfg_spec.h"

enum { SLOT_TARGET, SLOT_FORMAT, SLOT_VDEV, SLOT_ACCESS, NR_SLOTS };

struct disk_parse {
	struct xcfg_disk *disk;
	bool given[NR_SLOTS];
	bool access_given;
	bool legacy;
	int next_slot;
	char *err;
	size_t errlen;
};

static const char *const formats[] = {"raw", "qcow", "qcow2", "vhd", "qed", NULL};

static bool in_list(const char *const list[], const char *s)
{
	for (size_t i = 0; list[i]; i++)
		if (!strcmp(list[i], s))
			return true;
	return false;
}

static int bad(struct disk_parse *dp, const char *fmt, const char *what)
{
	snprintf(dp->err, dp->errlen, fmt, what);
	return -EINVAL;
}

/* a..z, aa.. as 0, 25, 26..: the disk index of a vdev; NULL if none. */
static const char *disk_letters(const char *p, unsigned long *disk)
{
	unsigned long d = 0;
	const char *start = p;

	while (*p >= 'a' && *p <= 'z' && p - start < 6)
		d = d * 26 + (unsigned long)(*p++ - 'a' + 1);
	if (p == start || (*p >= 'a' && *p <= 'z'))
		return NULL;
	*disk = d - 1;
	return p;
}

/* An optional decimal partition number ending the string. */
static int partition(const char *p, unsigned long *part)
{
	char *end;

	*part = 0;
	if (!*p)
		return 0;
	if (*p < '0' || *p > '9' || (p[0] == '0' && p[1]))
		return -EINVAL;
	*part = strtoul(p, &end, 10);
	return *end || *part > 255 ? -EINVAL : 0;
}

static int xvd_number(unsigned long disk, unsigned long part)
{
	if (disk < 16 && part < 16)
		return (int)((202ul << 8) | disk << 4 | part);
	if (disk < (1ul << 20))
		return (int)((1ul << 28) | disk << 8 | part);
	return -EINVAL;
}

static int named_vdev(const char *vdev, unsigned long disk, unsigned long part)
{
	if (!strncmp(vdev, "xvd", 3))
		return xvd_number(disk, part);
	if (!strncmp(vdev, "sd", 2))
		return disk < 16 && part < 16 ? (int)((8ul << 8) | disk << 4 | part) : -EINVAL;
	if (disk >= 4 || part >= 64)
		return -EINVAL;
	return disk < 2 ? (int)((3ul << 8) | disk << 6 | part)
			: (int)((22ul << 8) | (disk - 2) << 6 | part);
}

static int dnpm_number(const char *vdev)
{
	char *end;
	unsigned long disk = strtoul(vdev + 1, &end, 10), part = 0;

	if (end == vdev + 1 || (*end && *end != 'p'))
		return -EINVAL;
	if (*end == 'p') {
		const char *p = end + 1;

		if (*p < '0' || *p > '9')
			return -EINVAL;
		part = strtoul(p, &end, 10);
		if (*end || part > 255)
			return -EINVAL;
	}
	return xvd_number(disk, part);
}

int xcfg_vdev_to_number(const char *vdev)
{
	size_t skip = !strncmp(vdev, "xvd", 3)				   ? 3
		      : !strncmp(vdev, "sd", 2) || !strncmp(vdev, "hd", 2) ? 2
									   : 0;
	unsigned long disk, part;
	const char *p;

	if (skip) {
		p = disk_letters(vdev + skip, &disk);
		if (!p || partition(p, &part))
			return -EINVAL;
		return named_vdev(vdev, disk, part);
	}
	if (vdev[0] == 'd' && vdev[1] >= '0' && vdev[1] <= '9')
		return dnpm_number(vdev);
	if (vdev[0] >= '1' && vdev[0] <= '9') {
		char *end;
		unsigned long n = strtoul(vdev, &end, 10);

		return *end || n > 0x7fffffff ? -EINVAL : (int)n;
	}
	return -EINVAL;
}

static const char *const ignored_prefixes[] = {"phy", "file",  "tap",	  "tap2",
					       "aio", "ioemu", "tapdisk", NULL};
static const char *const script_prefixes[] = {"iscsi", "nbd", "enbd", "drbd", NULL};

/* xm's "phy:", "raw:", "iscsi:"... in front of a target: strip and apply. */
static const char *strip_prefixes(struct disk_parse *dp, const char *target)
{
	const char *colon;
	char word[16];

	while ((colon = strchr(target, ':')) && (size_t)(colon - target) < sizeof(word)) {
		memcpy(word, target, colon - target);
		word[colon - target] = '\0';
		if (in_list(formats, word))
			strcpy(dp->disk->format, word);
		else if (in_list(script_prefixes, word))
			snprintf(dp->disk->script, sizeof(dp->disk->script), "block-%s", word);
		else if (!in_list(ignored_prefixes, word))
			break;
		dp->legacy = true;
		target = colon + 1;
	}
	return target;
}

static int set_target(struct disk_parse *dp, const char *v)
{
	v = strip_prefixes(dp, v);
	if (*v && *v != '/') {
		if (strlen(v) + 5 >= sizeof(dp->disk->target))
			return bad(dp, "disk spec: %s too long", "target");
		snprintf(dp->disk->target, sizeof(dp->disk->target), "/dev/%s", v);
		return 0;
	}
	return xcfg_spec_copy(dp->disk->target, sizeof(dp->disk->target), v, "disk spec: target",
			      dp->err, dp->errlen);
}

static int set_vdev(struct disk_parse *dp, const char *v)
{
	char name[sizeof(dp->disk->vdev)];
	const char *colon = strchr(v, ':');
	size_t len = colon ? (size_t)(colon - v) : strlen(v);

	if (colon && strcmp(colon, ":cdrom"))
		return bad(dp, "disk spec: bad vdev '%s'", v);
	if (len >= sizeof(name))
		return bad(dp, "disk spec: vdev '%s' too long", v);
	memcpy(name, v, len);
	name[len] = '\0';
	if (*name && xcfg_vdev_to_number(name) < 0)
		return bad(dp, "disk spec: '%s' is not a virtual device name (xvda, xvdb1, ...)",
			   name);
	strcpy(dp->disk->vdev, name);
	dp->disk->cdrom |= colon != NULL;
	return 0;
}

static int set_access(struct disk_parse *dp, const char *v)
{
	if (!strcmp(v, "w!"))
		return bad(dp, "disk spec: access '%s' (xm's forced write) is not supported", v);
	if (!strcmp(v, "r") || !strcmp(v, "ro"))
		dp->disk->readwrite = false;
	else if (!strcmp(v, "w") || !strcmp(v, "rw"))
		dp->disk->readwrite = true;
	else if (*v)
		return bad(dp, "disk spec: access '%s' is not r, ro, w or rw", v);
	dp->access_given = *v != '\0';
	return 0;
}

static int set_format(struct disk_parse *dp, const char *v)
{
	if (*v && !in_list(formats, v))
		return bad(dp, "disk spec: unknown format '%s' (raw, qcow, qcow2, vhd, qed)", v);
	if (*v)
		strcpy(dp->disk->format, v);
	return 0;
}

static int set_slot(struct disk_parse *dp, int slot, const char *v)
{
	static const char *const names[] = {"target", "format", "vdev", "access"};

	if (dp->given[slot])
		return bad(dp, "disk spec: %s given twice", names[slot]);
	dp->given[slot] = true;
	switch (slot) {
	case SLOT_TARGET: return set_target(dp, v);
	case SLOT_FORMAT: return set_format(dp, v);
	case SLOT_VDEV: return set_vdev(dp, v);
	default: return set_access(dp, v);
	}
}

static int positional(struct disk_parse *dp, const char *v)
{
	int slot = dp->next_slot;
	int rc;

	while (slot < NR_SLOTS && dp->given[slot])
		slot++;
	if (slot == SLOT_FORMAT && *v && !in_list(formats, v) &&
	    (dp->legacy || !strncmp(v, "xvd", 3) || !strncmp(v, "hd", 2) || !strncmp(v, "sd", 2))) {
		dp->legacy = true; /* xm: target,vdev,access */
		dp->given[SLOT_FORMAT] = true;
		slot = SLOT_VDEV;
	}
	if (slot >= NR_SLOTS)
		return bad(dp, "disk spec: unexpected '%s' after target, format, vdev and access",
			   v);
	rc = set_slot(dp, slot, v);
	dp->next_slot = slot + 1;
	return rc;
}

static int keyword(struct disk_parse *dp, const char *k, const char *v)
{
	struct xcfg_disk *d = dp->disk;
	static const char *const specs[] = {"xen", "virtio", NULL};

	if (!strcmp(k, "format"))
		return set_slot(dp, SLOT_FORMAT, v);
	if (!strcmp(k, "vdev"))
		return set_slot(dp, SLOT_VDEV, v);
	if (!strcmp(k, "access"))
		return set_slot(dp, SLOT_ACCESS, v);
	if (!strcmp(k, "devtype")) {
		d->cdrom = !strcmp(v, "cdrom");
		return d->cdrom || !strcmp(v, "disk") ? 0 : bad(dp, "disk spec: devtype '%s'", v);
	}
	if (!strcmp(k, "backend"))
		return xcfg_spec_copy(d->backend, sizeof(d->backend), v, "backend", dp->err,
				      dp->errlen);
	if (!strcmp(k, "backendtype"))
		return xcfg_spec_copy(d->backendtype, sizeof(d->backendtype), v, "backendtype",
				      dp->err, dp->errlen);
	if (!strcmp(k, "script"))
		return xcfg_spec_copy(d->script, sizeof(d->script), v, "script", dp->err,
				      dp->errlen);
	if (!strcmp(k, "specification"))
		return in_list(specs, v) ? 0 : bad(dp, "disk spec: specification '%s'", v);
	return bad(dp, "disk spec: unknown key '%s'", k);
}

static int flag(struct disk_parse *dp, const char *f)
{
	struct xcfg_disk *d = dp->disk;

	if (!strcmp(f, "cdrom"))
		d->cdrom = true;
	else if (!strcmp(f, "discard") || !strcmp(f, "no-discard"))
		d->discard = f[0] == 'd';
	else if (!strcmp(f, "direct-io-safe"))
		d->direct_io_safe = true;
	else if (!strcmp(f, "trusted") || !strcmp(f, "untrusted"))
		d->trusted = f[0] == 't';
	else
		return positional(dp, f);
	return 0;
}

static int item(struct disk_parse *dp, char *it)
{
	char *eq = strchr(it, '=');

	if (!eq)
		return flag(dp, it);
	*eq = '\0';
	return keyword(dp, it, eq + 1);
}

static int finish(struct disk_parse *dp)
{
	struct xcfg_disk *d = dp->disk;

	if (!*d->vdev)
		return bad(dp, "disk spec: no %s (xvda, ...)", "vdev");
	if (!*d->target && !d->cdrom)
		return bad(dp, "disk spec: no %s (only an empty cdrom may omit it)", "target");
	if (d->cdrom && !dp->access_given)
		d->readwrite = false;
	d->virtual_device = xcfg_vdev_to_number(d->vdev);
	return 0;
}

int xcfg_parse_disk(const char *spec, struct xcfg_disk *disk, char *err, size_t errlen)
{
	struct disk_parse dp = {.disk = disk, .err = err, .errlen = errlen};
	char it[XCFG_SPEC_ITEM];
	const char *pos = spec;

	memset(disk, 0, sizeof(*disk));
	strcpy(disk->format, "raw");
	disk->readwrite = true;
	while (pos) {
		const char *start = xcfg_spec_rest(pos);
		int rc;

		if (!strncmp(start, "target=", 7)) {
			if (dp.given[SLOT_TARGET])
				return bad(&dp, "disk spec: %s given twice", "target");
			dp.given[SLOT_TARGET] = true;
			rc = set_target(&dp, start + 7);
			if (rc)
				return rc;
			break;
		}
		if (xcfg_spec_next(&pos, it, sizeof(it)))
			return bad(&dp, "disk spec: %s too long", "an item");
		if (!*it && !pos)
			break; /* a trailing comma, or the empty spec */
		rc = *it ? item(&dp, it) : positional(&dp, it);
		if (rc)
			return rc;
	}
	return finish(&dp);
}
