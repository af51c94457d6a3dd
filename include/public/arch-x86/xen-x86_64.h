/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The xeno developers
 *
 * x86_64 PV guest ABI: selectors, the hypervisor hole, the iret frame and
 * the 64-bit register block.
 *
 * Hypercall convention (64-bit PV): number in RAX; arguments in RDI, RSI,
 * RDX, R10, R8; result in RAX.  RCX and R11 are lost to SYSCALL; argument
 * registers may be clobbered.  Hypercall page stubs are 32 bytes apart
 * (stub for hypercall N at page + N * 32).
 */
#ifndef XENO_PUBLIC_ARCH_X86_XEN_X86_64_H
#define XENO_PUBLIC_ARCH_X86_XEN_X86_64_H

#include "../xeno-types.h"

/*
 * Flat segments that live in the hypervisor-reserved part of every GDT
 * (entries 260-262, i.e. page FIRST_RESERVED_GDT_PAGE).  All are DPL 3:
 * a 64-bit PV kernel runs in ring 3.
 */
#define FLAT_RING3_CS32 0xe023 /* entry 260, 32-bit code */
#define FLAT_RING3_DS32 0xe02b /* entry 261, data */
#define FLAT_RING3_SS32 0xe02b
#define FLAT_RING3_CS64 0xe033 /* entry 262, 64-bit code */
#define FLAT_RING3_DS64 0x0000 /* null selector */
#define FLAT_RING3_SS64 0xe02b

#define FLAT_KERNEL_CS32 FLAT_RING3_CS32
#define FLAT_KERNEL_DS32 FLAT_RING3_DS32
#define FLAT_KERNEL_SS32 FLAT_RING3_SS32
#define FLAT_KERNEL_CS64 FLAT_RING3_CS64
#define FLAT_KERNEL_DS64 FLAT_RING3_DS64
#define FLAT_KERNEL_SS64 FLAT_RING3_SS64
#define FLAT_KERNEL_CS FLAT_KERNEL_CS64
#define FLAT_KERNEL_DS FLAT_KERNEL_DS64
#define FLAT_KERNEL_SS FLAT_KERNEL_SS64

#define FLAT_USER_CS32 FLAT_RING3_CS32
#define FLAT_USER_DS32 FLAT_RING3_DS32
#define FLAT_USER_SS32 FLAT_RING3_SS32
#define FLAT_USER_CS64 FLAT_RING3_CS64
#define FLAT_USER_DS64 FLAT_RING3_DS64
#define FLAT_USER_SS64 FLAT_RING3_SS64
#define FLAT_USER_CS FLAT_USER_CS64
#define FLAT_USER_DS FLAT_USER_DS64
#define FLAT_USER_SS FLAT_USER_SS64

/*
 * Hypervisor-owned virtual range: L4 slots 256..271 (8 TiB).  The read-only
 * machine-to-phys table (one 64-bit pfn per mfn) sits at its start.
 * The __-prefixed forms carry no C suffix.
 */
#define __HYPERVISOR_VIRT_START 0xFFFF800000000000
#define __HYPERVISOR_VIRT_END 0xFFFF880000000000
#define __MACH2PHYS_VIRT_START 0xFFFF800000000000
#define __MACH2PHYS_VIRT_END 0xFFFF804000000000

#define HYPERVISOR_VIRT_START XENO_UL(0xFFFF800000000000)
#define HYPERVISOR_VIRT_END XENO_UL(0xFFFF880000000000)
#define MACH2PHYS_VIRT_START XENO_UL(0xFFFF800000000000)
#define MACH2PHYS_VIRT_END XENO_UL(0xFFFF804000000000)
/* 2^35 eight-byte entries. */
#define MACH2PHYS_NR_ENTRIES ((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) / 8)

