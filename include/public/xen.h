/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The xeno developers
 *
 * Core of the Xen-compatible PV guest ABI (64-bit x86): hypercall numbers,
 * VIRQs, MMU operations, domain ids, multicalls, and the shared pages
 * (shared_info, vcpu_info, start_info).
 *
 * Layouts must match the Xen public ABI (interface 4.17 and later) byte
 * for byte; tests/abi/check_layout.c pins every size and offset.
 */
#ifndef XENO_PUBLIC_XEN_H
#define XENO_PUBLIC_XEN_H

#include "xeno-types.h"
#include "arch-x86/xen.h"

/* ------------------------------------------------------------------------
 * Hypercall numbers
 */
#define __HYPERVISOR_set_trap_table 0
#define __HYPERVISOR_mmu_update 1
#define __HYPERVISOR_set_gdt 2
#define __HYPERVISOR_stack_switch 3
#define __HYPERVISOR_set_callbacks 4
#define __HYPERVISOR_fpu_taskswitch 5
#define __HYPERVISOR_sched_op_compat 6 /* legacy */
#define __HYPERVISOR_platform_op 7
#define __HYPERVISOR_set_debugreg 8
#define __HYPERVISOR_get_debugreg 9
#define __HYPERVISOR_update_descriptor 10
/* 11 is unused */
#define __HYPERVISOR_memory_op 12
#define __HYPERVISOR_multicall 13
#define __HYPERVISOR_update_va_mapping 14
#define __HYPERVISOR_set_timer_op 15
#define __HYPERVISOR_event_channel_op_compat 16 /* legacy */
#define __HYPERVISOR_xen_version 17
#define __HYPERVISOR_console_io 18
#define __HYPERVISOR_physdev_op_compat 19 /* legacy */
#define __HYPERVISOR_grant_table_op 20
#define __HYPERVISOR_vm_assist 21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret 23 /* x86 */
#define __HYPERVISOR_vcpu_op 24
#define __HYPERVISOR_set_segment_base 25 /* x86_64 */
#define __HYPERVISOR_mmuext_op 26
#define __HYPERVISOR_xsm_op 27
#define __HYPERVISOR_nmi_op 28
#define __HYPERVISOR_sched_op 29
#define __HYPERVISOR_callback_op 30
#define __HYPERVISOR_xenoprof_op 31
#define __HYPERVISOR_event_channel_op 32
#define __HYPERVISOR_physdev_op 33
#define __HYPERVISOR_hvm_op 34
#define __HYPERVISOR_sysctl 35
#define __HYPERVISOR_domctl 36
#define __HYPERVISOR_kexec_op 37
#define __HYPERVISOR_tmem_op 38
#define __HYPERVISOR_argo_op 39
#define __HYPERVISOR_xenpmu_op 40
#define __HYPERVISOR_dm_op 41
#define __HYPERVISOR_hypfs_op 42
/* 43..47 unused; 48..55 reserved for architecture-specific calls. */
#define __HYPERVISOR_arch_0 48
#define __HYPERVISOR_arch_1 49
#define __HYPERVISOR_arch_2 50
#define __HYPERVISOR_arch_3 51
#define __HYPERVISOR_arch_4 52
#define __HYPERVISOR_arch_5 53
#define __HYPERVISOR_arch_6 54
#define __HYPERVISOR_arch_7 55
#define __HYPERVISOR_mca __HYPERVISOR_arch_0 /* x86: machine check */

/* One past the highest hypercall number (size of a dispatch table). */
#define XENO_NR_HYPERCALLS 56

/* ------------------------------------------------------------------------
 * Virtual IRQs (EVTCHNOP_bind_virq).
 * Scope: V = one per vCPU, D = one per domain, G = global (one domain).
 */
