/*
 * xm top: xentop's summary and columns (NAME STATE CPU(sec) CPU(%) MEM(k)
 * MEM(%) MAXMEM(k) MAXMEM(%) VCPUS) from xend's "list" every -d seconds.
 * CPU(%) is the CPU time a domain used since the previous sample over the
 * wall time between them (cpus.c); the first sample shows 0.0, as
 * xentop's does. Host lines come from XEN_SYSCTL_physinfo and
 * XENVER_version, as for xm info. -b prints to stdout without terminal
 * control (batch), -i stops after N samples; on a terminal the screen is
 * redrawn and q (or Esc) quits.
 */
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "public/version.h"
#include "cpus.h"
#include "xm.h"
#include "../libs/ctrl/xctrl.h"

#define TOP_MAX 1024

struct sample {
	int n;
	double wall;
	int domid[TOP_MAX];
	double cpu[TOP_MAX];
};

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A domain's CPU seconds in the previous sample, or -1. */
static double prev_cpu(const struct sample *s, int domid)
{
	for (int i = 0; i < s->n; i++)
		if (s->domid[i] == domid)
			return s->cpu[i];
	return -1;
}

/* xentop's STATE letters, in its order: d s b c p r. */
static void top_state(const char *xl, char out[7])
{
	bool shut = xl[3] == 's', crash = shut && xl[4] == 'c';

	snprintf(out, 7, "%c%c%c%c%c%c", xl[5] == 'd' ? 'd' : '-', shut && !crash ? 's' : '-',
		 xl[1] == 'b' ? 'b' : '-', crash ? 'c' : '-', xl[2] == 'p' ? 'p' : '-',
		 xl[0] == 'r' ? 'r' : '-');
}

static void host_lines(struct json_object *doms)
{
	int cnt[6] = {0}; /* running blocked paused crashed dying shutdown */
	struct xen_sysctl_physinfo p;
	struct xcall *c = xcall_open();
	time_t t = time(NULL);
	char hms[16];
	long v = c ? xctrl_version(c, XENVER_version, NULL, 0) : -1;

	for (size_t i = 0; i < json_object_array_length(doms); i++) {
		const char *s = json_object_get_string(
			xm_field(json_object_array_get_idx(doms, i), "state"));
		cnt[0] += s[0] == 'r', cnt[1] += s[1] == 'b', cnt[2] += s[2] == 'p';
		cnt[3] += s[3] == 's' && s[4] == 'c', cnt[4] += s[5] == 'd';
		cnt[5] += s[3] == 's' && s[4] != 'c';
	}
	strftime(hms, sizeof(hms), "%H:%M:%S", localtime(&t));
	printf("xm top - %s   Xen %ld.%ld\n", hms, v < 0 ? 0 : v >> 16, v < 0 ? 0 : v & 0xffff);
	printf("%zu domains: %d running, %d blocked, %d paused, %d crashed, %d dying, %d "
	       "shutdown\n",
	       json_object_array_length(doms), cnt[0], cnt[1], cnt[2], cnt[3], cnt[4], cnt[5]);
	if (c && !xctrl_physinfo(c, &p))
		printf("Mem: %lluk total, %lluk used, %lluk free    CPUs: %u @ %uMHz\n",
		       (unsigned long long)p.total_pages * 4,
		       (unsigned long long)(p.total_pages - p.free_pages) * 4,
		       (unsigned long long)p.free_pages * 4, p.nr_cpus, p.cpu_khz / 1000);
	if (c)
		xcall_close(c);
}

static double total_kib(void)
{
	struct xen_sysctl_physinfo p;
	struct xcall *c = xcall_open();
	double kib = c && !xctrl_physinfo(c, &p) ? (double)p.total_pages * 4 : 0;

	if (c)
		xcall_close(c);
	return kib;
}

