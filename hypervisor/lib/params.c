/*
 * Command-line parsing (see xeno/param.h). Pure: works on a table given by
 * the caller so host unit tests can drive it. Options are separated by
 * spaces; a value runs to the next space. Quoting is not supported (Xen has
 * none either).
 */
#include <xeno/lib.h>
#include <xeno/param.h>
#include <xeno/string.h>

#define OPT_MAX 128

int parse_bool(const char *s, size_t len)
{
	static const char *const yes[] = {"1", "yes", "on", "true", "enable"};
	static const char *const no[] = {"0", "no", "off", "false", "disable"};

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (strlen(yes[i]) == len && !strncmp(s, yes[i], len))
			return 1;
		if (strlen(no[i]) == len && !strncmp(s, no[i], len))
			return 0;
	}
	return -1;
}

static bool store_uint(const struct kernel_param *p, unsigned long long v)
{
	switch (p->len) {
	case 1: *(u8 *)p->var = (u8)v; return v <= 0xff;
	case 2: *(u16 *)p->var = (u16)v; return v <= 0xffff;
	case 4: *(u32 *)p->var = (u32)v; return v <= 0xffffffffULL;
	case 8: *(u64 *)p->var = v; return true;
	default: return false;
	}
}

static bool set_bool(const struct kernel_param *p, const char *val, bool negate)
{
	int b = val ? parse_bool(val, strlen(val)) : 1;

	if (b < 0)
		return false;
	*(bool *)p->var = negate ? !b : b;
	return true;
}

static bool set_number(const struct kernel_param *p, const char *val)
{
	const char *end;
	unsigned long long v;

	if (!val || !*val)
		return false;
	v = p->type == PARAM_SIZE ? parse_size_and_unit(val, &end) : simple_strtoul(val, &end, 0);
	return !*end && store_uint(p, v);
}

static bool apply(const struct kernel_param *p, const char *val, bool negate)
{
	switch (p->type) {
	case PARAM_BOOL: return set_bool(p, val, negate);
	case PARAM_UINT:
	case PARAM_SIZE: return !negate && set_number(p, val);
	case PARAM_STRING:
		if (negate || !val || strlen(val) >= p->len)
			return false;
		strlcpy(p->var, val, p->len);
		return true;
	case PARAM_CUSTOM: return !negate && p->func(val) == 0;
	}
	return false;
}

static const struct kernel_param *find(const char *name, const struct kernel_param *first,
				       const struct kernel_param *last)
{
	for (const struct kernel_param *p = first; p < last; p++)
		if (!strcmp(p->name, name))
			return p;
	return NULL;
}

/* "no-foo" / "nofoo" negate the boolean "foo". */
static const struct kernel_param *find_negated(const char *name, const struct kernel_param *first,
					       const struct kernel_param *last)
{
	const struct kernel_param *p;

	if (strncmp(name, "no", 2))
		return NULL;
	name += name[2] == '-' ? 3 : 2;
	p = find(name, first, last);
	return p && p->type == PARAM_BOOL ? p : NULL;
}

static bool parse_one(char *opt, const struct kernel_param *first, const struct kernel_param *last)
{
	char *eq = strchr(opt, '=');
	const struct kernel_param *p;
	const char *val = NULL;

	if (eq) {
		*eq = '\0';
		val = eq + 1;
	}
	p = find(opt, first, last);
	if (p)
		return apply(p, val, false);
	p = find_negated(opt, first, last);
	return p && !val && apply(p, NULL, true);
}

int cmdline_parse(const char *cmdline, const struct kernel_param *first,
		  const struct kernel_param *last,
		  void (*warn)(const char *what, const char *opt, size_t len))
{
	int bad = 0;

	while (cmdline && *cmdline) {
		char opt[OPT_MAX];
		size_t len;

		while (*cmdline == ' ')
			cmdline++;
		for (len = 0; cmdline[len] && cmdline[len] != ' '; len++)
			;
		if (!len)
			break;
		if (len >= sizeof(opt)) {
			warn("option too long", cmdline, len);
			bad++;
		} else {
			memcpy(opt, cmdline, len);
			opt[len] = '\0';
			if (!parse_one(opt, first, last)) {
				warn("unknown or invalid option", cmdline, len);
				bad++;
			}
		}
		cmdline += len;
	}
	return bad;
}
