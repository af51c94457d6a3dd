/*
 * xm save and restore: the file's path is made absolute here (xend runs
 * elsewhere), xend does the work (docs/xend-api.md). On a terminal xm asks
 * for progress lines and keeps one line of "pages done / total" on stderr;
 * piped, it asks for none and prints only the result.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xm.h"
#include "../xend/client.h"

static char *absolute(const char *path)
{
	char cwd[PATH_MAX], *out;

	if (path[0] == '/')
		return strdup(path);
	if (!getcwd(cwd, sizeof(cwd)))
		return NULL;
	out = malloc(strlen(cwd) + strlen(path) + 2);
	if (out)
		sprintf(out, "%s/%s", cwd, path);
	return out;
}

static void show_progress(void *arg, struct json_object *p)
{
	long long done = json_object_get_int64(xm_field(p, "done"));
	long long total = json_object_get_int64(xm_field(p, "total"));

	fprintf(stderr, "\r%s: %lld/%lld pages (%lld%%)", (const char *)arg, done, total,
		total > 0 ? done * 100 / total : 0);
}

/* One call with progress lines shown on a terminal. */
static int call(const char *cmd, struct json_object *args, struct json_object **res,
		const char *what)
{
	bool tty = isatty(STDERR_FILENO);
	char err[1024];
	int rc;

	json_object_object_add(args, "progress", json_object_new_boolean(tty));
	rc = xend_call_progress(cmd, args, res, err, sizeof(err), tty ? show_progress : NULL,
				(void *)what);
	if (tty)
		fputs("\r\033[K", stderr);
	if (rc)
		fprintf(stderr, "%s\n", err);
	return rc ? 1 : 0;
}

int xm_save(int argc, char **argv)
{
	struct json_object *a, *res;
	char *file;
	int rc;

	if (argc != 3)
		return xm_usage("save");
	if (!(file = absolute(argv[2]))) {
		fprintf(stderr, "%s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	a = xm_dom_args(argv[1]);
	json_object_object_add(a, "file", json_object_new_string(file));
	fprintf(stderr, "Saving to %s\n", file);
	rc = call("save", a, &res, "Saving");
	if (!rc) {
		fprintf(stderr, "Saved domain %s (%lld pages) to %s\n",
			json_object_get_string(xm_field(res, "name")),
			(long long)json_object_get_int64(xm_field(res, "pages")), file);
		json_object_put(res);
	}
	free(file);
	return rc;
}

int xm_restore(int argc, char **argv)
{
	struct json_object *a = NULL, *res;
	bool paused = false;
	char *file;
	int opt, rc;

	optind = 1;
	while ((opt = getopt(argc, argv, "p")) != -1) {
		if (opt != 'p')
			return xm_usage("restore");
		paused = true;
	}
	if (argc - optind != 1)
		return xm_usage("restore");
	if (!(file = absolute(argv[optind]))) {
		fprintf(stderr, "%s: %s\n", argv[optind], strerror(errno));
		return 1;
	}
	a = json_object_new_object();
	json_object_object_add(a, "file", json_object_new_string(file));
	json_object_object_add(a, "paused", json_object_new_boolean(paused));
	fprintf(stderr, "Loading %s\n", file);
	rc = call("restore", a, &res, "Restoring");
	if (!rc) {
		fprintf(stderr, "Restored domain %s (id %lld)\n",
			json_object_get_string(xm_field(res, "name")),
			(long long)json_object_get_int64(xm_field(res, "domid")));
		json_object_put(res);
	}
	free(file);
	return rc;
}
