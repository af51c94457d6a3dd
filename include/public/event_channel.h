/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The xeno developers
 *
 * event_channel_op(cmd, arg): event channel operations, and the FIFO
 * event ABI.  (event_channel_op_compat(struct evtchn_op *) is the legacy
 * single-argument form.)
 */
#ifndef XENO_PUBLIC_EVENT_CHANNEL_H
#define XENO_PUBLIC_EVENT_CHANNEL_H

#include "xen.h"

#define EVTCHNOP_bind_interdomain 0 /* struct evtchn_bind_interdomain */
#define EVTCHNOP_bind_virq 1	    /* struct evtchn_bind_virq */
#define EVTCHNOP_bind_pirq 2	    /* struct evtchn_bind_pirq */
#define EVTCHNOP_close 3	    /* struct evtchn_close */
#define EVTCHNOP_send 4		    /* struct evtchn_send */
#define EVTCHNOP_status 5	    /* struct evtchn_status */
#define EVTCHNOP_alloc_unbound 6    /* struct evtchn_alloc_unbound */
#define EVTCHNOP_bind_ipi 7	    /* struct evtchn_bind_ipi */
#define EVTCHNOP_bind_vcpu 8	    /* struct evtchn_bind_vcpu */
#define EVTCHNOP_unmask 9	    /* struct evtchn_unmask */
#define EVTCHNOP_reset 10	    /* struct evtchn_reset */
#define EVTCHNOP_init_control 11    /* struct evtchn_init_control (FIFO) */
#define EVTCHNOP_expand_array 12    /* struct evtchn_expand_array (FIFO) */
#define EVTCHNOP_set_priority 13    /* struct evtchn_set_priority (FIFO) */
/* 14 is used internally by Xen (reset continuation); not a guest op. */

/* evtchn_bind_pirq.flags */
#define BIND_PIRQ__WILL_SHARE 1

/* evtchn_status.status */
#define EVTCHNSTAT_closed 0	 /* not in use */
#define EVTCHNSTAT_unbound 1	 /* waiting for an interdomain peer */
#define EVTCHNSTAT_interdomain 2 /* connected to a remote port */
#define EVTCHNSTAT_pirq 3	 /* bound to a physical IRQ */
#define EVTCHNSTAT_virq 4	 /* bound to a VIRQ */
#define EVTCHNSTAT_ipi 5	 /* bound as an IPI */

/*
 * FIFO ABI.  Each port has a 32-bit event word in the event array (pages
 * added by EVTCHNOP_expand_array); each vCPU has a control block (placed by
 * EVTCHNOP_init_control) with one queue head per priority.
 */
#define EVTCHN_FIFO_PRIORITY_MAX 0 /* highest */
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN 15 /* lowest */
#define EVTCHN_FIFO_MAX_QUEUES 16

/* Event word bits; bits 0..16 link to the next port in the queue. */
#define EVTCHN_FIFO_PENDING 31
#define EVTCHN_FIFO_MASKED 30
#define EVTCHN_FIFO_LINKED 29
#define EVTCHN_FIFO_BUSY 28
#define EVTCHN_FIFO_LINK_BITS 17
#define EVTCHN_FIFO_LINK_MASK ((1 << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS (1 << EVTCHN_FIFO_LINK_BITS)

#ifndef __ASSEMBLER__

typedef uint32_t evtchn_port_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_port_t);

