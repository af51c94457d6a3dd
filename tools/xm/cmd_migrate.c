/*
 * xm migrate: xend sends the domain live to the xend of another host over
 * its relocation port (docs/xend-api.md "migrate", "Relocation"). On a
 * terminal xm asks for a progress line per round (round, pages sent,
 * dirty rate); piped, none. --json prints the move's figures on stdout.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xm.h"
#include "../xend/client.h"

static long long num(struct json_object *o, const char *key)
{
	return (long long)json_object_get_int64(xm_field(o, key));
}

static void show_round(void *arg, struct json_object *p)
{
	if (json_object_get_boolean(xm_field(p, "last")))
		fprintf(stderr, "\r\033[K%s: last round (suspended): %lld pages, %lld in all",
			(char *)arg, num(p, "sent"), num(p, "done"));
	else
		fprintf(stderr,
			"\r\033[K%s: round %lld: %lld pages sent (%lld in all), dirtying %lld "
			"pages/s",
			(char *)arg, num(p, "round"), num(p, "sent"), num(p, "done"),
			num(p, "dirty_rate"));
}

static void summary(struct json_object *res, const char *host)
{
	long long rounds = num(res, "rounds");

	fprintf(stderr,
		"Migrated domain %s to %s (domain %lld there): %s, %lld round%s, %lld pages, "
		"%.1f MiB, downtime %.1f ms, total %.2f s\n",
		json_object_get_string(xm_field(res, "name")), host, num(res, "target_domid"),
		json_object_get_boolean(xm_field(res, "live")) ? "live" : "not live (no log-dirty)",
		rounds, rounds == 1 ? "" : "s", num(res, "pages"), num(res, "bytes") / 1048576.0,
		json_object_get_double(xm_field(res, "downtime_ms")),
		json_object_get_double(xm_field(res, "total_ms")) / 1000);
}

int xm_migrate(int argc, char **argv)
{
	static const struct option opts[] = {{"port", required_argument, NULL, 'p'},
					     {"live", no_argument, NULL, 'l'},
					     {"json", no_argument, NULL, 'j'},
					     {NULL, 0, NULL, 0}};
	bool json = false, tty = isatty(STDERR_FILENO);
	struct json_object *a, *res;
	char err[1024], what[96];
	long port = 8002;
	int o, rc;

	optind = 1;
	while ((o = getopt_long(argc, argv, "p:l", opts, NULL)) != -1) {
		if (o == 'p' && (port = strtol(optarg, NULL, 10)) > 0 && port < 65536)
			continue;
		if (o == 'l')
			continue; /* live is the default, as Xen 2.0's -l asked */
		if (o != 'j')
			return xm_usage("migrate");
		json = true;
	}
	if (argc - optind != 2)
		return xm_usage("migrate");
	a = xm_dom_args(argv[optind]);
	json_object_object_add(a, "host", json_object_new_string(argv[optind + 1]));
	json_object_object_add(a, "port", json_object_new_int((int)port));
	json_object_object_add(a, "progress", json_object_new_boolean(tty));
	snprintf(what, sizeof(what), "Migrating %s to %s", argv[optind], argv[optind + 1]);
	rc = xend_call_progress("migrate", a, &res, err, sizeof(err), tty ? show_round : NULL,
				what);
	if (tty)
		fputs("\r\033[K", stderr);
	if (rc) {
		fprintf(stderr, "xm migrate: %s\n", err);
		return 1;
	}
	summary(res, argv[optind + 1]);
	if (json)
		printf("%s\n", json_object_to_json_string_ext(res, JSON_C_TO_STRING_PRETTY));
	json_object_put(res);
	return 0;
}
