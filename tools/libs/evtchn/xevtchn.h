/*
 * libxevtchn: event channels of a dom0 program through /dev/xen/evtchn.
 *
 * One handle is one open of the device: every port bound through it is
 * delivered on its fd, which poll() reports readable when a port fired.
 * A fired port stays masked until xevtchn_unmask(); ports are local
 * (dom0's) numbers. Two backends share this interface: linux.c (the
 * device) and fake.c (host tests: an in-memory table, see xevtchn_fake.h).
 *
 * Errors are -errno; a handle is used by one thread at a time.
 */
#ifndef TOOLS_LIBS_XEVTCHN_H
#define TOOLS_LIBS_XEVTCHN_H

#include <stdint.h>

struct xevtchn;

/* NULL with errno set when the device is missing. */
struct xevtchn *xevtchn_open(void);
void xevtchn_close(struct xevtchn *x);
/* The descriptor to poll for readability (-1 for the fake). */
int xevtchn_fd(const struct xevtchn *x);
/* Each returns the new local port or -errno. */
int xevtchn_bind_virq(struct xevtchn *x, uint32_t virq);
int xevtchn_bind_interdomain(struct xevtchn *x, uint16_t domid, uint32_t remote_port);
int xevtchn_unbind(struct xevtchn *x, uint32_t port);
int xevtchn_notify(struct xevtchn *x, uint32_t port);
/* Up to max fired ports into ports[]: their count, 0 if none, or -errno. */
int xevtchn_pending(struct xevtchn *x, uint32_t *ports, int max);
int xevtchn_unmask(struct xevtchn *x, uint32_t port);

#endif /* TOOLS_LIBS_XEVTCHN_H */
