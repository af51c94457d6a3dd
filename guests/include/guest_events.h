/*
 * Events and time for test guests (guests/runtime/events.c): the 2-level
 * event channel view (shared_info pending/mask bits, the vCPU's selector
 * and upcall flags), an event upcall that scans like Linux and counts what
 * it saw, and the system time read from vcpu_time_info. vCPU 0 only.
 */
#ifndef GUEST_GUEST_EVENTS_H
#define GUEST_GUEST_EVENTS_H

#include <guest.h>
#include <public/event_channel.h>
#include <public/vcpu.h>

extern struct shared_info *shared; /* set by events_init() */

/* What the upcall handler saw (cleared by events_reset_counts()). */
struct upcall_record {
	unsigned long upcalls;		  /* handler entries */
	unsigned long mask_not_set;	  /* entries with evtchn_upcall_mask clear */
	unsigned long if_in_frame;	  /* entries whose frame had IF set (mask was clear) */
	uint16_t seen[NR_EVENT_CHANNELS]; /* events handled per port */
};
extern volatile struct upcall_record upcall;

/* Map shared_info, register the event callback; false (with error()) if not. */
bool events_init(void);
void events_reset_counts(void);
/* evtchn_upcall_mask = 0, then let a pending upcall in (a no-op hypercall). */
void events_enable(void);
void events_disable(void);

static inline long evtchn_op(int cmd, void *arg)
{
	return HC(event_channel_op, cmd, arg, 0);
}
static inline long vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
	return HC(vcpu_op, cmd, vcpu, arg);
}
static inline struct vcpu_info *vcpu0(void)
{
	return &shared->vcpu_info[0];
}

/* shared_info bits of a port. */
bool port_pending(unsigned int port);
bool port_masked(unsigned int port);
void port_mask(unsigned int port);
void port_clear_mask(unsigned int port); /* local bit only, no hypercall */
void port_clear_pending(unsigned int port);

/* Small wrappers: the port, or a negative errno. */
long bind_virq(unsigned int virq, unsigned int vcpu);
long bind_ipi(unsigned int vcpu);
long alloc_unbound(domid_t dom, domid_t remote);
long evtchn_close(unsigned int port);
long evtchn_send(unsigned int port);
long evtchn_unmask(unsigned int port);

/* System time (ns) by the vcpu_time_info version protocol (vCPU 0's, or vi's). */
uint64_t system_time(void);
uint64_t vcpu_system_time(struct vcpu_info *vi);
/* Poll until port is pending, then clear it; false after timeout_ns. */
bool wait_port(evtchn_port_t port, uint64_t timeout_ns);
/* The port domain peer offers dom0 (unbound, found by status queries); -1 after 10 s. */
long find_offered_port(domid_t peer);
/* SCHEDOP_poll on ports with an absolute timeout (0: none). */
long poll_ports(evtchn_port_t *ports, unsigned int nr, uint64_t timeout);

bool start_vcpu1(void (*entry)(void), void *stack, unsigned long size);

#endif
