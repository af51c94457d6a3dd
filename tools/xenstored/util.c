/*
 * Small helpers of the core: allocation that never returns NULL, the
 * NUL-separated string lists of payloads, strict decimal parsing, error
 * names and who is privileged.
 *
 * Invariants: xs_xmalloc and friends abort on exhaustion (the daemon has
 * no state worth keeping half-updated); string helpers never read past
 * the length they are given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs_internal.h"

void *xs_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		fputs("xenstored: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *xs_xzalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p) {
		fputs("xenstored: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *xs_xmemdup(const void *p, size_t n)
{
	void *q = xs_xmalloc(n);

	if (n)
		memcpy(q, p, n);
	return q;
}

char *xs_xstrdup(const char *s)
{
	return xs_xmemdup(s, strlen(s) + 1);
}

/* Number of NUL-terminated strings in buf (trailing bytes without a NUL do not count). */
unsigned int xs_count_strings(const char *buf, uint32_t len)
{
	unsigned int n = 0;

	for (uint32_t i = 0; i < len; i++)
		n += buf[i] == '\0';
	return n;
}

/* Points vec[0..max) at the first strings; returns how many strings there are in all. */
unsigned int xs_split_strings(char *buf, uint32_t len, char **vec, unsigned int max)
{
	unsigned int n = 0;
	uint32_t start = 0;

	for (uint32_t i = 0; i < len; i++) {
		if (buf[i] != '\0')
			continue;
		if (n < max)
			vec[n] = buf + start;
		n++;
		start = i + 1;
	}
	return n;
}

/* Plain decimal, no sign, no spaces, at most max. 0 or XEN_EINVAL. */
int xs_parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (!*s)
		return XEN_EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return XEN_EINVAL;
		unsigned long d = (unsigned long)(*s - '0');

		if (v > (max - d) / 10 || (max - d) < d)
			return XEN_EINVAL;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

bool xs_is_privileged_domid(uint16_t domid)
{
	return domid == 0;
}

bool xs_conn_privileged(const struct xs_conn *c)
{
	return !c || xs_is_privileged_domid(c->domid);
}

#define XS_ERROR_ENTRY(name, num) {num, #name},
static const struct xsd_errors xs_errors[] = {XSD_ERROR_LIST(XS_ERROR_ENTRY)};

/* Unknown numbers go out as EINVAL, the table's first entry, as Xen does. */
const char *xs_error_name(int err)
{
	for (size_t i = 0; i < sizeof(xs_errors) / sizeof(xs_errors[0]); i++)
		if (xs_errors[i].errnum == err)
			return xs_errors[i].errstring;
	return xs_errors[0].errstring;
}
