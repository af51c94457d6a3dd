/*
 * libxcfg internals for the spec parsers (spec.c).
 */
#ifndef TOOLS_LIBS_XCFG_SPEC_H
#define TOOLS_LIBS_XCFG_SPEC_H

#include <stddef.h>

#include "xcfg.h"

#define XCFG_SPEC_ITEM 512

/* The next comma-separated item of *pos, blanks trimmed, into item; *pos
 * becomes NULL after the last one. 0 or -E2BIG. */
int xcfg_spec_next(const char **pos, char *item, size_t size);
/* The rest of the spec from pos, leading blanks skipped (for target=). */
const char *xcfg_spec_rest(const char *pos);
/* strcpy into dst[size], or -EINVAL with "<what> too long" in err. */
int xcfg_spec_copy(char *dst, size_t size, const char *src, const char *what, char *err,
		   size_t errlen);

#endif /* TOOLS_LIBS_XCFG_SPEC_H */
