/*
 * libxcfg: VIFSPEC strings (xl-network-configuration): comma-separated
 * key=value items, all optional, plus the trusted/untrusted flags.
 *
 * rate= is "<n><unit>/s[@<interval>]" with units B, KB, MB, GB (bytes) or
 * b, Kb, Mb, Gb (bits) and an interval in s, ms or us (default 50 ms);
 * it is stored, as xenstore wants it, as bytes per interval and the
 * interval in microseconds.
 *
 * Invariants: fields are NUL-terminated within their arrays; numbers are
 * range-checked before any multiplication (no overflow).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xcfg_spec.h"

static int bad(char *err, size_t errlen, const char *fmt, const char *what)
{
	snprintf(err, errlen, fmt, what);
	return -EINVAL;
}

static int parse_mac(const char *s, unsigned char mac[6])
{
	for (int i = 0; i < 6; i++) {
		char *end;
		unsigned long b;

		if (!((s[0] >= '0' && s[0] <= '9') || (s[0] >= 'a' && s[0] <= 'f') ||
		      (s[0] >= 'A' && s[0] <= 'F')))
			return -EINVAL;
		b = strtoul(s, &end, 16);
		if (end - s > 2 || b > 255 || (i < 5 && *end != ':') || (i == 5 && *end))
			return -EINVAL;
		mac[i] = (unsigned char)b;
		s = end + (i < 5);
	}
	return mac[0] & 1 ? -EINVAL : 0; /* a multicast address is no NIC's */
}

/* "<digits><unit>" with units from a table: value * factor, bounded. */
static int scaled(const char *s, const char *const units[], const uint64_t factors[], uint64_t *out,
		  const char **rest)
{
	char *end;
	uint64_t n;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || n > (1ull << 40))
		return -EINVAL;
	for (size_t i = 0; units[i]; i++) {
		size_t l = strlen(units[i]);

		if (!strncmp(end, units[i], l)) {
			*out = n * factors[i];
			*rest = end + l;
			return 0;
		}
	}
	return -EINVAL;
}

static int parse_rate(const char *s, struct xcfg_vif *vif)
{
	/* Longest units first: "KB" before "B". Bits are counted in eighths of a byte. */
	static const char *const size_units[] = {"GB", "MB", "KB", "Gb", "Mb",
						 "Kb", "B",  "b",  NULL};
	static const uint64_t size_f[] = {8ull << 30, 8ull << 20, 8ull << 10, 1ull << 30,
					  1ull << 20, 1ull << 10, 8,	      1};
	static const char *const time_units[] = {"ms", "us", "s", NULL};
	static const uint64_t time_f[] = {1000, 1, 1000000};
	uint64_t bits, usec = 50000;
	unsigned __int128 bytes;
	const char *p;

	if (scaled(s, size_units, size_f, &bits, &p) || strncmp(p, "/s", 2))
		return -EINVAL;
	p += 2;
	if (*p == '@' && (scaled(p + 1, time_units, time_f, &usec, &p) || !usec))
		return -EINVAL;
	if (*p || usec > 1000000000ull)
		return -EINVAL;
	bytes = (unsigned __int128)bits * usec / 8 / 1000000;
	if (!bytes || bytes > UINT32_MAX)
		return -EINVAL;
	vif->rate_bytes = (unsigned long)bytes;
	vif->rate_usec = (unsigned long)usec;
	return 0;
}

static int number(const char *v, long lo, long hi, int *out)
{
	long l;

	if (xcfg_to_long(v, &l) || l < lo || l > hi)
		return -EINVAL;
	*out = (int)l;
	return 0;
}

struct vif_str_key {
	const char *key;
	size_t off, size;
};

#define STR_KEY(k, field)                                                                  \
	{                                                                                  \
		k, offsetof(struct xcfg_vif, field), sizeof(((struct xcfg_vif *)0)->field) \
	}

static const struct vif_str_key str_keys[] = {
	STR_KEY("bridge", bridge), STR_KEY("script", script),	      STR_KEY("vifname", vifname),
	STR_KEY("ip", ip),	   STR_KEY("backend", backend),	      STR_KEY("model", model),
	STR_KEY("type", type),	   STR_KEY("gatewaydev", gatewaydev), STR_KEY("netdev", gatewaydev),
	STR_KEY("vlan", vlan),
};

static int keyword(struct xcfg_vif *vif, const char *k, const char *v, char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof(str_keys) / sizeof(str_keys[0]); i++)
		if (!strcmp(k, str_keys[i].key))
			return xcfg_spec_copy((char *)vif + str_keys[i].off, str_keys[i].size, v, k,
					      err, errlen);
	if (!strcmp(k, "mac")) {
		vif->has_mac = true;
		return parse_mac(v, vif->mac) ? bad(err, errlen, "vif spec: bad mac '%s'", v) : 0;
	}
	if (!strcmp(k, "rate"))
		return parse_rate(v, vif) ? bad(err, errlen, "vif spec: bad rate '%s'", v) : 0;
	if (!strcmp(k, "mtu"))
		return number(v, 68, 65535, &vif->mtu)
			       ? bad(err, errlen, "vif spec: bad mtu '%s'", v)
			       : 0;
	if (!strcmp(k, "devid"))
		return number(v, 0, 65535, &vif->devid)
			       ? bad(err, errlen, "vif spec: bad devid '%s'", v)
			       : 0;
	return bad(err, errlen, "vif spec: unknown key '%s'", k);
}

static int vif_item(struct xcfg_vif *vif, char *it, char *err, size_t errlen)
{
	char *eq = strchr(it, '=');

	if (!*it)
		return 0;
	if (!eq) {
		if (strcmp(it, "trusted") && strcmp(it, "untrusted"))
			return bad(err, errlen, "vif spec: '%s' is not key=value", it);
		vif->trusted = it[0] == 't';
		return 0;
	}
	*eq = '\0';
	return keyword(vif, it, eq + 1, err, errlen);
}

int xcfg_parse_vif(const char *spec, struct xcfg_vif *vif, char *err, size_t errlen)
{
	char it[XCFG_SPEC_ITEM];
	const char *pos = spec;

	memset(vif, 0, sizeof(*vif));
	strcpy(vif->bridge, "xenbr0");
	strcpy(vif->script, "vif-bridge");
	vif->devid = -1;
	vif->trusted = true;
	while (pos) {
		int rc;

		if (xcfg_spec_next(&pos, it, sizeof(it)))
			return bad(err, errlen, "vif spec: %s too long", "an item");
		rc = vif_item(vif, it, err, errlen);
		if (rc)
			return rc;
	}
	return 0;
}
