/*
 * xeno-threads: a multi-threaded workload for the dom0 tests (built static
 * into the test initrd by scripts/mkinitrd.sh).
 *
 *   xeno-threads NTHREADS MIB ROUNDS
 *
 * Fills MIB MiB with a fixed pseudo-random pattern, then NTHREADS threads
 * hash disjoint slices ROUNDS times while noting every CPU they ran on; the
 * combined hash is compared with a single-threaded pass. Prints
 *   threads=N cpus=<count of distinct CPUs used> hash=<hex> ok|MISMATCH
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct slice {
	const uint64_t *p;
	size_t n;
	int rounds;
	uint64_t hash;
	uint64_t cpus;
};

static uint64_t hash_words(const uint64_t *p, size_t n, uint64_t *cpus)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		h = (h ^ p[i]) * 1099511628211ULL;
		if (cpus && !(i & 0xffff)) {
			int c = sched_getcpu();

			if (c >= 0 && c < 64)
				*cpus |= 1ULL << c;
		}
	}
	return h;
}

static void *worker(void *arg)
{
	struct slice *s = arg;

	for (int r = 0; r < s->rounds; r++)
		s->hash = hash_words(s->p, s->n, &s->cpus);
	return NULL;
}

int main(int argc, char **argv)
{
	int nt = argc > 1 ? atoi(argv[1]) : 2, mib = argc > 2 ? atoi(argv[2]) : 16;
	int rounds = argc > 3 ? atoi(argv[3]) : 4;
	size_t words = (size_t)mib << 17, per;
	uint64_t *buf = malloc(words * 8), x = 88172645463325252ULL, want = 0, got = 0, cpus = 0;
	pthread_t tid[64];
	struct slice s[64];

	if (!buf || nt < 1 || nt > 64)
		return 2;
	for (size_t i = 0; i < words; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		buf[i] = x;
	}
	per = words / nt;
	for (int t = 0; t < nt; t++) {
		s[t] = (struct slice){buf + t * per, per, rounds, 0, 0};
		want ^= hash_words(s[t].p, s[t].n, NULL) * (t + 1);
		pthread_create(&tid[t], NULL, worker, &s[t]);
	}
	for (int t = 0; t < nt; t++) {
		pthread_join(tid[t], NULL);
		got ^= s[t].hash * (t + 1);
		cpus |= s[t].cpus;
	}
	printf("threads=%d cpus=%d hash=%016llx %s\n", nt, __builtin_popcountll(cpus),
	       (unsigned long long)got, got == want ? "ok" : "MISMATCH");
	return got != want;
}