#define VIRQ_TIMER 0   /* V: timer expired / time update */
#define VIRQ_DEBUG 1   /* V: request to dump debug state */
#define VIRQ_CONSOLE 2 /* G: input on the hypervisor console */
#define VIRQ_DOM_EXC 3 /* G: some domain needs attention */
#define VIRQ_TBUF 4    /* G: trace buffer records available */
/* 5 unused */
#define VIRQ_DEBUGGER 6	  /* G: a domain paused for the debugger */
#define VIRQ_XENOPROF 7	  /* V: profiling sample available */
#define VIRQ_CON_RING 8	  /* G: hypervisor console ring has data */
#define VIRQ_PCPU_STATE 9 /* G: physical CPU state changed */
#define VIRQ_MEM_EVENT 10 /* G: memory event */
#define VIRQ_ARGO 11	  /* D: Argo message */
#define VIRQ_ENOMEM 12	  /* G: hypervisor heap is low */
#define VIRQ_XENPMU 13	  /* V: PMU interrupt */
#define VIRQ_ARCH_0 16
#define VIRQ_ARCH_1 17
#define VIRQ_ARCH_2 18
#define VIRQ_ARCH_3 19
#define VIRQ_ARCH_4 20
#define VIRQ_ARCH_5 21
#define VIRQ_ARCH_6 22
#define VIRQ_ARCH_7 23
#define NR_VIRQS 24
#define VIRQ_MCA VIRQ_ARCH_0 /* x86, G: machine check (dom0) */

/* ------------------------------------------------------------------------
 * mmu_update(reqs, count, done_out, foreigndom)
 *
 * Each request is a (ptr, val) pair; ptr[1:0] selects the command and
 * ptr[63:2] is a machine address.  foreigndom[15:0] is the owner of mapped
 * data frames (DOMID_SELF for none); foreigndom[31:16], if non-zero, is
 * 1 + the owner of the page-table frames being written.
 */
#define MMU_NORMAL_PT_UPDATE 0	     /* validated *ptr = val (ptr: PTE MA) */
#define MMU_MACHPHYS_UPDATE 1	     /* M2P[ptr >> PAGE_SHIFT] = val */
#define MMU_PT_UPDATE_PRESERVE_AD 2  /* as 0, keeping the old A/D bits */
#define MMU_PT_UPDATE_NO_TRANSLATE 3 /* as 0, val not translated via FD */

/* ------------------------------------------------------------------------
 * mmuext_op(ops, count, done_out, foreigndom): commands.
 * arg1 is mfn or linear_addr; arg2 is nr_ents, vcpumask or src_mfn.
 */
#define MMUEXT_PIN_L1_TABLE 0 /* arg1.mfn */
#define MMUEXT_PIN_L2_TABLE 1 /* arg1.mfn */
#define MMUEXT_PIN_L3_TABLE 2 /* arg1.mfn */
#define MMUEXT_PIN_L4_TABLE 3 /* arg1.mfn */
#define MMUEXT_UNPIN_TABLE 4  /* arg1.mfn */
#define MMUEXT_NEW_BASEPTR 5  /* arg1.mfn: kernel L4 (CR3) */
#define MMUEXT_TLB_FLUSH_LOCAL 6
#define MMUEXT_INVLPG_LOCAL 7	 /* arg1.linear_addr */
#define MMUEXT_TLB_FLUSH_MULTI 8 /* arg2.vcpumask */
#define MMUEXT_INVLPG_MULTI 9	 /* arg1.linear_addr, arg2.vcpumask */
#define MMUEXT_TLB_FLUSH_ALL 10
#define MMUEXT_INVLPG_ALL 11 /* arg1.linear_addr */
#define MMUEXT_FLUSH_CACHE 12
#define MMUEXT_SET_LDT 13 /* arg1.linear_addr, arg2.nr_ents */
/* 14 unused */
#define MMUEXT_NEW_USER_BASEPTR 15 /* arg1.mfn: user L4 (0 = none) */
#define MMUEXT_CLEAR_PAGE 16	   /* arg1.mfn */
#define MMUEXT_COPY_PAGE 17	   /* arg1.mfn = dst, arg2.src_mfn */
#define MMUEXT_FLUSH_CACHE_GLOBAL 18
#define MMUEXT_MARK_SUPER 19   /* arg1.mfn */
#define MMUEXT_UNMARK_SUPER 20 /* arg1.mfn */

/* ------------------------------------------------------------------------
 * update_va_mapping(va, pte, flags) / _otherdomain(va, pte, flags, domid).
 * Bits 0-1 choose the flush; bit 2 chooses its scope.  For a "multi"
 * scope the rest of 'flags' is a pointer to a vCPU bitmap (a NULL pointer,
 * i.e. UVMF_LOCAL, means this vCPU only).
 */
