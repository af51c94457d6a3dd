/*
 * Event channels (common/event_channel.c: ports; event_2l.c and
 * event_fifo.c: the two ABIs a port's state can live in).
 *
 * A domain has up to 4096 ports, allocated in buckets of 64 on demand;
 * port 0 is never used. Each port is free, unbound (waiting for a peer
 * domain), interdomain (connected to a remote port, possibly of the same
 * domain), VIRQ, IPI or PIRQ (a device interrupt of the hardware domain,
 * arch pirq.c), and notifies one vCPU. Where its pending and mask
 * state lives depends on the domain's ABI, behind struct evtchn_port_ops:
 * 2-level (shared_info bits, vcpu_info selector) until the domain's first
 * successful EVTCHNOP_init_control, then FIFO (event words in guest pages,
 * per-vCPU queues) until EVTCHNOP_reset. Locking: d->event_lock protects
 * the port table of d and, for FIFO, its queues and event array; an
 * interdomain operation takes both domains' locks in domain-id order.
 */
#ifndef XENO_EVENT_H
#define XENO_EVENT_H

#include <xeno/sched.h>
#include <public/event_channel.h>

#define EVTCHN_BUCKET 64
#define EVTCHN_BUCKETS (NR_EVENT_CHANNELS / EVTCHN_BUCKET)

enum evtchn_state {
	ECS_FREE,
	ECS_RESERVED,
	ECS_UNBOUND,
	ECS_INTERDOMAIN,
	ECS_VIRQ,
	ECS_IPI,
	ECS_PIRQ
};

struct evtchn {
	u8 state;	 /* enum evtchn_state */
	u8 notify_vcpu;	 /* vCPU id to notify */
	u8 virq;	 /* ECS_VIRQ */
	u8 priority : 4; /* FIFO queue */
	u8 pending : 1;	 /* FIFO: raised while its event word did not exist */
	domid_t remote_domid;
	u8 last_vcpu, last_priority; /* FIFO: the queue it was last linked on */
	u32 remote_port;	     /* ECS_INTERDOMAIN; the pirq for ECS_PIRQ */
};

/* A domain's event ABI; every hook runs under d->event_lock. */
struct evtchn_port_ops {
	void (*set_pending)(struct domain *d, struct evtchn *chn, unsigned int port);
	void (*clear_pending)(struct domain *d, unsigned int port);
	void (*unmask)(struct domain *d, struct evtchn *chn, unsigned int port);
	bool (*is_pending)(const struct domain *d, unsigned int port);
	bool (*is_busy)(const struct domain *d, unsigned int port); /* not reusable yet */
	long (*set_priority)(struct domain *d, struct evtchn *chn, unsigned int priority);
};
extern const struct evtchn_port_ops evtchn_port_ops_2l, evtchn_port_ops_fifo;

static inline const struct evtchn_port_ops *evtchn_ops(const struct domain *d)
{
	return d->evtchn_fifo ? &evtchn_port_ops_fifo : &evtchn_port_ops_2l;
}

/* FIFO sub-ops and teardown (common/event_fifo.c). */
struct evtchn_init_control;
struct evtchn_expand_array;
long evtchn_fifo_init_control(struct evtchn_init_control *ic);
long evtchn_fifo_expand_array(struct evtchn_expand_array *ea);
/* Back to 2-level: drop the control blocks and event array pages. */
void evtchn_fifo_destroy(struct domain *d);
/* Call fn on every frame the FIFO state holds (general + writable type). */
void evtchn_fifo_for_each_frame(struct domain *d,
				void (*fn)(const struct domain *d, unsigned long mfn));
size_t evtchn_fifo_hv_bytes(const struct domain *d);
/* The port table (common/event_channel.c), for event_fifo.c; event_lock held. */
struct evtchn *evtchn_port_entry(struct domain *d, unsigned int port);

/* Raise a VIRQ on vCPU v (per-vCPU VIRQs) or on the port's vCPU (global). */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
void send_guest_global_virq(struct domain *d, unsigned int virq);
/* Raise port if it is still bound to pirq (interrupt context). */
void send_guest_pirq(struct domain *d, unsigned int port, unsigned int pirq);
/* Mark events pending on v and wake it if it is blocked. */
void vcpu_mark_events_pending(struct vcpu *v);
/* Is port pending (for SCHEDOP_poll)? */
bool evtchn_port_is_pending(struct domain *d, unsigned int port);
/* Hypervisor memory d's port table takes. */
size_t evtchn_hv_bytes(const struct domain *d);
/* Polling (common/event_poll.c): wake vCPUs of d polling port. */
void evtchn_check_pollers(struct domain *d, unsigned int port);
/* Block v until one of ports[0..nr) is pending, an upcall is due, or timeout (0: none). */
long evtchn_poll(struct vcpu *v, const evtchn_port_t *ports, unsigned int nr, s_time_t timeout);
/* v polls nothing (any poll of v ends). */
void evtchn_poll_reset(struct vcpu *v);
/* Set up v's poll timeout timer (vCPU creation). */
void evtchn_poll_init_vcpu(struct vcpu *v);
/* Close every port of d (domain destruction, EVTCHNOP_reset). */
void evtchn_close_all(struct domain *d);
/* d is released: free its port buckets. */
void evtchn_destroy_final(struct domain *d);

#endif