/* set_segment_base(which, value): values for 'which'. */
#define SEGBASE_FS 0	      /* FS base */
#define SEGBASE_GS_USER 1     /* user GS base (kernel's "shadow" GS) */
#define SEGBASE_GS_KERNEL 2   /* kernel GS base */
#define SEGBASE_GS_USER_SEL 3 /* load user %gs with selector value[15:0] */

/*
 * HYPERVISOR_iret takes no arguments; it consumes a struct iret_context
 * at the guest stack pointer (rax lowest).  It does not return.
 * Saved CS RPL 0..2 -> return to guest kernel mode, RPL 3 -> user mode.
 * With VGCF_in_syscall in 'flags', only RAX, RIP, RFLAGS and RSP are
 * restored (SYSRET-style); otherwise RAX, R11, RCX, CS:RIP, RFLAGS, SS:RSP.
 */
#define _VGCF_in_syscall 8
#define VGCF_in_syscall (1 << _VGCF_in_syscall)

#define xen_pfn_to_cr3(pfn) ((uint64_t)(pfn) << 12)
#define xen_cr3_to_pfn(cr3) ((uint64_t)(cr3) >> 12)

#ifndef __ASSEMBLER__

struct iret_context {
	uint64_t rax; /* lowest address: stack pointer at the hypercall */
	uint64_t r11;
	uint64_t rcx;
	uint64_t flags; /* VGCF_in_syscall */
	uint64_t rip;
	uint64_t cs;
	uint64_t rflags;
	uint64_t rsp;
	uint64_t ss;
};

/*
 * Guest register block, as used in vcpu_guest_context.  error_code and
 * entry_vector are hypervisor-private.  Bits 32-39 of the CS slot carry
 * the saved event mask (RFLAGS.IF mirrors its inverse).
 *
 * The hypervisor has a struct cpu_user_regs of its own (its stack frame).
 * Code that needs both defines XENO_PUBLIC_GUEST_USER_REGS before including
 * any public header; this block is then called struct guest_user_regs
 * (typedef guest_user_regs_t), with the same layout.
 */
#ifdef XENO_PUBLIC_GUEST_USER_REGS
#define XENO_PUBLIC_USER_REGS guest_user_regs
#else
#define XENO_PUBLIC_USER_REGS cpu_user_regs
#endif

struct XENO_PUBLIC_USER_REGS {
	uint64_t r15;
	uint64_t r14;
	uint64_t r13;
	uint64_t r12;
	uint64_t rbp;
	uint64_t rbx;
	uint64_t r11;
	uint64_t r10;
	uint64_t r9;
	uint64_t r8;
	uint64_t rax;
	uint64_t rcx;
	uint64_t rdx;
	uint64_t rsi;
	uint64_t rdi;
	uint32_t error_code;
	uint32_t entry_vector;
	uint64_t rip;
	uint16_t cs;
	uint16_t _pad0[1];
	uint8_t saved_upcall_mask;
	uint8_t _pad1[3];
	uint64_t rflags;
	uint64_t rsp;
	uint16_t ss;
	uint16_t _pad2[3];
	uint16_t es;
	uint16_t _pad3[3];
	uint16_t ds;
	uint16_t _pad4[3];
	uint16_t fs;
	uint16_t _pad5[3];
	uint16_t gs;
	uint16_t _pad6[3];
};
#ifdef XENO_PUBLIC_GUEST_USER_REGS
typedef struct guest_user_regs guest_user_regs_t;
#else
typedef struct cpu_user_regs cpu_user_regs_t;
#endif

/* Arch part of struct vcpu_info; keeps vcpu_info at 64 bytes. */
struct arch_vcpu_info {
	uint64_t cr2; /* fault address of the last #PF bounced to the guest */
	uint64_t pad;
};
typedef struct arch_vcpu_info arch_vcpu_info_t;

/* A callback entry point is a plain 64-bit virtual address. */
typedef uint64_t xen_callback_t;

#endif /* !__ASSEMBLER__ */

#endif /* XENO_PUBLIC_ARCH_X86_XEN_X86_64_H */
