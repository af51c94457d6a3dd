/*
 * Test-guest helpers: number parsing and command-line options. String and
 * memory functions are the hypervisor's (hypervisor/lib/string.c).
 */
#include <guest.h>

static int digit(char c, int base)
{
	int d = c >= '0' && c <= '9'   ? c - '0'
		: c >= 'a' && c <= 'z' ? c - 'a' + 10
		: c >= 'A' && c <= 'Z' ? c - 'A' + 10
				       : 99;

	return d < base ? d : -1;
}

unsigned long strtoul(const char *s, const char **end, int base)
{
	unsigned long v = 0;
	int d;

	if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		base = 16;
	}
	if (base == 0)
		base = 10;
	for (; (d = digit(*s, base)) >= 0; s++)
		v = v * (unsigned long)base + (unsigned long)d;
	if (end)
		*end = s;
	return v;
}

const char *cmdline_option(const char *key)
{
	size_t n = strlen(key);

	for (const char *p = cmdline; *p;) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, key, n) && (p[n] == '=' || p[n] == ' ' || !p[n]))
			return p[n] == '=' ? p + n + 1 : "";
		while (*p && *p != ' ')
			p++;
	}
	return NULL;
}
