/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The xeno developers
 *
 * callback_op(cmd, arg): register guest entry points.
 */
#ifndef XENO_PUBLIC_CALLBACK_H
#define XENO_PUBLIC_CALLBACK_H

#include "xen.h"

#define CALLBACKTYPE_event 0		   /* event upcall */
#define CALLBACKTYPE_failsafe 1		   /* state could not be restored */
#define CALLBACKTYPE_syscall 2		   /* 64-bit SYSCALL from user mode */
#define CALLBACKTYPE_sysenter_deprecated 3 /* 32-bit hypervisors only */
#define CALLBACKTYPE_nmi 4		   /* NMI */
#define CALLBACKTYPE_sysenter 5		   /* SYSENTER from 32-bit user code */
/* 6 unused */
#define CALLBACKTYPE_syscall32 7 /* SYSCALL from 32-bit user code */

/* Mask events while running the callback (always so for event and NMI). */
#define _CALLBACKF_mask_events 0
#define CALLBACKF_mask_events (1U << _CALLBACKF_mask_events)

#define CALLBACKOP_register 0	/* struct callback_register */
#define CALLBACKOP_unregister 1 /* struct callback_unregister */

#ifndef __ASSEMBLER__

struct callback_register {
	uint16_t type;	/* CALLBACKTYPE_* */
	uint16_t flags; /* CALLBACKF_* */
	uint32_t pad;
	xen_callback_t address;
};
typedef struct callback_register callback_register_t;
DEFINE_XEN_GUEST_HANDLE(callback_register_t);

/* Some types cannot be unregistered (-EINVAL). */
struct callback_unregister {
	uint16_t type;
	uint16_t _unused;
};
typedef struct callback_unregister callback_unregister_t;
DEFINE_XEN_GUEST_HANDLE(callback_unregister_t);

#endif /* !__ASSEMBLER__ */

#endif /* XENO_PUBLIC_CALLBACK_H */