#define UVMF_NONE XENO_UL(0)	  /* no flush */
#define UVMF_TLB_FLUSH XENO_UL(1) /* flush whole TLB(s) */
#define UVMF_INVLPG XENO_UL(2)	  /* flush just va */
#define UVMF_FLUSHTYPE_MASK XENO_UL(3)
#define UVMF_MULTI XENO_UL(0) /* vCPUs in the bitmap */
#define UVMF_LOCAL XENO_UL(0) /* this vCPU */
#define UVMF_ALL XENO_UL(4)   /* every vCPU of the domain */

/* console_io(cmd, count, buffer) */
#define CONSOLEIO_write 0
#define CONSOLEIO_read 1

/* vm_assist(cmd, type) */
#define VMASST_CMD_enable 0
#define VMASST_CMD_disable 1
#define VMASST_TYPE_4gb_segments 0	   /* 32-bit only */
#define VMASST_TYPE_4gb_segments_notify 1  /* 32-bit only */
#define VMASST_TYPE_writable_pagetables 2  /* emulate writes to L1 PTEs */
#define VMASST_TYPE_pae_extended_cr3 3	   /* 32-bit PAE only */
#define VMASST_TYPE_architectural_iopl 4   /* iret/bounce use virtual IOPL */
#define VMASST_TYPE_runstate_update_flag 5 /* XEN_RUNSTATE_UPDATE protocol */
#define VMASST_TYPE_m2p_strict 32	   /* hide M2P from user L4s */

/* ------------------------------------------------------------------------
 * Domain ids.  Values from DOMID_FIRST_RESERVED up have special meanings.
 */
#define DOMID_FIRST_RESERVED XENO_U(0x7FF0)
#define DOMID_SELF XENO_U(0x7FF0)    /* the calling domain */
#define DOMID_IO XENO_U(0x7FF1)	     /* owner of MMIO/IO frames */
#define DOMID_XEN XENO_U(0x7FF2)     /* hypervisor-owned frames */
#define DOMID_COW XENO_U(0x7FF3)     /* owner of shared CoW pages */
#define DOMID_INVALID XENO_U(0x7FF4) /* unknown owner */
#define DOMID_ANY XENO_U(0x7FF5)     /* wildcard / "pick one" */
#define DOMID_IDLE XENO_U(0x7FFF)    /* idle domain */
#define DOMID_MASK XENO_U(0x7FFF)

/* ------------------------------------------------------------------------
 * Event channels: 2-level ABI limits (the FIFO ABI is in event_channel.h).
 * Ports = bits in shared_info.evtchn_pending = 64 words * 64 bits.
 */
#define EVTCHN_2L_NR_CHANNELS 4096
#define NR_EVENT_CHANNELS EVTCHN_2L_NR_CHANNELS
#define MAX_VIRT_CPUS XEN_LEGACY_MAX_VCPUS

/* vcpu_time_info.flags */
#define XEN_PVCLOCK_TSC_STABLE_BIT (1 << 0)
#define XEN_PVCLOCK_GUEST_STOPPED (1 << 1)

/* start_info.flags */
#define SIF_PRIVILEGED (1 << 0)	     /* domain is privileged */
#define SIF_INITDOMAIN (1 << 1)	     /* domain is the initial domain (dom0) */
#define SIF_MULTIBOOT_MOD (1 << 2)   /* module is a multiboot module list */
#define SIF_MOD_START_PFN (1 << 3)   /* mod_start is a PFN, not a VA */
#define SIF_VIRT_P2M_4TOOLS (1 << 4) /* tools use the linear p2m */
#define SIF_PM_MASK (0xFF << 8)	     /* reserved for power management */

#define MAX_GUEST_CMDLINE 1024

/* dom0_vga_console_info.video_type */
#define XEN_VGATYPE_TEXT_MODE_3 0x03
#define XEN_VGATYPE_VESA_LFB 0x23
#define XEN_VGATYPE_EFI_LFB 0x70

#ifndef __ASSEMBLER__

