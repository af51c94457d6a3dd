/*
 * libxend: a domain's virtual disks and NICs (xl.cfg disk = [...] and
 * vif = [...], block-/network-attach, -detach, -list), served by Linux's
 * blkback and netback in dom0. xend is its own hotplug agent (no bash, no
 * udev): a file becomes a loop device here (LOOP_CONFIGURE, read-only for
 * access=r), a vif joins its bridge here (SIOCBRADDIF), and xend writes
 * physical-device and hotplug-status itself, as Debian's block and
 * vif-bridge scripts would for xl. The script nodes still name those
 * scripts, so Debian's xl tearing down one of our domains finds them.
 *
 * xenstore (ecosystem.md 3.9):
 *   1. both directories in one transaction (devnodes.c), as libxl writes
 *      them: the backend /local/domain/0/backend/<kind>/<d>/<devid> n0 r<d>
 *      without state, the frontend /local/domain/<d>/device/<kind>/<devid>
 *      n<d> r0 with state=1 (a running guest's frontend probes it and waits
 *      for its backend); a failure midway leaves neither;
 *   2. the backend's state=1 (Linux probes a backend at state 1, and its
 *      frontend is there by then); it reaches InitWait (its driver took
 *      it; 10 s) and the hotplug work is done (a vif: its netdev
 *      vif<d>.<devid> up on the bridge), then hotplug-status=connected
 *      (netback connects then). Writes outside the transaction go through
 *      nodes.c's writer too (first error kept).
 * Removal: the backend directory goes (its driver unregisters: the vif
 * netdev disappears, blkback closes the loop device), the frontend
 * directory goes, then LOOP_CLR_FD on the backend's node (the kernel
 * detaches lazily once blkback's last reference is gone). A hot-detach
 * first asks both ends to close (online=0, state=5) and waits 10 s.
 *
 * Invariants: xenstore is the only record of a device (node names the
 * loop device xend made), so a restarted xend removes what an earlier one
 * built. Locking: none, xend's one thread calls these.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>
#include <linux/loop.h>
#include <linux/sockios.h>

#include "devspec.h"
#include "xend_private.h"
#include "../libs/cfg/xcfg.h"

#define DEV_WAIT_MS 10000

static const char *kind_name(bool nic)
{
	return nic ? "vif" : "vbd";
}

/* A writer (nodes.c) under dir, outside any transaction. */
static struct xend_writer writer(struct xend *x, const char *dir)
{
	struct xend_writer w = {.x = x};

	snprintf(w.base, sizeof(w.base), "%s", dir);
	return w;
}
/* A node's number, or dflt if absent or not a number. */
static int read_int(struct xend *x, const char *dir, const char *key, int dflt)
{
	char path[160], *v, *end;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir, key);
	v = xstore_read(x->xs, path);
	if (!v)
		return dflt;
	n = strtol(v, &end, 10);
	if (end == v || *end)
		n = dflt;
	free(v);
	return (int)n;
}

static void sleep_ms(long ms)
{
	struct timespec t = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};

	nanosleep(&t, NULL);
}

/* Until dir/state is in [lo, hi] (0: also absent) or DEV_WAIT_MS pass. */
static bool wait_state(struct xend *x, const char *dir, int lo, int hi)
{
	for (int ms = 0; ms <= DEV_WAIT_MS; ms += 50) {
		int s = read_int(x, dir, "state", 0);

		if (s >= lo && s <= hi)
			return true;
		sleep_ms(50);
	}
	return false;
}

/* --- loop devices ------------------------------------------------------- */

/* A free loop device bound to fd (file, named so that losetup -a shows it):
 * its path in dev. 0 or -errno. */
static int loop_bind(int fd, const char *file, bool rw, char dev[32])
{
	struct loop_config lc = {.fd = (unsigned int)fd,
				 .info.lo_flags = rw ? 0 : LO_FLAGS_READ_ONLY};
	size_t len = strnlen(file, sizeof(lc.info.lo_file_name) - 1);
	int ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC), rc = -EBUSY;

	memcpy(lc.info.lo_file_name, file, len); /* a longer name is cut (losetup's too) */
	if (ctl < 0)
		return -errno;
	for (int tries = 0; tries < 8 && rc == -EBUSY; tries++) {
		int n = ioctl(ctl, LOOP_CTL_GET_FREE), lfd;

		if (n < 0) {
			rc = -errno;
			break;
		}
		snprintf(dev, 32, "/dev/loop%d", n);
		lfd = open(dev, O_RDWR | O_CLOEXEC);
		if (lfd < 0) {
			rc = -errno;
			break;
		}
		rc = ioctl(lfd, LOOP_CONFIGURE, &lc) ? -errno : 0;
		close(lfd);
	}
	close(ctl);
	return rc;
}

