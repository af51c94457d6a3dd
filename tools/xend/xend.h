/*
 * libxend: the domain lifecycle operations of the xend daemon (xend.c,
 * manage.c, docs/xend-api.md). One handle holds privcmd (libxcall) and a
 * xenstore connection (libxstore); the daemon keeps one for its life.
 *
 * Conventions are libxl's, so Debian's xl reads what we write:
 * /local/domain/<id>/{name,domid,vm,memory,cpu,console,store,control,...}
 * and /vm/<uuid>/{name,uuid}, owned by dom0 and readable by the domain,
 * its control/, device/, data/... subtrees owned by the domain.
 */
#ifndef TOOLS_XEND_XEND_H
#define TOOLS_XEND_XEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "public/domctl.h"
#include "../libs/call/xcall.h"
#include "../libs/guest/xguest.h"
#include "../libs/guest/xlive.h"
#include "../libs/store/xstore.h"

struct xend {
	struct xcall *call;
	struct xstore *xs; /* NULL if xenstored is not running */
	char err[512];
};

/* 0 or -errno with the reason in x->err. */
int xend_open(struct xend *x, bool need_store);
void xend_close(struct xend *x);

struct xend_dom {
	struct xen_domctl_getdomaininfo info;
	char name[64];
};
/* All domains with their names; the count, or -errno. */
int xend_list(struct xend *x, struct xend_dom *out, int max);
/* A domain named by id or name (an unambiguous prefix of a name also works). */
int xend_lookup(struct xend *x, const char *what, struct xend_dom *out);

/* The actions of a domain's shutdown reasons, indexes of xend_create_req.actions. */
enum { XEND_ON_POWEROFF, XEND_ON_REBOOT, XEND_ON_CRASH, XEND_ON_WATCHDOG, XEND_NR_ACTIONS };

struct xend_create_req {
	const char *file; /* the name errors carry */
	const char *text; /* xl.cfg text, len bytes */
	size_t len;
	char *const *overrides; /* key=value, applied in order */
	int nr_overrides;
	bool paused, dry_run;
	bool uuid_given; /* uuid in: keep it (a restart), else a fresh one */
	/* out (uuid in/out) */
	uint8_t uuid[16];
	uint16_t domid;
	char name[64];
	char actions[XEND_NR_ACTIONS][16]; /* "destroy", "restart", "preserve" */
	char summary[1024];		   /* dry_run: what would be built */
	/* restore: the domain comes from this save file (at its image header),
	 * not from the kernel (xguest_restore); progress may be NULL. */
	bool restore;
	int restore_fd;
	const struct xguest_progress *progress;
};
/* create.c: the domain of an xl.cfg text plus overrides (dry_run: only
 * checked, nothing built, x may be zeroed). 0 or -errno with x->err. */
int xend_create(struct xend *x, struct xend_create_req *r);

/* save.c: suspend the domain, write it to path (the save file of
 * tools/libs/guest/xstream.h, config in its header), destroy it. On failure
 * no file is left and the domain runs on. 0 or -errno with x->err. */
int xend_save(struct xend *x, uint16_t domid, const char *path, const char *config,
	      const struct xguest_progress *p);

/* migrate.c: xm migrate's source side (reloc.h): the domain sent live to
 * the xend listening on host:port, destroyed here once it runs there. On
 * failure it runs on here (see migrate.c for the one exception). */
struct xguest_live_round;
struct xend_migrate {
	const char *host;
	int port;
	const char *config, *name; /* the save file's config; the domain's name */
	void (*round)(void *arg, const struct xguest_live_round *r); /* may be NULL */
	void *arg;
	/* out */
	bool live;	      /* log-dirty rounds (else suspended, then sent) */
	unsigned int version; /* the relocation protocol's agreed (3: PAGE_DELTA) */
	uint16_t target_domid;
	uint32_t rounds;
	uint64_t pages, bytes, last_pages; /* last_pages: of the last round */
	uint64_t suspended_ns, downtime_ns, total_ns;
	uint64_t suspend_ns; /* its request to the guest's stop: the guest's own, not downtime */
	uint64_t drain_ns;   /* before the request: until the target had read all (not downtime) */
	/* The downtime (the guest's stop here to the target's "done") in its
	 * parts, one after the other: the last round's CLEAN and pages; the
	 * stream's tail (TSC, shared_info, vCPUs, END); the target's end of
	 * restore up to "ready" (page tables pinned, vCPUs, xenstore); "go"
	 * to "done" (the target unpauses it). All on this host's clock. */
	uint64_t last_round_ns, stream_end_ns, target_restore_ns, target_start_ns;
	/* Inside last_round_ns: the final CLEAN and pfn list, then the saver's
	 * steps and counts (xlive.h): the tail's state read, the pages. */
	uint64_t last_clean_ns;
	struct xguest_save_times last;
	/* Inside stream_end_ns: the tail's write (its state is read in the
	 * last round, before the pages: last.state_ns). */
	struct xguest_save_times end;
};
int xend_migrate(struct xend *x, uint16_t domid, struct xend_migrate *m);

