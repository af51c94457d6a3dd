/*
 * dom0_mem= parsing and dom0 sizing (see xeno/dom0_mem.h). No state: the
 * caller owns the option structure; no locking needed (boot only).
 */
#include <xeno/dom0_mem.h>
#include <xeno/errno.h>
#include <xeno/lib.h>
#include <xeno/string.h>

#define PAGE_SHIFT_4K 12
#define DEFAULT_RESERVE_MAX (128UL << (20 - PAGE_SHIFT_4K))

void dom0_mem_init(struct dom0_mem_opt *o)
{
	*o = (struct dom0_mem_opt){.max = {.nr_pages = ~0UL >> 1}};
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* One number with its unit (bare numbers are KiB, as in Xen), or a percentage. */
static unsigned long long size_with_unit(const char *s, const char **end)
{
	const char *p;
	unsigned long long v = simple_strtoul(s, &p, 0);

	if (*p == '%') {
		*end = p;
		return v;
	}
	return parse_size(s, end, 10);
}

/* <amt> up to the next ',' or the end; *ps is left on that character. */
static int parse_amt(const char *s, const char **ps, struct memsize *out)
{
	struct memsize m = {.minus = *s == '-'};
	unsigned int items = 0;

	if (m.minus)
		s++;
	for (;;) {
		unsigned long long v;

		if (!is_digit(*s))
			return -EINVAL;
		v = size_with_unit(s, &s);
		if (*s == '%') {
			if (v >= 100)
				return -EINVAL;
			m.percent = (unsigned int)v;
			s++;
			items++; /* a percentage ends the amount */
		} else {
			if (items)
				return -EINVAL; /* the size comes first */
			m.nr_pages = (unsigned long)(v >> PAGE_SHIFT_4K);
		}
		items++;
		if (*s != '+' || items >= 2)
			break;
		s++;
	}
	if (*s && *s != ',')
		return -EINVAL;
	*ps = s;
	*out = m;
	return 0;
}

int dom0_mem_parse(struct dom0_mem_opt *o, const char *s)
{
	struct dom0_mem_opt t = *o;

	if (!s || !*s)
		return -EINVAL;
	for (;;) {
		struct memsize *which = &t.size;
		int rc;

		if (!strncmp(s, "min:", 4))
			which = &t.min, s += 4;
		else if (!strncmp(s, "max:", 4))
			which = &t.max, s += 4;
		if ((rc = parse_amt(s, &s, which)))
			return rc;
		if (!*s)
			break;
		s++; /* the ',' */
	}
	t.set = true;
	*o = t;
	return 0;
}

static unsigned long memsize_pages(const struct memsize *m, unsigned long avail)
{
	unsigned long pages = m->nr_pages + (unsigned long)m->percent * avail / 100;

	if (!m->minus)
		return pages;
	return pages < avail ? avail - pages : 0;
}

unsigned long dom0_mem_pages(const struct dom0_mem_opt *o, unsigned long avail,
			     unsigned long *max_pages)
{
	unsigned long nr = memsize_pages(&o->size, avail);
	unsigned long min = memsize_pages(&o->min, avail);
	unsigned long max = memsize_pages(&o->max, avail);

	if (!nr)
		nr = avail - MIN(avail / 16, DEFAULT_RESERVE_MAX);
	nr = MAX(nr, min);
	nr = MIN(nr, max);
	nr = MIN(nr, avail);
	if (max_pages)
		*max_pages = max;
	return nr;
}
