/*
 * xend's API (docs/xend-api.md): one JSON object per line on a Unix
 * socket, a request {"version": 1, "cmd": "...", "args": {...}} answered
 * by {"version": 1, "ok": true, "result": ...} or {"version": 1, "ok":
 * false, "errno": <positive errno>, "error": "<xl-style message>"}.
 *
 * frame.c splits a byte stream into lines (at most XEND_FRAME_MAX bytes
 * each); dispatch.c decodes a request, checks its version and arguments,
 * resolves the domain it names and calls the backend through struct
 * xend_ops. The backend is the daemon's (manage.c) or a fake (host tests,
 * tools/xend/tests). Nothing here does I/O; one thread per struct xend_api.
 */
#ifndef TOOLS_XEND_API_H
#define TOOLS_XEND_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "xend.h"
#include "../libs/ctrl/xctrl.h"

#define XEND_API_VERSION 1
#define XEND_FRAME_MAX (1u << 20)
#define XEND_SOCKET "/run/xend/xend.sock"
#define XEND_STATE_DIR "/var/lib/xend"
#define XEND_MAX_DOMS 1024

/* frame.c: bytes in, complete lines out. */
struct xend_frame {
	char *buf;
	size_t len, cap;
	bool overflow; /* a line grew past XEND_FRAME_MAX: the stream is unusable */
};
/* Append n bytes: 0, -ENOMEM, or -EMSGSIZE once a line is too long. */
int xend_frame_feed(struct xend_frame *f, const void *data, size_t n);
/* The next complete line without its '\n' (malloc'd, NUL-terminated), or NULL. */
char *xend_frame_next(struct xend_frame *f);
void xend_frame_free(struct xend_frame *f);

/* One domain as the backend lists it. */
struct xend_dominfo {
	struct xen_domctl_getdomaininfo info;
	char name[64];
	char uuid[40];
	double start_time; /* seconds since the epoch, 0 if unknown */
	bool managed;	   /* created (or adopted) by this xend */
	char actions[XEND_NR_ACTIONS][16];
};

struct xend_api;

/* What the commands do. Each returns 0 or -errno with a message in api->err. */
struct xend_ops {
	int (*list)(struct xend_api *a, struct xend_dominfo *out, int max); /* count */
	/* A managed domain's creation request as JSON (for list -l), or NULL. */
	struct json_object *(*config)(struct xend_api *a, uint16_t domid);
	int (*create)(struct xend_api *a, struct xend_create_req *r);
	int (*destroy)(struct xend_api *a, uint16_t domid);
	int (*shutdown)(struct xend_api *a, uint16_t domid, const char *how);
	int (*pause)(struct xend_api *a, uint16_t domid, bool pause);
	int (*vcpu_set)(struct xend_api *a, uint16_t domid, unsigned int n);
	int (*mem_set)(struct xend_api *a, uint16_t domid, uint64_t kib);
	int (*mem_max)(struct xend_api *a, uint16_t domid, uint64_t kib);
	int (*sched_get)(struct xend_api *a, uint16_t domid, struct xctrl_sched *s);
	int (*sched_set)(struct xend_api *a, uint16_t domid, const struct xctrl_sched *s);
	int (*rename)(struct xend_api *a, uint16_t domid, const char *name);
	long (*dmesg)(struct xend_api *a, char *buf, size_t size, bool clear); /* bytes */
	int (*stop)(struct xend_api *a); /* the daemon exits after the reply */
	/* Save domid to file (then it is destroyed); pages written back. */
	int (*save)(struct xend_api *a, uint16_t domid, const char *file, bool progress,
		    uint64_t *pages);
	/* A domain from a save file: its id and name back. */
	int (*restore)(struct xend_api *a, const char *file, bool paused, bool progress,
		       uint16_t *domid, char name[64]);
	/* vcpu-list, vcpu-pin (cmds_vcpu.c); masks of CPUs 0-63, NULL: unchanged. */
	int (*vcpu_info)(struct xend_api *a, uint16_t domid, uint32_t vcpu, struct xend_vcpu *v);
	int (*vcpu_pin)(struct xend_api *a, uint16_t domid, uint32_t vcpu, const uint64_t *hard,
			const uint64_t *soft);
	int (*nr_cpus)(struct xend_api *a); /* the host's online CPUs, or -errno */
	/* Send domid live to the xend at m->host, m->port (migrate.c); destroyed
	 * here once it runs there; m's figures back. Rounds as progress objects. */
	int (*migrate)(struct xend_api *a, uint16_t domid, struct xend_migrate *m, bool progress);
	/* Disks (nic false) and NICs (devices.c): attach an xl spec, detach by
	 * vdev/devid/MAC, list (count). */
	int (*dev_attach)(struct xend_api *a, uint16_t domid, bool nic, const char *spec);
	int (*dev_detach)(struct xend_api *a, uint16_t domid, bool nic, const char *what);
	int (*dev_list)(struct xend_api *a, uint16_t domid, bool nic, struct xend_device *out,
			int max);
};

struct xend_api {
	const struct xend_ops *ops;
	void *ctx; /* the backend's */
	char err[512];
	struct xend_dominfo doms[XEND_MAX_DOMS]; /* scratch for list and lookups */
	/* The server's: send a progress line to the requesting client (or NULL). */
	void (*progress)(void *ctx, const char *what, uint64_t done, uint64_t total);
	void *progress_ctx;
	/* The same with any progress object (consumed), e.g. a migration's round. */
	void (*progress_obj)(void *ctx, struct json_object *progress);
};

/* dispatch.c: the reply to one request line (never NULL; the caller frees it). */
struct json_object *xend_dispatch(struct xend_api *a, const char *line);
/* A domain argument: an id, a name, or an unambiguous prefix of a name.
 * Index into a->doms of n listed, or -errno with the message. */
int xend_resolve(struct xend_api *a, const char *what, int n);
/* The six-letter state of xl list (r b p s <reason> d). */
void xend_state_str(const struct xen_domctl_getdomaininfo *i, char s[7]);
/* A domain as the API's JSON object ("domid", "name", "state", ...). */
struct json_object *xend_dom_json(const struct xend_dominfo *d);

#endif /* TOOLS_XEND_API_H */
