/* Number parsing for command lines and boot strings. */
#include <xeno/lib.h>

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* base 0: "0x" prefix means 16, leading "0" means 8, else 10. Saturates. */
unsigned long simple_strtoul(const char *s, const char **end, unsigned int base)
{
	unsigned long v = 0;
	bool overflow = false;

	if (base == 0) {
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && digit_value(s[2]) < 16)
			base = 16, s += 2;
		else
			base = s[0] == '0' ? 8 : 10;
	} else if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
	}
	for (int d; (d = digit_value(*s)) < (int)base; s++) {
		if (v > (~0UL - (unsigned long)d) / base)
			overflow = true;
		v = v * base + (unsigned long)d;
	}
	if (end)
		*end = s;
	return overflow ? ~0UL : v;
}

/*
 * A size with an optional unit suffix (B K M G T, any case); a bare number
 * counts in units of 2^bare_shift bytes. Saturates at ~0 on overflow.
 */
unsigned long long parse_size(const char *s, const char **end, unsigned int bare_shift)
{
	unsigned long long v = simple_strtoul(s, &s, 0);
	unsigned int shift = bare_shift;

	switch (*s) {
	case 'T':
	case 't': shift = 40; break;
	case 'G':
	case 'g': shift = 30; break;
	case 'M':
	case 'm': shift = 20; break;
	case 'K':
	case 'k': shift = 10; break;
	case 'B':
	case 'b': shift = 0; break;
	default: s--; break;
	}
	s++;
	if (end)
		*end = s;
	if (shift && v > (~0ULL >> shift))
		return ~0ULL;
	return v << shift;
}

/* "512M", "2G", "4096K", "1024" (bytes). */
unsigned long long parse_size_and_unit(const char *s, const char **end)
{
	return parse_size(s, end, 0);
}
