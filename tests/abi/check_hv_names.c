/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The xeno developers */
/*
 * The public headers must coexist with the hypervisor's own
 * struct cpu_user_regs when XENO_PUBLIC_GUEST_USER_REGS is defined: the
 * guest register block is then struct guest_user_regs, same layout.
 */
#include <stddef.h>
#include <stdint.h>

struct cpu_user_regs { /* stand-in for the hypervisor's frame */
	uint64_t only_in_hypervisor;
};

#define XENO_PUBLIC_GUEST_USER_REGS
#include <public/xen.h>
#include <public/vcpu.h>

_Static_assert(sizeof(struct cpu_user_regs) == 8, "hypervisor type intact");
_Static_assert(sizeof(struct guest_user_regs) == 200, "guest_user_regs size");
_Static_assert(sizeof(guest_user_regs_t) == 200, "guest_user_regs_t size");
_Static_assert(offsetof(struct guest_user_regs, saved_upcall_mask) == 140,
	       "guest_user_regs.saved_upcall_mask");
_Static_assert(offsetof(struct vcpu_guest_context, user_regs) == 520,
	       "vcpu_guest_context.user_regs");
_Static_assert(sizeof(((struct vcpu_guest_context *)0)->user_regs) == 200,
	       "vcpu_guest_context.user_regs size");
_Static_assert(sizeof(struct vcpu_guest_context) == 5168, "vcpu_guest_context size");
_Static_assert(sizeof(XEN_GUEST_HANDLE(guest_user_regs_t)) == 8, "guest_user_regs_t handle");
