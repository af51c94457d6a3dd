/*
 * dom0_mem= as Xen 4.17 reads it, and the dom0 size it gives:
 *   dom0_mem=[min:<amt>,][max:<amt>,][<amt>]
 *   <amt> = [-]<size> | [-]<frac>% | [-]<size>+<frac>%
 * <size> takes a K/M/G/T/B suffix and defaults to KiB; <frac> is a
 * percentage (< 100) of the memory available to dom0. A leading '-' means
 * "available memory less this". Pure code, shared with host unit tests.
 */
#ifndef XENO_DOM0_MEM_H
#define XENO_DOM0_MEM_H

#include <xeno/types.h>

struct memsize {
	unsigned long nr_pages; /* the <size> part, in 4 KiB pages */
	unsigned int percent;	/* the <frac>% part */
	bool minus;		/* "available less this" */
};

struct dom0_mem_opt {
	struct memsize size, min, max; /* max defaults to "unlimited" */
	bool set;		       /* dom0_mem= was given */
};

/* The defaults: no amount, no minimum, no maximum. */
void dom0_mem_init(struct dom0_mem_opt *o);

/* Parse the option's value into o (already initialised); 0 or -EINVAL. */
int dom0_mem_parse(struct dom0_mem_opt *o, const char *s);

/*
 * dom0's pages given `avail` pages it may have: the amount (or, with none,
 * avail less 1/16 of it, at most 128 MiB), then raised to min, lowered to
 * max and to avail. *max_pages (may be NULL) gets the max: size's pages.
 */
unsigned long dom0_mem_pages(const struct dom0_mem_opt *o, unsigned long avail,
			     unsigned long *max_pages);

#endif
