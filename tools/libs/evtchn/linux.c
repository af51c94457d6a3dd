/*
 * libxevtchn's Linux backend: /dev/xen/evtchn (drivers/xen/evtchn.c).
 *
 * Facts of the device's ABI used here: ioctls in group 'E' with no
 * direction bits, each taking a struct of unsigned ints (bind_virq 0,
 * bind_interdomain 1, unbind 3, notify 4), the bind ioctls returning the
 * local port; read() yields the fired ports as uint32_t (each left masked),
 * write() of ports unmasks them. The fd is non-blocking: read() answers
 * EAGAIN when nothing fired.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/ioctl.h>

#include "xevtchn.h"

#define EVTCHN_DEVICE "/dev/xen/evtchn"

struct evtchn_ioc_virq {
	unsigned int virq;
};
struct evtchn_ioc_interdomain {
	unsigned int remote_domain, remote_port;
};
struct evtchn_ioc_port {
	unsigned int port;
};

#define IOC_BIND_VIRQ _IOC(_IOC_NONE, 'E', 0, sizeof(struct evtchn_ioc_virq))
#define IOC_BIND_INTERDOMAIN _IOC(_IOC_NONE, 'E', 1, sizeof(struct evtchn_ioc_interdomain))
#define IOC_UNBIND _IOC(_IOC_NONE, 'E', 3, sizeof(struct evtchn_ioc_port))
#define IOC_NOTIFY _IOC(_IOC_NONE, 'E', 4, sizeof(struct evtchn_ioc_port))

struct xevtchn {
	int fd;
};

struct xevtchn *xevtchn_open(void)
{
	struct xevtchn *x = malloc(sizeof(*x));

	if (!x)
		return NULL;
	x->fd = open(EVTCHN_DEVICE, O_RDWR | O_CLOEXEC | O_NONBLOCK);
	if (x->fd < 0) {
		int e = errno;

		free(x);
		errno = e;
		return NULL;
	}
	return x;
}

void xevtchn_close(struct xevtchn *x)
{
	if (!x)
		return;
	close(x->fd);
	free(x);
}

int xevtchn_fd(const struct xevtchn *x)
{
	return x->fd;
}

static int ioc(struct xevtchn *x, unsigned long req, void *arg)
{
	int r = ioctl(x->fd, req, arg);

	return r < 0 ? -errno : r;
}

int xevtchn_bind_virq(struct xevtchn *x, uint32_t virq)
{
	struct evtchn_ioc_virq a = {virq};

	return ioc(x, IOC_BIND_VIRQ, &a);
}

int xevtchn_bind_interdomain(struct xevtchn *x, uint16_t domid, uint32_t remote_port)
{
	struct evtchn_ioc_interdomain a = {domid, remote_port};

	return ioc(x, IOC_BIND_INTERDOMAIN, &a);
}

int xevtchn_unbind(struct xevtchn *x, uint32_t port)
{
	struct evtchn_ioc_port a = {port};

	return ioc(x, IOC_UNBIND, &a);
}

int xevtchn_notify(struct xevtchn *x, uint32_t port)
{
	struct evtchn_ioc_port a = {port};

	return ioc(x, IOC_NOTIFY, &a);
}

int xevtchn_pending(struct xevtchn *x, uint32_t *ports, int max)
{
	ssize_t n = read(x->fd, ports, (size_t)max * sizeof(*ports));

	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	return (int)(n / (ssize_t)sizeof(*ports));
}

int xevtchn_unmask(struct xevtchn *x, uint32_t port)
{
	ssize_t n = write(x->fd, &port, sizeof(port));

	return n == sizeof(port) ? 0 : -errno;
}