/* The block device of a disk's target: the device itself, or a loop device
 * xend binds to a file (loop[0] then set). major:minor in *rdev. */
static int disk_device(struct xend *x, const struct xcfg_disk *d, char loop[32], dev_t *rdev)
{
	int fd = open(d->target, (d->readwrite ? O_RDWR : O_RDONLY) | O_CLOEXEC), rc = 0;
	struct stat st;

	loop[0] = '\0';
	if (fd < 0 || fstat(fd, &st)) {
		rc = -errno;
		snprintf(x->err, sizeof(x->err), "disk %s: %s", d->target, strerror(errno));
	} else if (S_ISBLK(st.st_mode)) {
		*rdev = st.st_rdev;
	} else if (!S_ISREG(st.st_mode)) {
		rc = -EINVAL;
		snprintf(x->err, sizeof(x->err), "disk %s: not a file or block device", d->target);
	} else if ((rc = loop_bind(fd, d->target, d->readwrite, loop)) || stat(loop, &st)) {
		rc = rc ? rc : -errno;
		snprintf(x->err, sizeof(x->err), "disk %s: no loop device: %s", d->target,
			 strerror(-rc));
		loop[0] = '\0';
	} else {
		*rdev = st.st_rdev;
	}
	if (fd >= 0)
		close(fd);
	return rc;
}

