/*
 * libxend: save (xend.h). The domain is asked to suspend through
 * control/shutdown = "suspend" (its kernel freezes, then makes
 * SCHEDOP_shutdown(SHUTDOWN_suspend)), waited for, written to the file by
 * libxguest (the config in its header), and destroyed once the file is
 * complete on disk. A failure leaves no file and resumes the domain when
 * it had suspended: vCPU 0's suspend hypercall returns 1 ("cancelled", as
 * libxc's resume does) and XEN_DOMCTL_resumedomain lets it run on.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "public/sched.h"
#include "xend_private.h"
#include "../libs/ctrl/xctrl.h"

#define SUSPEND_WAIT_MS 60000

static bool suspended(const struct xen_domctl_getdomaininfo *i)
{
	return (i->flags & XEN_DOMINF_shutdown) &&
	       (i->flags >> XEN_DOMINF_shutdownshift & XEN_DOMINF_shutdownmask) == SHUTDOWN_suspend;
}

int xend_suspend_ask(struct xend *x, uint16_t domid)
{
	return xend_shutdown(x, domid, "suspend");
}

int xend_suspend_check(struct xend *x, uint16_t domid)
{
	struct xen_domctl_getdomaininfo info;
	int rc = xctrl_domain_info(x->call, domid, &info);

	if (rc) {
		snprintf(x->err, sizeof(x->err), "domain %u vanished while suspending: %s", domid,
			 strerror(-rc));
		return rc;
	}
	if (suspended(&info))
		return 1;
	if (info.flags & (XEN_DOMINF_shutdown | XEN_DOMINF_dying)) {
		snprintf(x->err, sizeof(x->err), "domain %u shut down instead of suspending",
			 domid);
		return -ESRCH;
	}
	return 0;
}

int xend_suspend(struct xend *x, uint16_t domid)
{
	int rc = xend_suspend_ask(x, domid);

	/* Every ms for the first second, then every 20 ms. */
	for (int i = 0, ms = 0; !rc && ms < SUSPEND_WAIT_MS; ms += i++ < 1000 ? 1 : 20) {
		if ((rc = xend_suspend_check(x, domid)))
			return rc < 0 ? rc : 0;
		usleep(i < 1000 ? 1000 : 20000);
	}
	if (!rc) {
		snprintf(x->err, sizeof(x->err),
			 "domain %u did not suspend within %d s (control/shutdown = suspend)",
			 domid, SUSPEND_WAIT_MS / 1000);
		rc = -ETIMEDOUT;
	}
	return rc;
}

/* Undo a suspend that will not be followed by a destroy. */
void xend_resume(struct xend *x, uint16_t domid)
{
	struct xen_domctl_getdomaininfo info;
	struct vcpu_guest_context *ctx;

	if (xctrl_domain_info(x->call, domid, &info) || !suspended(&info))
		return;
	ctx = xctrl_locked(sizeof(*ctx));
	if (ctx && !xctrl_getvcpucontext(x->call, domid, 0, ctx)) {
		ctx->user_regs.rax = 1;
		xctrl_setvcpucontext(x->call, domid, 0, ctx);
	}
	if (ctx)
		xctrl_locked_free(ctx, sizeof(*ctx));
	xctrl_simple(x->call, XEN_DOMCTL_resumedomain, domid);
}

int xend_save(struct xend *x, uint16_t domid, const char *path, const char *config,
	      const struct xguest_progress *p)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600), rc;

	if (domid == 0) {
		snprintf(x->err, sizeof(x->err), "saving domain 0 is not allowed");
		rc = -EPERM;
	} else if (fd < 0) {
		rc = -errno;
		snprintf(x->err, sizeof(x->err), "cannot create %s: %s", path, strerror(errno));
		return rc;
	} else if (!(rc = xend_suspend(x, domid))) {
		rc = xguest_save(x->call, domid, fd, config, strlen(config), p, x->err,
				 sizeof(x->err));
	}
	if (!rc && fsync(fd)) {
		rc = -errno;
		snprintf(x->err, sizeof(x->err), "writing %s: %s", path, strerror(errno));
	}
	if (fd >= 0)
		close(fd);
	if (rc) {
		if (fd >= 0)
			unlink(path);
		xend_resume(x, domid);
		return rc;
	}
	return xend_destroy(x, domid);
}
