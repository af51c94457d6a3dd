/*
 * Shared by the pv-ops benchmark's files. Output lines, parsed by
 * bench/run.py:
 *   BENCH <figure> <value> <unit>       a measurement
 *   BENCH-NA <figure> <reason>          not measurable here (yet)
 */
#ifndef BENCH_PV_OPS_H
#define BENCH_PV_OPS_H

#include <guest_mm.h>

#define N 2000

/* Print the average cost per operation of `cycles` spent on n operations. */
void report(const char *name, uint64_t cycles, unsigned long n);
/* Print a BENCH-NA line for a figure this hypervisor cannot run yet. */
void report_na(const char *name, long rc);

/* events.c: figure 6, one domain. */
void event_round_trip(struct shared_info *s);
void grant_copy(void);
/* grants.c: figure 6, grant map, unmap and copy of another domain's frames. */
void grant_foreign(void);
/* memory.c: figure 6, a reservation given back and populated again. */
void populate_decrease(void);

#endif