/* LOOP_CLR_FD: at once, or when blkback's last reference goes. */
static void loop_release(const char *dev)
{
	int fd;

	if (strncmp(dev, "/dev/loop", 9))
		return;
	fd = open(dev, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	ioctl(fd, LOOP_CLR_FD, 0);
	close(fd);
}

/* --- removal ------------------------------------------------------------ */

/* Remove one device. graceful: ask both ends to close first (hot-detach). */
static void dev_remove(struct xend *x, uint16_t domid, bool nic, int devid, bool graceful)
{
	char be[96], fe[96], path[128], *loop;
	struct xend_writer w;

	xend_dev_paths(nic, domid, devid, be, fe);
	snprintf(path, sizeof(path), "%s/node", be);
	loop = xstore_read(x->xs, path);
	w = writer(x, be);
	if (graceful) {
		xend_w_write(&w, "online", "0");
		xend_w_write(&w, "state", "5");
		if (!w.rc)
			wait_state(x, be, 6, 6);
	}
	xstore_rm(x->xs, be);
	xstore_rm(x->xs, fe);
	if (loop)
		loop_release(loop);
	free(loop);
}

/* The devids under dir (at most max), or -errno. */
static int list_ids(struct xend *x, const char *dir, int *ids, int max)
{
	size_t len;
	char *names = xstore_directory(x->xs, dir, &len);
	int n = 0;

	if (!names)
		return 0;
	for (size_t off = 0; off < len && n < max; off += strlen(names + off) + 1) {
		char *end;
		long id = strtol(names + off, &end, 10);

		if (end != names + off && !*end && id >= 0)
			ids[n++] = (int)id;
	}
	free(names);
	return n;
}

void xend_devices_remove(struct xend *x, uint16_t domid)
{
	char dir[64];
	int ids[64];

	if (!x->xs)
		return;
	for (int k = 0; k < 2; k++) {
		int n;

		snprintf(dir, sizeof(dir), "/local/domain/0/backend/%s/%u", kind_name(k), domid);
		n = list_ids(x, dir, ids, 64);
		for (int i = 0; i < n; i++)
			dev_remove(x, domid, k, ids[i], false);
		xstore_rm(x->xs, dir);
	}
}

/* --- attach ------------------------------------------------------------- */

/* Step 2 of the head comment: state=1, InitWait, hotplug (hook), connected. */
static int dev_connect(struct xend *x, const char *be, bool nic,
		       int (*hook)(struct xend *x, const void *arg), const void *arg)
{
	struct xend_writer w = writer(x, be);
	int rc;

	xend_w_write(&w, "state", "1");
	rc = w.rc;
	if (!rc && !wait_state(x, be, 2, 4)) {
		snprintf(x->err, sizeof(x->err), "%s: the backend did not start (is %s loaded?)",
			 be, nic ? "xen-netback" : "xen-blkback");
		rc = -ETIMEDOUT;
	}
	if (!rc && hook)
		rc = hook(x, arg);
	if (rc) {
		char msg[sizeof(x->err)];

		snprintf(msg, sizeof(msg), "%s", x->err);
		w = writer(x, be);
		xend_w_write(&w, "hotplug-error", "%s", msg);
		xend_w_write(&w, "hotplug-status", "error");
		snprintf(x->err, sizeof(x->err), "%s", msg);
		return rc;
	}
	xend_w_write(&w, "hotplug-status", "connected");
	return w.rc;
}

/* What xend's blkback path serves: raw images or devices in dom0. */
static int disk_supported(struct xend *x, const struct xcfg_disk *d)
{
	const char *why = NULL;

	if (strcmp(d->format, "raw"))
		why = "format (only raw)";
	else if (d->cdrom)
		why = "cdrom devices";
	else if (*d->backend && strcmp(d->backend, "0") && strcmp(d->backend, "Domain-0"))
		why = "a backend domain other than dom0";
	else if (*d->backendtype && strcmp(d->backendtype, "phy"))
		why = "backendtype (only phy)";
	else if (*d->script)
		why = "hotplug scripts";
	else if (!*d->target)
		why = "an empty target";
	if (why)
		snprintf(x->err, sizeof(x->err), "disk %s: %s not supported by xend", d->vdev, why);
	return why ? -EINVAL : 0;
}

int xend_check_disk(struct xend *x, const char *spec, struct xcfg_disk *d)
{
	char err[256];

	if (xcfg_parse_disk(spec, d, err, sizeof(err))) {
		snprintf(x->err, sizeof(x->err), "%s", err);
		return -EINVAL;
	}
	return disk_supported(x, d);
}

int xend_disk_attach(struct xend *x, uint16_t domid, const char *spec)
{
	struct xcfg_disk d;
	char be[96], fe[96], loop[32], *old;
	dev_t rdev = 0;
	int rc = xend_check_disk(x, spec, &d);

	if (rc)
		return rc;
	xend_dev_paths(false, domid, d.virtual_device, be, fe);
	if ((old = xstore_read(x->xs, fe)) || (old = xstore_read(x->xs, be))) {
		free(old);
		snprintf(x->err, sizeof(x->err), "device %s of domain %u already exists", d.vdev,
			 domid);
		return -EEXIST;
	}
	if ((rc = disk_device(x, &d, loop, &rdev)))
		return rc;
	rc = xend_disk_nodes(x, domid, &d, loop, major(rdev), minor(rdev));
	if (!rc)
		rc = dev_connect(x, be, false, NULL, NULL);
	if (rc) {
		char msg[sizeof(x->err)];

		snprintf(msg, sizeof(msg), "%s", x->err);
		xstore_rm(x->xs, be);
		xstore_rm(x->xs, fe);
		if (*loop)
			loop_release(loop);
		snprintf(x->err, sizeof(x->err), "%s", msg);
	}
	return rc;
}

int xend_disk_detach(struct xend *x, uint16_t domid, const char *what)
{
	char be[96], fe[96], *v;
	int devid = xend_disk_devid(what);
	bool found = false;

	if (devid >= 0) {
		xend_dev_paths(false, domid, devid, be, fe);
		v = xstore_read(x->xs, be);
		found = v != NULL;
		free(v);
	}
	if (!found) {
		snprintf(x->err, sizeof(x->err), "Error: Device %s not connected.", what);
		return -ENODEV;
	}
	dev_remove(x, domid, false, devid, true);
	return 0;
}

struct nic_hook {
	uint16_t domid;
	int devid;
	const char *bridge;
};

/* The ifindex of a network interface, or 0. */
static int ifindex(int sock, const char *name)
{
	struct ifreq r = {0};

	snprintf(r.ifr_name, sizeof(r.ifr_name), "%s", name);
	return ioctl(sock, SIOCGIFINDEX, &r) ? 0 : r.ifr_ifindex;
}

/* vif<d>.<devid> (made by netback at probe) up and on its bridge. */
static int nic_hotplug(struct xend *x, const void *arg)
{
	const struct nic_hook *h = arg;
	struct ifreq r = {0};
	char vif[IFNAMSIZ];
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), idx = 0, rc = 0;

	if (s < 0)
		return -errno;
	snprintf(vif, sizeof(vif), "vif%u.%d", h->domid, h->devid);
	for (int ms = 0; ms <= DEV_WAIT_MS && !(idx = ifindex(s, vif)); ms += 50)
		sleep_ms(50);
	snprintf(r.ifr_name, sizeof(r.ifr_name), "%s", h->bridge);
	r.ifr_ifindex = idx;
	if (!idx) {
		rc = -ENODEV;
		snprintf(x->err, sizeof(x->err), "%s did not appear", vif);
	} else if (ioctl(s, SIOCBRADDIF, &r)) {
		rc = -errno;
		snprintf(x->err, sizeof(x->err), "adding %s to bridge %s: %s", vif, h->bridge,
			 strerror(errno));
	} else {
		snprintf(r.ifr_name, sizeof(r.ifr_name), "%s", vif);
		if (ioctl(s, SIOCGIFFLAGS, &r) ||
		    (r.ifr_flags |= IFF_UP, ioctl(s, SIOCSIFFLAGS, &r)))
			rc = -errno;
		if (rc)
			snprintf(x->err, sizeof(x->err), "%s up: %s", vif, strerror(-rc));
	}
	close(s);
	return rc;
}

