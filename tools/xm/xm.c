/*
 * xm: the toolstack's command line (docs/user-manual.md "xm"), a client of
 * the xend daemon's API (docs/xend-api.md). Commands may be abbreviated to
 * an unambiguous prefix; an exact name wins.
 */
#include <stdio.h>
#include <string.h>

#include "xm.h"

static int xm_help(int argc, char **argv);

static const struct xm_cmd cmds[] = {
	{"block-attach", xm_block_attach, "<Domain> <disk-spec-component(s)>...",
	 "Create a new virtual block device",
	 "An xl DISKSPEC, e.g. 'file:/srv/data.img,xvdb,r' or 'target=/dev/sdb,vdev=xvdc'\n"
	 "(components may be separate arguments). xend binds a file to a loop device\n"
	 "and connects the disk through blkback; raw images and block devices in dom0."},
	{"block-detach", xm_block_detach, "[-f|--force] <Domain> <DevId>",
	 "Destroy a domain's virtual block device",
	 "DevId is the vdev (xvdb) or its number (51728). The guest is asked to close\n"
	 "it; after 10 s it is removed anyway (so --force changes nothing)."},
	{"block-list", xm_block_list, "<Domain...>", "List virtual block devices for a domain",
	 "xl block-list's table; Vdev is the device number (51712 = xvda)."},
	{"console", xm_console, "<Domain>", "Attach to a domain's console",
	 "Ctrl-] detaches. The pty is xenconsoled's (console/tty in xenstore)."},
	{"create", xm_create, "[-p] [-c] [-n] <ConfigFile> [key=value...]",
	 "Create a domain from an xl.cfg file",
	 "-p leaves it paused, -c attaches its console, -n only checks the file and\n"
	 "prints what would be built. key=value words override the file."},
	{"destroy", xm_destroy, "<Domain>", "Terminate a domain immediately", NULL},
	{"dmesg", xm_dmesg, "[-c]", "Print the hypervisor's console ring", "-c also clears it."},
	{"domid", xm_domid, "<DomainName>", "Convert a domain name to its id", NULL},
	{"domname", xm_domname, "<DomainId>", "Convert a domain id to its name", NULL},
	{"help", xm_help, "[command]", "Print this help, or a command's", NULL},
	{"info", xm_info, "[field]", "Information about the host and the hypervisor",
	 "With a field (or a prefix of one), only its value."},
	{"list", xm_list, "[-l|--json] [Domain...]", "List domains",
	 "-l prints xend's JSON with each domain's configuration, --json without it."},
	{"mem-max", xm_mem_max, "<Domain> <Size>", "Set a domain's maximum memory",
	 "Size in MiB, or with a suffix b, k, m, g, t. Not below its target."},
	{"mem-set", xm_mem_set, "<Domain> <Size>", "Set a domain's memory target (balloon)",
	 "Size in MiB, or with a suffix b, k, m, g, t. Not above its maximum."},
	{"migrate", xm_migrate, "[-p|--port <Port>] [-l|--live] [--json] <Domain> <Host>",
	 "Move a running domain to another host, live",
	 "xend sends the domain to the xend of Host (an address, or a name of\n"
	 "/etc/hosts) on its relocation port (default 8002; that xend must be started\n"
	 "with --relocation-port and allow this host), in rounds of dirty pages while\n"
	 "it runs, then a short pause for the last round; it is destroyed here once it\n"
	 "runs there. On any failure it runs on here. -l is the default (Xen 2.0's\n"
	 "flag); without log-dirty (Xen 4.17 for PV) the domain is suspended and sent\n"
	 "in one round. Progress on a terminal; --json\n"
	 "prints the figures (rounds, pages, bytes, downtime_ms, total_ms) on stdout."},
	{"network-attach", xm_network_attach, "<Domain> [bridge=<bridge>] [mac=<mac>] ...",
	 "Create a new virtual network device",
	 "An xl VIFSPEC (components may be separate arguments); the bridge (default\n"
	 "xenbr0) must exist; without mac= xend picks 00:16:3e:xx:xx:xx."},
	{"network-detach", xm_network_detach, "<Domain> <DevId|mac>",
	 "Destroy a domain's virtual network device", NULL},
	{"network-list", xm_network_list, "<Domain...>",
	 "List virtual network interfaces for a domain", NULL},
	{"pause", xm_pause, "<Domain>", "Pause a domain", NULL},
	{"reboot", xm_reboot, "<Domain>", "Ask a domain to reboot",
	 "xend then applies its on_reboot action (restart by default)."},
	{"rename", xm_rename, "<Domain> <NewName>", "Rename a domain", NULL},
	{"restore", xm_restore, "[-p] <CheckpointFile>", "Restore a domain from a saved state",
	 "-p leaves it paused. Its configuration comes from the file (the one it was\n"
	 "created with); its name must be free. Progress on a terminal."},
	{"save", xm_save, "<Domain> <CheckpointFile>", "Save a domain's state to a file",
	 "The domain is suspended, written with its configuration (docs/xend-api.md\n"
	 "\"Save file\"), then destroyed. Progress on a terminal."},
	{"sched-credit", xm_sched_credit, "[-d <Domain> [-w <Weight>] [-c <Cap>]]",
	 "Get or set credit scheduler parameters",
	 "Weight 1..65535 (default 256), cap in percent of one CPU (0: none);\n"
	 "applies to credit or credit2, whichever the hypervisor runs."},
	{"shutdown", xm_shutdown, "[-w] <Domain>", "Ask a domain to power off",
	 "xend then applies its on_poweroff action; -w waits (60 s) until it has."},
	{"top", xm_top, "[-b] [-i <Iterations>] [-d <Seconds>]",
	 "Monitor domains' CPU, memory and vCPUs (like xentop)",
	 "CPU(%) is the share of one CPU used since the previous sample. -b prints\n"
	 "samples to stdout (batch mode), -i stops after that many, -d sets the delay\n"
	 "between them (default 3 s). On a terminal, q quits."},
	{"unpause", xm_unpause, "<Domain>", "Unpause a paused domain", NULL},
	{"uptime", xm_uptime, "[Domain...]", "Print how long domains have run", NULL},
	{"vcpu-list", xm_vcpu_list, "[Domain...]", "List the vCPUs of domains",
	 "xl vcpu-list's table: CPU, state, time, hard / soft affinity."},
	{"vcpu-pin", xm_vcpu_pin, "<Domain> <VCPU|all> <Hard CPUs|-> [Soft CPUs|-]",
	 "Set the CPUs vCPUs may run on",
	 "CPUs as xl takes them: all, 3, 0-1,4, ^2 (all but 2); - leaves a mask alone."},
	{"vcpu-set", xm_vcpu_set, "<Domain> <vCPUs>", "Set the number of online vCPUs",
	 "At most the domain's maxvcpus; the guest offlines vCPUs itself and onlines\n"
	 "new ones from user space (as with xl)."},
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

static void cmd_help(FILE *f, const struct xm_cmd *c)
{
	fprintf(f, "Usage: xm %s %s\n\n%s.\n", c->name, c->usage, c->help);
	if (c->details)
		fprintf(f, "\n%s\n", c->details);
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
		cmd_help(stdout, c);
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
	if (argc == 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
		cmd_help(stdout, c);
		return 0;
	}
	return c->fn(argc - 1, argv + 1);
}
