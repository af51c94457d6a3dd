/*
 * xm list, domid, domname: xl's table (Name ID Mem VCPUs State Time(s)),
 * one line per domain, Mem in MiB of current plus outstanding pages, the
 * six-letter state r b p s <shutdown reason> d.
 */
#include <stdio.h>
#include <string.h>

#include "xm.h"
#include "../xend/xend.h"

#define MAX_DOMS 1024

static void state(const struct xen_domctl_getdomaininfo *i, char s[7])
{
	static const char reason[] = "-rscwS";
	unsigned int code = i->flags >> XEN_DOMINF_shutdownshift & XEN_DOMINF_shutdownmask;
	bool shut = i->flags & XEN_DOMINF_shutdown;

	s[0] = i->flags & XEN_DOMINF_running ? 'r' : '-';
	s[1] = i->flags & XEN_DOMINF_blocked ? 'b' : '-';
	s[2] = i->flags & XEN_DOMINF_paused ? 'p' : '-';
	s[3] = shut ? 's' : '-';
	s[4] = shut && code < sizeof(reason) - 1 ? reason[code] : '-';
	s[5] = i->flags & XEN_DOMINF_dying ? 'd' : '-';
	s[6] = '\0';
}

static void row(const struct xend_dom *d)
{
	char s[7];

	state(&d->info, s);
	printf("%-40s %5u %5lu %5u     %s  %8.1f\n", d->name, d->info.domain,
	       (unsigned long)((d->info.tot_pages + d->info.outstanding_pages) * 4 / 1024),
	       d->info.nr_online_vcpus, s, (double)d->info.cpu_time / 1e9);
}

int xm_list(int argc, char **argv)
{
	static struct xend_dom doms[MAX_DOMS];
	struct xend x;
	int n, rc = 0;

	if (argc > 1 && argv[1][0] == '-')
		return xm_usage("list");
	if (xend_open(&x, false)) {
		fprintf(stderr, "%s\n", x.err);
		return 1;
	}
	n = argc > 1 ? 0 : xend_list(&x, doms, MAX_DOMS);
	for (int i = 1; i < argc && !rc; i++, n++)
		rc = xend_lookup(&x, argv[i], &doms[n]);
	if (n < 0 || rc) {
		fprintf(stderr, "%s\n", x.err);
		xend_close(&x);
		return 1;
	}
	printf("Name                                        ID   Mem VCPUs\tState\tTime(s)\n");
	for (int i = 0; i < n; i++)
		row(&doms[i]);
	xend_close(&x);
	return 0;
}

static int lookup_print(int argc, char **argv, const char *cmd, bool want_id)
{
	struct xend_dom d;
	struct xend x;
	int rc;

	if (argc != 2)
		return xm_usage(cmd);
	if (xend_open(&x, false)) {
		fprintf(stderr, "%s\n", x.err);
		return 1;
	}
	rc = xend_lookup(&x, argv[1], &d);
	if (rc)
		fprintf(stderr, "%s\n", x.err);
	else if (want_id)
		printf("%u\n", d.info.domain);
	else
		printf("%s\n", d.name);
	xend_close(&x);
	return rc ? 1 : 0;
}

int xm_domid(int argc, char **argv)
{
	return lookup_print(argc, argv, "domid", true);
}

int xm_domname(int argc, char **argv)
{
	return lookup_print(argc, argv, "domname", false);
}
