/*
 * xm: the toolstack's command line (docs/user-manual.md "xm"). Commands
 * may be abbreviated to an unambiguous prefix; an exact name wins. This
 * step links libxend (tools/xend) directly: there is no xend daemon yet.
 */
#include <stdio.h>
#include <string.h>

#include "xm.h"

static int xm_help(int argc, char **argv);

static const struct xm_cmd cmds[] = {
	{"console", xm_console, "<Domain>", "Attach to a domain's console (Ctrl-] detaches)"},
	{"create", xm_create, "[-p] [-c] [-n] <ConfigFile> [key=value...]",
	 "Create a domain from an xl.cfg file (-p paused, -c console, -n dry run)"},
	{"destroy", xm_destroy, "<Domain>", "Terminate a domain immediately"},
	{"domid", xm_domid, "<DomainName>", "Convert a domain name to its id"},
	{"domname", xm_domname, "<DomainId>", "Convert a domain id to its name"},
	{"help", xm_help, "[command]", "Print this help, or a command's"},
	{"info", xm_info, "[field]", "Information about the host and the hypervisor"},
	{"list", xm_list, "[Domain...]", "List domains"},
	{"pause", xm_pause, "<Domain>", "Pause a domain"},
	{"reboot", xm_reboot, "<Domain>", "Ask a domain to reboot"},
	{"shutdown", xm_shutdown, "[-w] <Domain>",
	 "Ask a domain to power off; -w waits for it, then destroys it"},
	{"unpause", xm_unpause, "<Domain>", "Unpause a paused domain"},
};
#define NR_CMDS (sizeof(cmds) / sizeof(cmds[0]))

static const struct xm_cmd *find(const char *name, int *matches)
{
	const struct xm_cmd *hit = NULL;

	*matches = 0;
	for (size_t i = 0; i < NR_CMDS; i++) {
		if (!strcmp(cmds[i].name, name)) {
			*matches = 1;
			return &cmds[i];
		}
		if (!strncmp(cmds[i].name, name, strlen(name))) {
			hit = &cmds[i];
			++*matches;
		}
	}
	return *matches == 1 ? hit : NULL;
}

int xm_usage(const char *name)
{
	int n;
	const struct xm_cmd *c = find(name, &n);

	if (c)
		fprintf(stderr, "Usage: xm %s %s\n\n%s.\n", c->name, c->usage, c->help);
	return 2;
}

static int xm_help(int argc, char **argv)
{
	if (argc > 1) {
		int n;
		const struct xm_cmd *c = find(argv[1], &n);

		if (!c) {
			fprintf(stderr, "command \"%s\" not implemented\n", argv[1]);
			return 2;
		}
		printf("Usage: xm %s %s\n\n%s.\n", c->name, c->usage, c->help);
		return 0;
	}
	printf("Usage: xm <subcommand> [args]\n\nxm full list of subcommands:\n\n");
	for (size_t i = 0; i < NR_CMDS; i++)
		printf(" %-20s%s\n", cmds[i].name, cmds[i].help);
	return 0;
}

int main(int argc, char **argv)
{
	const struct xm_cmd *c;
	int n;

	if (argc < 2) {
		xm_help(0, NULL);
		return 2;
	}
	c = find(argv[1], &n);
	if (!c) {
		fprintf(stderr, "command \"%s\" %s\n", argv[1],
			n ? "is ambiguous" : "not implemented");
		return 2;
	}
	return c->fn(argc - 1, argv + 1);
}
