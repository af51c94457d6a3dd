/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The xeno developers
 *
 * vcpu_op(cmd, vcpuid, arg): bring-up, runstate, timers, vcpu_info
 * placement.
 */
#ifndef XENO_PUBLIC_VCPU_H
#define XENO_PUBLIC_VCPU_H

#include "xen.h"

#define VCPUOP_initialise 0			 /* struct vcpu_guest_context (once) */
#define VCPUOP_up 1				 /* arg NULL */
#define VCPUOP_down 2				 /* arg NULL */
#define VCPUOP_is_up 3				 /* arg NULL; returns 0/1 */
#define VCPUOP_get_runstate_info 4		 /* struct vcpu_runstate_info */
#define VCPUOP_register_runstate_memory_area 5	 /* struct vcpu_register_runstate_memory_area */
#define VCPUOP_set_periodic_timer 6		 /* struct vcpu_set_periodic_timer */
#define VCPUOP_stop_periodic_timer 7		 /* arg NULL */
#define VCPUOP_set_singleshot_timer 8		 /* struct vcpu_set_singleshot_timer */
#define VCPUOP_stop_singleshot_timer 9		 /* arg NULL */
#define VCPUOP_register_vcpu_info 10		 /* struct vcpu_register_vcpu_info */
#define VCPUOP_send_nmi 11			 /* arg NULL */
#define VCPUOP_get_physid 12			 /* struct vcpu_get_physid */
#define VCPUOP_register_vcpu_time_memory_area 13 /* struct vcpu_register_time_memory_area */
#define VCPUOP_register_runstate_phys_area                                \
	14				       /* as 5, addr.p is a guest \
						  physical address; ~0 = off */
#define VCPUOP_register_vcpu_time_phys_area 15 /* as 13, ditto */

/* vcpu_runstate_info.state */
#define RUNSTATE_running 0  /* on a physical CPU */
#define RUNSTATE_runnable 1 /* waiting for a physical CPU */
#define RUNSTATE_blocked 2  /* waiting for an event */
#define RUNSTATE_offline 3  /* neither (down, paused, ...) */

/* Set in state_entry_time while the hypervisor rewrites a registered
 * runstate area (with VMASST_TYPE_runstate_update_flag). */
#define XEN_RUNSTATE_UPDATE ((uint64_t)1 << 63)

/* vcpu_set_singleshot_timer.flags */
#define _VCPU_SSHOTTMR_future 0 /* -ETIME if already expired (may be ignored) */
#define VCPU_SSHOTTMR_future (1U << _VCPU_SSHOTTMR_future)

#define xen_vcpu_physid_to_x86_apicid(id) ((uint32_t)(id))
#define xen_vcpu_physid_to_x86_acpiid(id) ((uint32_t)((id) >> 32))

#ifndef __ASSEMBLER__

struct vcpu_runstate_info {
	int32_t state; /* RUNSTATE_* */
	uint32_t pad;
	uint64_t state_entry_time; /* system time (ns) of entry to 'state' */
	uint64_t time[4];	   /* ns spent in each RUNSTATE_* */
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_runstate_info_t);

/* On x86 the area is given by guest virtual address (or, for op 14, by
 * guest physical address in addr.p). */
struct vcpu_register_runstate_memory_area {
	union {
		XEN_GUEST_HANDLE(vcpu_runstate_info_t) h;
		struct vcpu_runstate_info *v;
		uint64_t p;
	} addr;
};
typedef struct vcpu_register_runstate_memory_area vcpu_register_runstate_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_runstate_memory_area_t);

struct vcpu_set_periodic_timer {
	uint64_t period_ns;
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_periodic_timer_t);

struct vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns; /* absolute system time */
	uint32_t flags;		 /* VCPU_SSHOTTMR_* */
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_singleshot_timer_t);

/* Move this vCPU's vcpu_info to mfn:offset (must not cross a page). */
struct vcpu_register_vcpu_info {
	uint64_t mfn;
	uint32_t offset;
	uint32_t rsvd;
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_vcpu_info_t);

/* x86: bits 0-31 APIC id, bits 32-63 ACPI id. */
struct vcpu_get_physid {
	uint64_t phys_id;
};
typedef struct vcpu_get_physid vcpu_get_physid_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_get_physid_t);

/* Secondary copy of vcpu_time_info, kept in step with the primary. */
DEFINE_XEN_GUEST_HANDLE(vcpu_time_info_t);
struct vcpu_register_time_memory_area {
	union {
		XEN_GUEST_HANDLE(vcpu_time_info_t) h;
		struct vcpu_time_info *v;
		uint64_t p;
	} addr;
};
typedef struct vcpu_register_time_memory_area vcpu_register_time_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_time_memory_area_t);

#endif /* !__ASSEMBLER__ */

#endif /* XENO_PUBLIC_VCPU_H */
