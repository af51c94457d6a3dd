/*
 * CPU lists and CPU shares (cpus.h). A list is comma-separated items,
 * each "all", "N", "N-M", or one of these after '^' to remove it; items
 * apply left to right, so "all,^0" is every CPU but 0. Pure functions.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpus.h"

static uint64_t all_of(unsigned int nr_cpus)
{
	return nr_cpus >= 64 ? ~0ULL : (1ULL << nr_cpus) - 1;
}

/* One item (no '^', no comma) into *set: 0, or -1 with err. */
static int item(const char *s, size_t n, unsigned int nr_cpus, uint64_t *set, char *err,
		size_t errlen)
{
	char buf[32], *end;
	unsigned long lo, hi;

	if (n == 3 && !strncmp(s, "all", 3)) {
		*set = all_of(nr_cpus);
		return 0;
	}
	if (n == 0 || n >= sizeof(buf) || strspn(s, "0123456789-") < n)
		goto bad;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (buf[0] < '0' || buf[0] > '9')
		goto bad;
	lo = strtoul(buf, &end, 10);
	hi = lo;
	if (*end == '-') {
		char *p = end + 1;

		hi = strtoul(p, &end, 10);
		if (end == p)
			goto bad;
	}
	if (*end || hi < lo)
		goto bad;
	if (hi >= nr_cpus || hi >= XM_MAX_CPUS) {
		snprintf(err, errlen, "cpu %lu out of range (the host has CPUs 0-%u)", hi,
			 nr_cpus - 1);
		return -1;
	}
	*set = (hi == 63 ? ~0ULL : (1ULL << (hi + 1)) - 1) & ~((1ULL << lo) - 1);
	return 0;
bad:
	snprintf(err, errlen, "invalid cpu range \"%.*s\"", (int)n, s);
	return -1;
}

int xm_cpulist_parse(const char *s, unsigned int nr_cpus, uint64_t *mask, char *err, size_t errlen)
{
	uint64_t m = 0, set;

	if (nr_cpus == 0 || !*s) {
		snprintf(err, errlen, "empty cpu list");
		return -1;
	}
	for (;;) {
		size_t n = strcspn(s, ",");
		bool neg = *s == '^';

		if (item(s + neg, n - neg, nr_cpus, &set, err, errlen))
			return -1;
		m = neg ? m & ~set : m | set;
		if (!s[n])
			break;
		s += n + 1;
	}
	if (!m) {
		snprintf(err, errlen, "the cpu list leaves no CPU");
		return -1;
	}
	*mask = m;
	return 0;
}

void xm_cpulist_format(uint64_t mask, unsigned int nr_cpus, char *buf, size_t len)
{
	size_t off = 0;

	mask &= all_of(nr_cpus);
	if (nr_cpus && mask == all_of(nr_cpus)) {
		snprintf(buf, len, "all");
		return;
	}
	snprintf(buf, len, "none");
	for (unsigned int c = 0; c < nr_cpus && c < XM_MAX_CPUS && off < len; c++) {
		unsigned int e = c;

		if (!(mask >> c & 1))
			continue;
		while (e + 1 < nr_cpus && e + 1 < XM_MAX_CPUS && mask >> (e + 1) & 1)
			e++;
		off += (size_t)snprintf(buf + off, len - off, e > c ? "%s%u-%u" : "%s%u",
					off ? "," : "", c, e);
		c = e;
	}
}

double xm_cpu_percent(double t0, double t1, double w0, double w1)
{
	if (w1 <= w0 || t1 < t0)
		return 0.0;
	return (t1 - t0) * 100.0 / (w1 - w0);
}