/* Allocate a port in 'dom' that 'remote_dom' may connect to. */
struct evtchn_alloc_unbound {
	domid_t dom;	    /* IN (DOMID_SELF unless privileged) */
	domid_t remote_dom; /* IN (may be DOMID_SELF) */
	evtchn_port_t port; /* OUT */
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;

/* Connect a fresh local port to an unbound port of remote_dom.  The new
 * local port starts out pending. */
struct evtchn_bind_interdomain {
	domid_t remote_dom; /* IN */
	uint16_t pad;
	evtchn_port_t remote_port; /* IN */
	evtchn_port_t local_port;  /* OUT */
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;

struct evtchn_bind_virq {
	uint32_t virq;	    /* IN: VIRQ_* */
	uint32_t vcpu;	    /* IN */
	evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;

struct evtchn_bind_pirq {
	uint32_t pirq;	    /* IN */
	uint32_t flags;	    /* IN: BIND_PIRQ__* */
	evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;

struct evtchn_bind_ipi {
	uint32_t vcpu;	    /* IN: vCPU that will be notified */
	evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;

struct evtchn_close {
	evtchn_port_t port; /* IN */
};
typedef struct evtchn_close evtchn_close_t;

struct evtchn_send {
	evtchn_port_t port; /* IN: local end */
};
typedef struct evtchn_send evtchn_send_t;

struct evtchn_status_unbound {
	domid_t dom;
};
struct evtchn_status_interdomain {
	domid_t dom;
	uint16_t pad;
	evtchn_port_t port;
};
struct evtchn_status {
	domid_t dom; /* IN */
	uint16_t pad;
	evtchn_port_t port; /* IN */
	uint32_t status;    /* OUT: EVTCHNSTAT_* */
	uint32_t vcpu;	    /* OUT: vCPU notified */
	union {
		struct evtchn_status_unbound unbound;
		struct evtchn_status_interdomain interdomain;
		uint32_t pirq;
		uint32_t virq;
	} u; /* OUT, by status */
};
typedef struct evtchn_status evtchn_status_t;

/* Re-route notifications of a (non-IPI, non-per-vCPU-VIRQ) port. */
struct evtchn_bind_vcpu {
	evtchn_port_t port; /* IN */
	uint32_t vcpu;	    /* IN */
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;

/* Clear the mask and notify if the port is pending. */
struct evtchn_unmask {
	evtchn_port_t port; /* IN */
};
typedef struct evtchn_unmask evtchn_unmask_t;

/* Close every port of 'dom'; for DOMID_SELF also returns to 2-level ABI. */
struct evtchn_reset {
	domid_t dom; /* IN */
};
typedef struct evtchn_reset evtchn_reset_t;

/* Register a vCPU's FIFO control block and switch the domain to FIFO. */
struct evtchn_init_control {
	uint64_t control_gfn; /* IN: frame holding the control block */
	uint32_t offset;      /* IN: its offset in that frame */
	uint32_t vcpu;	      /* IN */
	uint8_t link_bits;    /* OUT: EVTCHN_FIFO_LINK_BITS */
	uint8_t _pad[7];
};
typedef struct evtchn_init_control evtchn_init_control_t;

struct evtchn_expand_array {
	uint64_t array_gfn; /* IN: next page of event words */
};
typedef struct evtchn_expand_array evtchn_expand_array_t;

struct evtchn_set_priority {
	evtchn_port_t port; /* IN */
	uint32_t priority;  /* IN: EVTCHN_FIFO_PRIORITY_* range */
};
typedef struct evtchn_set_priority evtchn_set_priority_t;

/* Argument of the legacy event_channel_op_compat hypercall. */
struct evtchn_op {
	uint32_t cmd; /* EVTCHNOP_* */
	union {
		evtchn_alloc_unbound_t alloc_unbound;
		evtchn_bind_interdomain_t bind_interdomain;
		evtchn_bind_virq_t bind_virq;
		evtchn_bind_pirq_t bind_pirq;
		evtchn_bind_ipi_t bind_ipi;
		evtchn_close_t close;
		evtchn_send_t send;
		evtchn_status_t status;
		evtchn_bind_vcpu_t bind_vcpu;
		evtchn_unmask_t unmask;
	} u;
};
typedef struct evtchn_op evtchn_op_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_op_t);

typedef uint32_t event_word_t;

/* Per-vCPU FIFO control block (72 bytes). */
struct evtchn_fifo_control_block {
	uint32_t ready; /* bit q set: queue q is non-empty */
	uint32_t _rsvd;
	uint32_t head[EVTCHN_FIFO_MAX_QUEUES];
};
typedef struct evtchn_fifo_control_block evtchn_fifo_control_block_t;

#endif /* !__ASSEMBLER__ */

#endif /* XENO_PUBLIC_EVENT_CHANNEL_H */
