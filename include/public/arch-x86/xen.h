/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The xeno developers
 *
 * x86 PV guest ABI: guest handles, basic guest types, the trap table entry,
 * the vCPU context used by VCPUOP_initialise, and arch_shared_info.
 */
#ifndef XENO_PUBLIC_ARCH_X86_XEN_H
#define XENO_PUBLIC_ARCH_X86_XEN_H

#include "../xeno-types.h"
#include "xen-x86_64.h"

/*
 * GDT: the guest owns entries below FIRST_RESERVED_GDT_ENTRY; the
 * hypervisor owns the page(s) from FIRST_RESERVED_GDT_PAGE on.  The LDT
 * is installed with MMUEXT_SET_LDT.
 */
#define FIRST_RESERVED_GDT_PAGE 14
#define FIRST_RESERVED_GDT_BYTE (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)

/* Number of vcpu_info slots inside shared_info. */
#define XEN_LEGACY_MAX_VCPUS 32

/*
 * "Forced emulation" prefix: ud2 followed by the ASCII bytes "xen".  The
 * only instruction defined after it is CPUID (0f a2); the whole sequence
 * is 7 bytes.
 */
#define XEN_EMULATE_PREFIX_LEN 5
#define XEN_EMULATE_PREFIX_BYTES             \
	{                                    \
		0x0f, 0x0b, 0x78, 0x65, 0x6e \
	}
#ifdef __ASSEMBLER__
#define XEN_EMULATE_PREFIX .byte 0x0f, 0x0b, 0x78, 0x65, 0x6e;
#define XEN_CPUID XEN_EMULATE_PREFIX cpuid
#else
#define XEN_EMULATE_PREFIX ".byte 0x0f, 0x0b, 0x78, 0x65, 0x6e\n\t"
#define XEN_CPUID XEN_EMULATE_PREFIX "cpuid"
#endif

/* I/O port whose writes go to the hypervisor console (HVM "port E9"). */
#define XEN_HVM_DEBUGCONS_IOPORT 0xe9

/*
 * trap_info.flags: bits 0-1 are the DPL a software INT needs to reach the
 * vector (0 = nobody, 1-2 = kernel, 3 = everyone); bit 2 asks for event
 * delivery to be masked on entry (interrupt-gate behaviour).
 */
#define TI_DPL_MASK 0x3U
#define TI_IF_MASK 0x4U
#define TI_GET_DPL(ti) ((ti)->flags & TI_DPL_MASK)
#define TI_GET_IF(ti) ((ti)->flags & TI_IF_MASK)
#define TI_SET_DPL(ti, dpl) \
	((ti)->flags = (uint8_t)(((ti)->flags & ~TI_DPL_MASK) | ((unsigned int)(dpl)&TI_DPL_MASK)))
#define TI_SET_IF(ti, on) \
	((ti)->flags = (uint8_t)(((ti)->flags & ~TI_IF_MASK) | ((on) ? TI_IF_MASK : 0U)))

/* vcpu_guest_context.flags */
#define _VGCF_i387_valid 0
#define VGCF_i387_valid (1 << _VGCF_i387_valid)
#define _VGCF_in_kernel 2
#define VGCF_in_kernel (1 << _VGCF_in_kernel)
#define _VGCF_failsafe_disables_events 3
#define VGCF_failsafe_disables_events (1 << _VGCF_failsafe_disables_events)
#define _VGCF_syscall_disables_events 4
#define VGCF_syscall_disables_events (1 << _VGCF_syscall_disables_events)
#define _VGCF_online 5
#define VGCF_online (1 << _VGCF_online)
/* _VGCF_in_syscall (bit 8) is in xen-x86_64.h. */

#ifndef __ASSEMBLER__

/*
 * Guest handles.  A handle is a guest virtual address wrapped in a
 * one-member struct so that handles of different types do not mix.
 * DEFINE_XEN_GUEST_HANDLE(t) declares handle types for t and const t;
 * XEN_GUEST_HANDLE(t) names the type; set_xen_guest_handle() fills one.
 * On x86 a handle passed as a hypercall argument looks the same.
 */
#define DEFINE_XEN_GUEST_HANDLE_NAMED(name, type) \
	typedef struct {                          \
		type *p;                          \
	} xeno_guest_handle_##name;               \
	typedef struct {                          \
		const type *p;                    \
	} xeno_guest_handle_const_##name
