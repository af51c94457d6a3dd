/*
 * The fake backend of libxevtchn (fake.c), for host tests: a table of
 * bound ports. The test plays the hypervisor and the remote side: it fires
 * local ports and counts the notifications the program sent.
 */
#ifndef TOOLS_LIBS_XEVTCHN_FAKE_H
#define TOOLS_LIBS_XEVTCHN_FAKE_H

#include <stdbool.h>
#include <stdint.h>

#define FAKE_EVTCHN_PORTS 64

/* Forget every binding (between tests). */
void fake_evtchn_reset(void);
/* Make binds fail with -err until cleared (err 0). */
void fake_evtchn_fail_binds(int err);
/* The local port bound to (domid, remote_port), or to virq; -1 if none. */
int fake_evtchn_port_of(uint16_t domid, uint32_t remote_port);
int fake_evtchn_port_of_virq(uint32_t virq);
/* Mark a bound local port fired (it is reported by xevtchn_pending()). */
void fake_evtchn_fire(uint32_t port);
/* Notifications sent on a local port since its binding (or the last read). */
unsigned int fake_evtchn_take_notifies(uint32_t port);
/* Unmasks of a local port since its binding (or the last read). */
unsigned int fake_evtchn_take_unmasks(uint32_t port);
/* Call fn (NULL: none) after each notification, from inside xevtchn_notify:
 * the remote side reacting before the notifier runs on. Reset clears it. */
void fake_evtchn_on_notify(void (*fn)(uint32_t port, void *opaque), void *opaque);
/* Ports bound now. */
unsigned int fake_evtchn_bound_count(void);
bool fake_evtchn_masked(uint32_t port);

#endif /* TOOLS_LIBS_XEVTCHN_FAKE_H */