/* Guest handles for basic types. */
DEFINE_XEN_GUEST_HANDLE(char);
DEFINE_XEN_GUEST_HANDLE_NAMED(uchar, unsigned char);
DEFINE_XEN_GUEST_HANDLE_NAMED(int, int32_t);
DEFINE_XEN_GUEST_HANDLE_NAMED(uint, uint32_t);
DEFINE_XEN_GUEST_HANDLE(void);
DEFINE_XEN_GUEST_HANDLE(uint64_t);
DEFINE_XEN_GUEST_HANDLE(xen_pfn_t);
DEFINE_XEN_GUEST_HANDLE(xen_ulong_t);
DEFINE_XEN_GUEST_HANDLE_NAMED(uint8, uint8_t);
DEFINE_XEN_GUEST_HANDLE_NAMED(uint16, uint16_t);
DEFINE_XEN_GUEST_HANDLE_NAMED(uint32, uint32_t);
DEFINE_XEN_GUEST_HANDLE_NAMED(uint64, uint64_t);

typedef uint16_t domid_t;

struct mmuext_op {
	uint32_t cmd; /* MMUEXT_* */
	union {
		xen_pfn_t mfn;
		uint64_t linear_addr;
	} arg1;
	union {
		uint32_t nr_ents;
		XEN_GUEST_HANDLE(const_void) vcpumask;
		xen_pfn_t src_mfn;
	} arg2;
};
typedef struct mmuext_op mmuext_op_t;
DEFINE_XEN_GUEST_HANDLE(mmuext_op_t);

struct mmu_update {
	uint64_t ptr; /* machine address of the entry | MMU_* command */
	uint64_t val;
};
typedef struct mmu_update mmu_update_t;
DEFINE_XEN_GUEST_HANDLE(mmu_update_t);

/*
 * multicall(entries, nr): each entry is a hypercall number and up to six
 * arguments (only five are used); 'result' receives its return value.
 */
struct multicall_entry {
	xen_ulong_t op;
	xen_ulong_t result;
	xen_ulong_t args[6];
};
typedef struct multicall_entry multicall_entry_t;
DEFINE_XEN_GUEST_HANDLE(multicall_entry_t);

/*
 * Per-vCPU time base.  The writer makes 'version' odd, updates, then makes
 * it even again; readers retry until they see the same even version on
 * both sides of their read.
 *   now = system_time + (((tsc - tsc_timestamp) << tsc_shift)
 *                        * tsc_to_system_mul >> 32)
 * (a negative tsc_shift shifts right).
 */
struct vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;	    /* TSC at the last update */
	uint64_t system_time;	    /* ns since boot at tsc_timestamp */
	uint32_t tsc_to_system_mul; /* 32.32 fixed-point ns per (shifted) tick */
	int8_t tsc_shift;
	uint8_t flags; /* XEN_PVCLOCK_* */
	uint8_t pad1[2];
};
typedef struct vcpu_time_info vcpu_time_info_t;

/*
 * Per-vCPU event and time state (64 bytes).  upcall_pending is set by the
 * hypervisor when a port is pending; upcall_mask, owned by the guest,
 * suppresses upcalls while non-zero.  evtchn_pending_sel has one bit per
 * word of shared_info.evtchn_pending (2-level ABI).
 */
struct vcpu_info {
	uint8_t evtchn_upcall_pending;
	uint8_t evtchn_upcall_mask;
	uint8_t pad0[6];
	xen_ulong_t evtchn_pending_sel;
	struct arch_vcpu_info arch;
	struct vcpu_time_info time;
};
typedef struct vcpu_info vcpu_info_t;

/*
 * The shared_info page (one per domain, given to the guest by machine
 * address in start_info).  Guests must not depend on its total size.
 * wc_* is the wall clock (Unix time at system time 0) and uses the same
 * odd/even version protocol as vcpu_time_info.
 */
struct shared_info {
	struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
	xen_ulong_t evtchn_pending[64]; /* 2-level: 1 bit per port */
	xen_ulong_t evtchn_mask[64];	/* 2-level: 1 = masked */
	uint32_t wc_version;
	uint32_t wc_sec; /* low 32 bits of seconds */
	uint32_t wc_nsec;
	uint32_t wc_sec_hi; /* high 32 bits of seconds */
	struct arch_shared_info arch;
};
typedef struct shared_info shared_info_t;