#define DEFINE_XEN_GUEST_HANDLE(type) DEFINE_XEN_GUEST_HANDLE_NAMED(type, type)
#define XEN_GUEST_HANDLE(name) xeno_guest_handle_##name
#define XEN_GUEST_HANDLE_PARAM(name) XEN_GUEST_HANDLE(name)
#define set_xen_guest_handle_raw(h, val) \
	do {                             \
		(h).p = (val);           \
	} while (0)
#define set_xen_guest_handle(h, val) set_xen_guest_handle_raw(h, val)

typedef uint64_t xen_pfn_t;   /* guest frame number (MFN for PV) */
typedef uint64_t xen_ulong_t; /* register-sized value */
typedef uint64_t tsc_timestamp_t;

/* Entry of the array given to set_trap_table; ends with address == 0. */
struct trap_info {
	uint8_t vector;
	uint8_t flags; /* TI_* */
	uint16_t cs;
	uint64_t address;
};
typedef struct trap_info trap_info_t;
DEFINE_XEN_GUEST_HANDLE(trap_info_t);

#ifdef XENO_PUBLIC_GUEST_USER_REGS
DEFINE_XEN_GUEST_HANDLE(guest_user_regs_t);
#else
DEFINE_XEN_GUEST_HANDLE(cpu_user_regs_t);
#endif

/*
 * CPU policies for the toolstack (sysctl get_cpu_policy, domctl get/set
 * cpu_policy): CPUID leaves as (leaf, subleaf, eax..edx), subleaf
 * XEN_CPUID_NO_SUBLEAF for leaves without, and MSRs as (index, value).
 */
#define XEN_CPUID_NO_SUBLEAF 0xffffffffu
struct xen_cpuid_leaf {
	uint32_t leaf, subleaf;
	uint32_t a, b, c, d;
};
typedef struct xen_cpuid_leaf xen_cpuid_leaf_t;
DEFINE_XEN_GUEST_HANDLE(xen_cpuid_leaf_t);

struct xen_msr_entry {
	uint32_t idx;
	uint32_t flags; /* must be zero */
	uint64_t val;
};
typedef struct xen_msr_entry xen_msr_entry_t;
DEFINE_XEN_GUEST_HANDLE(xen_msr_entry_t);

/* Full PV vCPU state (VCPUOP_initialise, domctl get/set context). */
struct vcpu_guest_context {
	struct {
		uint8_t x[512];
	} fpu_ctxt;				/* FXSAVE image */
	uint64_t flags;				/* VGCF_* */
	struct XENO_PUBLIC_USER_REGS user_regs; /* cpu_user_regs or guest_user_regs */
	struct trap_info trap_ctxt[256];	/* virtual IDT */
	uint64_t ldt_base;			/* linear address */
	uint64_t ldt_ents;
	uint64_t gdt_frames[16]; /* frame numbers */
	uint64_t gdt_ents;
	uint64_t kernel_ss; /* stack for bounces from user mode */
	uint64_t kernel_sp;
	uint64_t ctrlreg[8]; /* ctrlreg[1] = user L4 (cr3 format) */
	uint64_t debugreg[8];
	uint64_t event_callback_eip;
	uint64_t failsafe_callback_eip;
	uint64_t syscall_callback_eip;
	uint64_t vm_assist; /* bitmap of VMASST_TYPE_* */
	uint64_t fs_base;
	uint64_t gs_base_kernel;
	uint64_t gs_base_user;
};
typedef struct vcpu_guest_context vcpu_guest_context_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_guest_context_t);

/*
 * Arch part of shared_info.  Written by the guest for the benefit of the
 * toolstack (p2m discovery); the hypervisor only writes nmi_reason.
 */
struct arch_shared_info {
	uint64_t max_pfn;		      /* valid entries in the p2m */
	xen_pfn_t pfn_to_mfn_frame_list_list; /* 3-level p2m tree root; ~0 = unused */
	uint64_t nmi_reason;		      /* XEN_NMIREASON_* */
	uint64_t p2m_cr3;		      /* address space of p2m_vaddr (0 = none) */
	uint64_t p2m_vaddr;		      /* virtual address of the linear p2m */
	uint64_t p2m_generation;	      /* odd while the guest updates the p2m */
};
typedef struct arch_shared_info arch_shared_info_t;

#endif /* !__ASSEMBLER__ */

#endif /* XENO_PUBLIC_ARCH_X86_XEN_H */
