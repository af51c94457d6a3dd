/*
 * xm's pure helpers (no I/O, host-tested in tools/xm/tests/test_cpus.c):
 * CPU lists as xl writes them ("all", "3", "0-1,4", "^2" to leave one out)
 * to and from a mask of up to 64 host CPUs, and a domain's CPU share over
 * an interval from two samples of its CPU time, as xentop computes it.
 */
#ifndef TOOLS_XM_CPUS_H
#define TOOLS_XM_CPUS_H

#include <stddef.h>
#include <stdint.h>

#define XM_MAX_CPUS 64

/* A CPU list of a host with nr_cpus CPUs into *mask: 0, or -1 with a
 * message in err (a CPU at or above nr_cpus, a malformed item, an empty set). */
int xm_cpulist_parse(const char *s, unsigned int nr_cpus, uint64_t *mask, char *err, size_t errlen);
/* mask as xl prints it: "all" (every CPU below nr_cpus), "none", or ranges. */
void xm_cpulist_format(uint64_t mask, unsigned int nr_cpus, char *buf, size_t len);

/* Percent of one CPU a domain used between two samples: its CPU seconds
 * t0 then t1, taken at wall seconds w0 then w1. 0 if the interval is empty
 * or the time went backwards (a domain restarted under the same id). */
double xm_cpu_percent(double t0, double t1, double w0, double w1);

#endif /* TOOLS_XM_CPUS_H */