/*
 * Start-of-day information for a PV guest, passed in RSI at entry.
 * The guest starts in one contiguous virtual region that maps pfns 1:1 from
 * VIRT_BASE: kernel, [initrd], p2m list, this page (dom0: followed by the
 * console info), [domU: xenstore page, console page], bootstrap page tables
 * (mapped read-only), stack; then >= 512 KiB slack, end rounded to 4 MiB.
 */
struct start_info {
	/* Valid on first boot and on resume. */
	char magic[32];	      /* "xen-<version>-x86_64" */
	uint64_t nr_pages;    /* pages allocated to the domain */
	uint64_t shared_info; /* machine address of shared_info */
	uint32_t flags;	      /* SIF_* */
	uint32_t pad0;
	xen_pfn_t store_mfn;   /* xenstore ring (MFN) */
	uint32_t store_evtchn; /* xenstore event channel */
	uint32_t pad1;
	union {
		struct {
			xen_pfn_t mfn;	 /* console ring (MFN) */
			uint32_t evtchn; /* console event channel */
		} domU;
		struct {
			uint32_t info_off;  /* offset of dom0_vga_console_info */
			uint32_t info_size; /* its size */
		} dom0;
	} console;
	/* Valid on first boot only. */
	uint64_t pt_base;      /* VA of the top-level page table */
	uint64_t nr_pt_frames; /* frames of bootstrap page tables */
	uint64_t mfn_list;     /* VA of the p2m array */
	uint64_t mod_start;    /* VA (or PFN, SIF_MOD_START_PFN) of initrd */
	uint64_t mod_len;      /* initrd size in bytes */
	char cmd_line[MAX_GUEST_CMDLINE];
	uint64_t first_p2m_pfn; /* p2m placed via XEN_ELFNOTE_INIT_P2M: */
	uint64_t nr_p2m_frames; /* pfn range of its frames + tables */
};
typedef struct start_info start_info_t;

/* Descriptor of one module in a SIF_MULTIBOOT_MOD package; a descriptor
 * with mod_start == 0 ends the list.  Addresses are package-relative. */
struct xen_multiboot_mod_list {
	uint32_t mod_start;
	uint32_t mod_end; /* inclusive */
	uint32_t cmdline;
	uint32_t pad;
};

/* Dom0 boot console description (start_info.console.dom0). */
struct dom0_vga_console_info_text {
	uint16_t font_height;
	uint16_t cursor_x;
	uint16_t cursor_y;
	uint16_t rows;
	uint16_t columns;
};
struct dom0_vga_console_info_lfb {
	uint16_t width;
	uint16_t height;
	uint16_t bytes_per_line;
	uint16_t bits_per_pixel;
	uint32_t lfb_base; /* low 32 bits of the framebuffer address */
	uint32_t lfb_size; /* in 64 KiB units */
	uint8_t red_pos;
	uint8_t red_size;
	uint8_t green_pos;
	uint8_t green_size;
	uint8_t blue_pos;
	uint8_t blue_size;
	uint8_t rsvd_pos;
	uint8_t rsvd_size;
	uint32_t gbl_caps;   /* VBE capabilities */
	uint16_t mode_attrs; /* VBE mode attributes */
	uint16_t pad;
	uint32_t ext_lfb_base; /* high 32 bits of the framebuffer address */
};
typedef struct dom0_vga_console_info {
	uint8_t video_type; /* XEN_VGATYPE_* */
	union {
		struct dom0_vga_console_info_text text_mode_3;
		struct dom0_vga_console_info_lfb vesa_lfb;
	} u;
} dom0_vga_console_info_t;
#define xen_vga_console_info dom0_vga_console_info
#define xen_vga_console_info_t dom0_vga_console_info_t

typedef uint8_t xen_domain_handle_t[16];

/* A bitmap in guest memory (domctl, sysctl): nr_bits bits, byte by byte, bit 0 first. */
struct xenctl_bitmap {
	XEN_GUEST_HANDLE(uint8) bitmap;
	uint32_t nr_bits;
};

typedef struct {
	uint8_t a[16];
} xen_uuid_t;

#endif /* !__ASSEMBLER__ */

#endif /* XENO_PUBLIC_XEN_H */
