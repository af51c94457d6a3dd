/*
 * libxcfg spec-string helpers shared by disk.c and vif.c: splitting a
 * comma-separated spec into trimmed items and bounded copies.
 *
 * Invariants: xcfg_spec_next never writes outside item[size] and always
 * NUL-terminates; an item longer than the buffer is an error, not a
 * truncation.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "xcfg_spec.h"

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

int xcfg_spec_next(const char **pos, char *item, size_t size)
{
	const char *p = skip_ws(*pos), *end = strchr(p, ',');
	size_t len = end ? (size_t)(end - p) : strlen(p);

	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	if (len >= size)
		return -E2BIG;
	memcpy(item, p, len);
	item[len] = '\0';
	*pos = end ? end + 1 : NULL;
	return 0;
}

const char *xcfg_spec_rest(const char *pos)
{
	return skip_ws(pos);
}

int xcfg_spec_copy(char *dst, size_t size, const char *src, const char *what, char *err,
		   size_t errlen)
{
	if (strlen(src) >= size) {
		snprintf(err, errlen, "%s too long (at most %zu characters)", what, size - 1);
		return -EINVAL;
	}
	strcpy(dst, src);
	return 0;
}