/* lifecycle.c */
int xend_destroy(struct xend *x, uint16_t domid);
/* Writes control/shutdown (poweroff or reboot). */
int xend_shutdown(struct xend *x, uint16_t domid, const char *how);
int xend_pause(struct xend *x, uint16_t domid, bool pause);

/* devices.c: virtual disks and NICs served by blkback/netback in dom0,
 * xend doing the hotplug work itself (loop devices, the bridge). */
struct xend_device {
	int devid, backend_id, frontend_id, state; /* state: the frontend's */
	int evtch, ring_ref, rx_ring_ref;	   /* -1 if not (yet) there; a NIC: tx, rx */
	char mac[18];				   /* a NIC's */
	char backend[96];			   /* the backend's xenstore path */
};
/* A disk of an xl DISKSPEC, connected (hotplug-status=connected). */
int xend_disk_attach(struct xend *x, uint16_t domid, const char *spec);
/* A disk by vdev ("xvdb") or devid: both ends closed (10 s), then removed. */
int xend_disk_detach(struct xend *x, uint16_t domid, const char *what);
/* A NIC of an xl VIFSPEC; devid -1: one past the highest (or its devid=). */
int xend_nic_attach(struct xend *x, uint16_t domid, const char *spec, int devid);
/* A NIC by devid or MAC, as xend_disk_detach. */
int xend_nic_detach(struct xend *x, uint16_t domid, const char *what);
/* A domain's disks or NICs (from its frontend directories): count or -errno. */
int xend_device_list(struct xend *x, uint16_t domid, bool nic, struct xend_device *out, int max);
/* Every disk and NIC of a domain removed at once (it is going away). */
void xend_devices_remove(struct xend *x, uint16_t domid);

/* tune.c: what a running domain may be given. Sizes in KiB. */
/* cpu/<n>/availability online below n, offline from n to its max_vcpus. */
int xend_vcpu_set(struct xend *x, uint16_t domid, unsigned int n);
/* memory/target, refused above memory/static-max; max_mem follows (+1 MiB). */
int xend_mem_set(struct xend *x, uint16_t domid, uint64_t kib);
/* max_mem (+1 MiB) and memory/static-max, refused below memory/target. */
int xend_mem_max(struct xend *x, uint16_t domid, uint64_t kib);
/* name under /local/domain/<id> and /vm/<uuid>; refused if taken. */
int xend_rename(struct xend *x, uint16_t domid, const char *name);
/* vcpu.c: a vCPU as xl vcpu-list shows it; masks of CPUs 0-63. */
struct xend_vcpu {
	uint32_t vcpu, cpu;
	bool online, blocked, running;
	uint64_t cpu_time; /* ns */
	uint64_t hard, soft;
};
int xend_vcpu_info(struct xend *x, uint16_t domid, uint32_t vcpu, struct xend_vcpu *out);
/* Hard and/or soft affinity (NULL: left alone). */
int xend_vcpu_pin(struct xend *x, uint16_t domid, uint32_t vcpu, const uint64_t *hard,
		  const uint64_t *soft);
/* The host's online CPUs, or -errno. */
int xend_nr_cpus(struct xend *x);
/* The uuid string of a domain's handle into s (37 bytes). */
void xend_uuid_str(const uint8_t u[16], char *s);
/* The reverse: 0, or -EINVAL for a string not of that form. */
int xend_uuid_parse(const char *s, uint8_t u[16]);

#endif /* TOOLS_XEND_XEND_H */
