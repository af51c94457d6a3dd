/*
 * libxcfg internals shared by parse.c and access.c.
 */
#ifndef TOOLS_LIBS_XCFG_PRIVATE_H
#define TOOLS_LIBS_XCFG_PRIVATE_H

#include "xcfg.h"

/* Parse text and assign its statements into cfg (errors name fname and the
 * line, counted from first_line; 0: no line, the command line). */
int xcfg_parse_into(struct xcfg *cfg, const char *fname, int first_line, const char *text,
		    size_t len, char *err, size_t errlen);
/* "file:line" of an entry's line, or "<command line>" for line 0. */
const char *xcfg_where(const struct xcfg *cfg, int line, char *buf, size_t size);
/* key = / += value: takes ownership of key and *v on success. */
int xcfg_assign(struct xcfg *cfg, char *key, struct xcfg_value *v, bool append, int line, char *err,
		size_t errlen);
void xcfg_value_clear(struct xcfg_value *v);

#endif /* TOOLS_LIBS_XCFG_PRIVATE_H */
