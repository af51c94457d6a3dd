/*
 * The xend daemon's state: one libxend handle (privcmd + xenstore), the
 * API object whose backend is manage.c, and the domains it manages: those
 * it created, or adopted from /var/lib/xend at start. Each managed domain
 * has a record (its creation request, to restart it, and its on_* actions)
 * mirrored in <state_dir>/domains/<uuid>.json (state.c) whenever it
 * changes. Single-threaded: the server loop (server.c) runs requests,
 * watch events and the periodic check one after another.
 */
#ifndef TOOLS_XEND_DAEMON_H
#define TOOLS_XEND_DAEMON_H

#include "api.h"

#define XEND_MAX_MANAGED 256

struct xend_record {
	bool used;
	bool handled; /* its current shutdown was acted on (preserve, suspend) */
	uint16_t domid;
	uint8_t uuid[16];
	char name[64];
	char actions[XEND_NR_ACTIONS][16];
	double start_time;
	struct json_object *request; /* {"file", "config", "overrides"} as created */
};

struct xend_daemon {
	struct xend x;
	struct xend_api api;
	char state_dir[256];
	bool stop;
	struct xend_record recs[XEND_MAX_MANAGED];
	int reloc_fd;		/* relocation port's socket, -1: not listening */
	char reloc_allow[1024]; /* its allow-list (reloc.h) */
};

/* manage.c */
extern const struct xend_ops xend_daemon_ops;
/* Open the handles and adopt the domains of state_dir: 0 or -errno. */
int xend_daemon_init(struct xend_daemon *d, const char *state_dir);
void xend_daemon_fini(struct xend_daemon *d);
/* Apply on_poweroff/on_reboot/on_crash/on_watchdog to managed domains that
 * shut down, forget the ones that are gone. */
void xend_reap(struct xend_daemon *d);
/* Drop a record and its file. */
void xend_forget(struct xend_daemon *d, struct xend_record *r);

/* A domain from a save file's stream on fd (label names it in messages):
 * built, managed, left paused if asked; 0 or -errno with a->err. */
int xend_daemon_restore(struct xend_api *a, int fd, const char *label, bool paused,
			const struct xguest_progress *p, uint16_t *domid, char name[64]);
/* Destroy a domain and forget its record. */
void xend_daemon_drop(struct xend_daemon *d, uint16_t domid);

/* relocd.c: the relocation port (xend --relocation-port, reloc.h): listen
 * on addr:port (addr NULL: every address); 0 or -errno. */
int xend_reloc_listen(struct xend_daemon *d, const char *addr, int port, const char *allow);
/* One incoming migration, served to its end (the loop waits meanwhile). */
void xend_reloc_accept(struct xend_daemon *d);

/* state.c: one file per managed domain. 0 or -errno. */
int xend_state_save(const char *dir, const struct xend_record *r);
void xend_state_remove(const char *dir, const uint8_t uuid[16]);
/* Each saved record in turn to fn (records whose file does not parse are skipped). */
void xend_state_load(const char *dir, void (*fn)(void *arg, struct xend_record *r), void *arg);

/* server.c: serve the API on sock_path until stopped or signalled; 0 or -errno. */
int xend_serve(struct xend_daemon *d, const char *sock_path);

void xend_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* TOOLS_XEND_DAEMON_H */
