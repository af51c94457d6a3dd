/*
 * xm: the command table. Each command is one function taking its
 * arguments after the command name; it returns the exit status (0 ok,
 * 1 failure, 2 usage), printing data on stdout and messages on stderr,
 * as xl does. Commands reach xend through xm_call (tools/xend/client.c).
 */
#ifndef TOOLS_XM_XM_H
#define TOOLS_XM_XM_H

#include <stdbool.h>

#include <json-c/json.h>

struct xm_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage, *help, *details;
};

int xm_list(int argc, char **argv);
int xm_info(int argc, char **argv);
int xm_create(int argc, char **argv);
int xm_destroy(int argc, char **argv);
int xm_shutdown(int argc, char **argv);
int xm_reboot(int argc, char **argv);
int xm_pause(int argc, char **argv);
int xm_unpause(int argc, char **argv);
int xm_domid(int argc, char **argv);
int xm_domname(int argc, char **argv);
int xm_console(int argc, char **argv);
int xm_uptime(int argc, char **argv);
int xm_vcpu_set(int argc, char **argv);
int xm_mem_set(int argc, char **argv);
int xm_mem_max(int argc, char **argv);
int xm_sched_credit(int argc, char **argv);
int xm_rename(int argc, char **argv);
int xm_dmesg(int argc, char **argv);
int xm_save(int argc, char **argv);
int xm_restore(int argc, char **argv);
int xm_vcpu_list(int argc, char **argv);
int xm_vcpu_pin(int argc, char **argv);
int xm_top(int argc, char **argv);
int xm_migrate(int argc, char **argv);
int xm_block_attach(int argc, char **argv);
int xm_block_detach(int argc, char **argv);
int xm_block_list(int argc, char **argv);
int xm_network_attach(int argc, char **argv);
int xm_network_detach(int argc, char **argv);
int xm_network_list(int argc, char **argv);

/* Print the usage of a command on stderr; returns 2. */
int xm_usage(const char *cmd);

/* One API call (args consumed): 0 and *res, or 1 after printing xend's
 * message (or why xend could not be reached) on stderr. */
int xm_call(const char *cmd, struct json_object *args, struct json_object **res);
/* {"dom": dom} plus, if key, {key: value}. */
struct json_object *xm_dom_args(const char *dom);
/* A listed domain's field (NULL if absent). */
struct json_object *xm_field(struct json_object *dom, const char *key);
/* The one domain named dom, as xend lists it: 0 and *out (the caller's), or 1. */
int xm_lookup(const char *dom, struct json_object **out);

#endif /* TOOLS_XM_XM_H */