/* The next NIC devid of a domain: one past its highest. */
static int next_nic_id(struct xend *x, uint16_t domid)
{
	char dir[64];
	int ids[64], n, next = 0;

	snprintf(dir, sizeof(dir), "/local/domain/0/backend/vif/%u", domid);
	n = list_ids(x, dir, ids, 64);
	for (int i = 0; i < n; i++)
		if (ids[i] >= next)
			next = ids[i] + 1;
	return next;
}

int xend_check_nic(struct xend *x, const char *spec, struct xcfg_vif *v)
{
	char err[256], path[96];

	if (xcfg_parse_vif(spec, v, err, sizeof(err))) {
		snprintf(x->err, sizeof(x->err), "%s", err);
		return -EINVAL;
	}
	if (*v->backend && strcmp(v->backend, "0") && strcmp(v->backend, "Domain-0")) {
		snprintf(x->err, sizeof(x->err),
			 "vif: a backend domain other than dom0 is not "
			 "supported by xend");
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "/sys/class/net/%s/bridge", v->bridge);
	if (access(path, F_OK)) { /* vif-bridge's words */
		snprintf(x->err, sizeof(x->err), "Could not find bridge device %s", v->bridge);
		return -ENODEV;
	}
	return 0;
}

int xend_nic_attach(struct xend *x, uint16_t domid, const char *spec, int devid)
{
	struct xcfg_vif v;
	struct nic_hook h = {.domid = domid};
	char be[96], fe[96], mac[18];
	int rc = xend_check_nic(x, spec, &v);

	if (rc)
		return rc;
	h.devid = v.devid >= 0 ? v.devid : devid >= 0 ? devid : next_nic_id(x, domid);
	h.bridge = v.bridge;
	if (v.has_mac) {
		snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", v.mac[0], v.mac[1],
			 v.mac[2], v.mac[3], v.mac[4], v.mac[5]);
	} else {
		unsigned char rnd[3] = {0};

		if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
			rnd[2] = (unsigned char)(domid + h.devid);
		xend_default_mac(rnd, mac);
	}
	xend_dev_paths(true, domid, h.devid, be, fe);
	rc = xend_nic_nodes(x, domid, h.devid, mac, v.bridge);
	if (!rc)
		rc = dev_connect(x, be, true, nic_hotplug, &h);
	if (rc) {
		char msg[sizeof(x->err)];

		snprintf(msg, sizeof(msg), "%s", x->err);
		dev_remove(x, domid, true, h.devid, false);
		snprintf(x->err, sizeof(x->err), "%s", msg);
	}
	return rc;
}

int xend_nic_detach(struct xend *x, uint16_t domid, const char *what)
{
	struct xend_device devs[64];
	int n = xend_device_list(x, domid, true, devs, 64);

	for (int i = 0; i < n; i++) {
		if (xend_nic_matches(what, devs[i].devid, devs[i].mac)) {
			dev_remove(x, domid, true, devs[i].devid, true);
			return 0;
		}
	}
	snprintf(x->err, sizeof(x->err), "Unknown device %s.", what);
	return -ENODEV;
}

/* --- listing ------------------------------------------------------------ */

static void read_str(struct xend *x, const char *dir, const char *key, char *out, size_t n)
{
	char path[160], *v;

	snprintf(path, sizeof(path), "%s/%s", dir, key);
	v = xstore_read(x->xs, path);
	snprintf(out, n, "%s", v ? v : "");
	free(v);
}

int xend_device_list(struct xend *x, uint16_t domid, bool nic, struct xend_device *out, int max)
{
	char dir[64], be[96], fe[96];
	int ids[64], n;

	snprintf(dir, sizeof(dir), "/local/domain/%u/device/%s", domid, kind_name(nic));
	n = list_ids(x, dir, ids, max < 64 ? max : 64);
	for (int i = 0; i < n; i++) {
		struct xend_device *d = &out[i];

		xend_dev_paths(nic, domid, ids[i], be, fe);
		d->devid = ids[i];
		d->frontend_id = domid;
		d->backend_id = read_int(x, fe, "backend-id", -1);
		d->state = read_int(x, fe, "state", -1);
		d->evtch = read_int(x, fe, "event-channel", -1);
		d->ring_ref = read_int(x, fe, nic ? "tx-ring-ref" : "ring-ref", -1);
		d->rx_ring_ref = nic ? read_int(x, fe, "rx-ring-ref", -1) : -1;
		read_str(x, fe, "backend", d->backend, sizeof(d->backend));
		read_str(x, fe, "mac", d->mac, sizeof(d->mac));
	}
	return n;
}
