/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The xeno developers
 *
 * sched_op(cmd, arg): yield, block, shutdown, poll.
 * (sched_op_compat(cmd, unsigned long arg) is the legacy form: yield,
 * block, and shutdown with the reason passed directly.)
 */
#ifndef XENO_PUBLIC_SCHED_H
#define XENO_PUBLIC_SCHED_H

#include "event_channel.h"

#define SCHEDOP_yield 0 /* arg NULL */
#define SCHEDOP_block                              \
	1 /* arg NULL; unmasks events, then blocks \
	     unless one is pending */
#define SCHEDOP_shutdown                                                    \
	2			  /* arg struct sched_shutdown; for         \
				     SHUTDOWN_suspend RDX = start_info MFN, \
				     returns 1 if the suspend was cancelled */
#define SCHEDOP_poll 3		  /* arg struct sched_poll */
#define SCHEDOP_remote_shutdown 4 /* arg struct sched_remote_shutdown */
#define SCHEDOP_shutdown_code 5	  /* arg struct sched_shutdown; record only */
#define SCHEDOP_watchdog 6	  /* arg struct sched_watchdog */
#define SCHEDOP_pin_override 7	  /* arg struct sched_pin_override (hwdom) */

/* Shutdown reasons. */
#define SHUTDOWN_poweroff 0
#define SHUTDOWN_reboot 1
#define SHUTDOWN_suspend 2
#define SHUTDOWN_crash 3
#define SHUTDOWN_watchdog 4
#define SHUTDOWN_soft_reset 5
#define SHUTDOWN_MAX 5

#ifndef __ASSEMBLER__

struct sched_shutdown {
	uint32_t reason; /* SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_shutdown_t);

/* Wait until one of the ports is pending or the timeout (absolute system
 * time in ns, 0 = none) passes. */
struct sched_poll {
	XEN_GUEST_HANDLE(evtchn_port_t) ports;
	uint32_t nr_ports;
	uint32_t pad;
	uint64_t timeout;
};
typedef struct sched_poll sched_poll_t;
DEFINE_XEN_GUEST_HANDLE(sched_poll_t);

struct sched_remote_shutdown {
	domid_t domain_id;
	uint16_t pad;
	uint32_t reason; /* SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_remote_shutdown_t);

/* id 0: create (returns the new id); id != 0: timeout 0 destroys,
 * otherwise re-arms with the new timeout (seconds). */
struct sched_watchdog {
	uint32_t id;
	uint32_t timeout;
};
typedef struct sched_watchdog sched_watchdog_t;
DEFINE_XEN_GUEST_HANDLE(sched_watchdog_t);

struct sched_pin_override {
	int32_t pcpu; /* < 0: drop the override */
};
typedef struct sched_pin_override sched_pin_override_t;
DEFINE_XEN_GUEST_HANDLE(sched_pin_override_t);

#endif /* !__ASSEMBLER__ */

#endif /* XENO_PUBLIC_SCHED_H */