static void dom_row(struct json_object *d, const struct sample *prev, struct sample *cur,
		    double total)
{
	long long mem = json_object_get_int64(xm_field(d, "memory_kib"));
	long long max = json_object_get_int64(xm_field(d, "max_memory_kib"));
	double cpu = json_object_get_double(xm_field(d, "cpu_time")), before;
	int domid = json_object_get_int(xm_field(d, "domid"));
	char st[7];

	before = prev_cpu(prev, domid);
	if (cur->n < TOP_MAX) {
		cur->domid[cur->n] = domid;
		cur->cpu[cur->n++] = cpu;
	}
	top_state(json_object_get_string(xm_field(d, "state")), st);
	printf("%10.10s %6s %10.0f %6.1f %10lld %6.1f %10lld %9.1f %5d\n",
	       json_object_get_string(xm_field(d, "name")), st, cpu,
	       before < 0 ? 0.0 : xm_cpu_percent(before, cpu, prev->wall, cur->wall), mem,
	       total > 0 ? (double)mem * 100 / total : 0, max,
	       total > 0 ? (double)max * 100 / total : 0,
	       json_object_get_int(xm_field(d, "vcpus")));
}

/* One sample printed; 0, or 1 if xend failed. */
static int show(struct sample *prev, bool batch)
{
	struct json_object *res, *a = json_object_new_object();
	struct sample cur = {0};
	double total = total_kib();

	if (xm_call("list", a, &res))
		return 1;
	cur.wall = now();
	if (!batch)
		printf("\033[H\033[2J");
	host_lines(res);
	printf("%10s %6s %10s %6s %10s %6s %10s %9s %5s\n", "NAME", "STATE", "CPU(sec)", "CPU(%)",
	       "MEM(k)", "MEM(%)", "MAXMEM(k)", "MAXMEM(%)", "VCPUS");
	for (size_t i = 0; i < json_object_array_length(res); i++)
		dom_row(json_object_array_get_idx(res, i), prev, &cur, total);
	if (batch)
		printf("\n");
	fflush(stdout);
	json_object_put(res);
	*prev = cur;
	return 0;
}

/* Wait secs (batch) or until a key: true to quit. */
static bool pause_for(double secs, bool batch)
{
	struct pollfd p = {.fd = 0, .events = POLLIN};
	char ch;

	if (batch) {
		struct timespec t = {(time_t)secs, (long)((secs - (double)(time_t)secs) * 1e9)};

		nanosleep(&t, NULL);
		return false;
	}
	if (poll(&p, 1, (int)(secs * 1000)) <= 0 || read(0, &ch, 1) != 1)
		return false;
	return ch == 'q' || ch == 'Q' || ch == 27;
}

static int parse_opts(int argc, char **argv, bool *batch, long *iters, double *delay)
{
	char *end;
	int o;

	optind = 1;
	while ((o = getopt(argc, argv, "bi:d:")) != -1) {
		if (o == 'b')
			*batch = true;
		else if (o == 'i' && (*iters = strtol(optarg, &end, 10)) > 0 && !*end)
			continue;
		else if (o == 'd' && (*delay = strtod(optarg, &end)) > 0 && !*end)
			continue;
		else
			return -1;
	}
	return optind == argc ? 0 : -1;
}

int xm_top(int argc, char **argv)
{
	static struct sample prev;
	struct termios saved, raw;
	bool batch = false, term;
	long iters = -1;
	double delay = 3;
	int rc = 0;

	if (parse_opts(argc, argv, &batch, &iters, &delay))
		return xm_usage("top");
	term = !batch && isatty(0) && tcgetattr(0, &saved) == 0;
	if (term) {
		raw = saved;
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		tcsetattr(0, TCSANOW, &raw);
	}
	for (long i = 0; iters < 0 || i < iters; i++) {
		if ((rc = show(&prev, batch)))
			break;
		if ((iters < 0 || i + 1 < iters) && pause_for(delay, batch || !term))
			break;
	}
	if (term)
		tcsetattr(0, TCSANOW, &saved);
	return rc;
}
