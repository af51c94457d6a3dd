/*
 * Hypervisor command-line parameters, in Xen's style:
 *   "console=com1 com1=115200,8n1 loglvl=all dom0_mem=512M noreboot"
 * A parameter is declared next to the variable it sets and registered in the
 * .data.params section; cmdline_parse() walks the command line once at boot.
 * Booleans accept "name", "name=<bool>" and "no-name"/"noname"; unknown
 * options produce a warning through the callback and are otherwise ignored.
 */
#ifndef XENO_PARAM_H
#define XENO_PARAM_H

#include <xeno/compiler.h>
#include <xeno/types.h>

enum param_type { PARAM_BOOL, PARAM_UINT, PARAM_SIZE, PARAM_STRING, PARAM_CUSTOM };

struct kernel_param {
	const char *name;
	enum param_type type;
	unsigned int len;		/* PARAM_STRING buffer size / integer size */
	void *var;			/* bool / integer / char[len] */
	int (*func)(const char *value); /* PARAM_CUSTOM; value may be NULL */
} __aligned(32); /* entries form an array in .data.params: fix their stride */

#define __param_cat2(a, b) a##b
#define __param_cat(a, b) __param_cat2(a, b)
#define __param(name, type, len, var, func)                               \
	static const struct kernel_param __used __section(".data.params") \
		__param_cat(__parm_, __LINE__) = {name, type, len, var, func}

#define boolean_param(name, var) __param(name, PARAM_BOOL, sizeof(var), &var, NULL)
#define integer_param(name, var) __param(name, PARAM_UINT, sizeof(var), &var, NULL)
#define size_param(name, var) __param(name, PARAM_SIZE, sizeof(var), &var, NULL)
#define string_param(name, var) __param(name, PARAM_STRING, sizeof(var), var, NULL)
#define custom_param(name, fn) __param(name, PARAM_CUSTOM, 0, NULL, fn)

/* Returns the number of options that were not understood. */
int cmdline_parse(const char *cmdline, const struct kernel_param *first,
		  const struct kernel_param *last,
		  void (*warn)(const char *what, const char *opt, size_t len));

/* Parse "1/0/yes/no/on/off/true/false/enable/disable"; -1 if none of these. */
int parse_bool(const char *s, size_t len);

#endif
