/*
 * Event channels, 2-level ABI (common/event_channel.c).
 *
 * A domain has up to 4096 ports, allocated in buckets of 64 on demand;
 * port 0 is never used. Each port is free, unbound (waiting for a peer
 * domain), interdomain (connected to a remote port, possibly of the same
 * domain), VIRQ or IPI, and notifies one vCPU. Pending and mask bits live
 * in shared_info, selector bits and upcall_pending in the vCPU's vcpu_info,
 * exactly as the guest ABI defines them. Locking: d->event_lock protects
 * the port table of d; an interdomain operation takes both domains' locks
 * in domain-id order.
 */
#ifndef XENO_EVENT_H
#define XENO_EVENT_H

#include <xeno/sched.h>

#define EVTCHN_BUCKET 64
#define EVTCHN_BUCKETS (NR_EVENT_CHANNELS / EVTCHN_BUCKET)

enum evtchn_state { ECS_FREE, ECS_RESERVED, ECS_UNBOUND, ECS_INTERDOMAIN, ECS_VIRQ, ECS_IPI };

struct evtchn {
	u8 state;	/* enum evtchn_state */
	u8 notify_vcpu; /* vCPU id to notify */
	u16 virq;	/* ECS_VIRQ */
	domid_t remote_domid;
	u32 remote_port; /* ECS_INTERDOMAIN */
};

/* Raise a VIRQ on vCPU v (per-vCPU VIRQs) or on the port's vCPU (global). */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
void send_guest_global_virq(struct domain *d, unsigned int virq);
/* Mark events pending on v and wake it if it is blocked. */
void vcpu_mark_events_pending(struct vcpu *v);
/* Is port pending (for SCHEDOP_poll)? */
bool evtchn_port_is_pending(struct domain *d, unsigned int port);
/* Hypervisor memory d's port table takes. */
size_t evtchn_hv_bytes(const struct domain *d);
/* Wake vCPUs of d polling port (common/sched_op.c). */
void evtchn_check_pollers(struct domain *d, unsigned int port);
/* Close every port of d (domain destruction, EVTCHNOP_reset). */
void evtchn_close_all(struct domain *d);

#endif
