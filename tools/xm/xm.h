/*
 * xm: the command table. Each command is one function taking its
 * arguments after the command name; it returns the exit status (0 ok,
 * 1 failure, 2 usage), printing data on stdout and messages on stderr,
 * as xl does.
 */
#ifndef TOOLS_XM_XM_H
#define TOOLS_XM_XM_H

struct xm_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage, *help;
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

/* Print the usage of a command on stderr; returns 2. */
int xm_usage(const char *cmd);

#endif /* TOOLS_XM_XM_H */
