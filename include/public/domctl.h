/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The xeno developers
 *
 * domctl(struct xen_domctl *): control of one domain by a privileged
 * domain (the toolstack's interface; not stable across Xen releases, hence
 * interface_version, 0x15 for Xen 4.17). xeno implements the sub-ops below
 * whose structures are defined here; see docs/abi.md.
 */
#ifndef XENO_PUBLIC_DOMCTL_H
#define XENO_PUBLIC_DOMCTL_H

#include "xen.h"

#define XEN_DOMCTL_INTERFACE_VERSION 0x00000015

#define XEN_DOMCTL_createdomain 1
#define XEN_DOMCTL_destroydomain 2
#define XEN_DOMCTL_pausedomain 3
#define XEN_DOMCTL_unpausedomain 4
#define XEN_DOMCTL_getdomaininfo 5
#define XEN_DOMCTL_setvcpuaffinity 9
#define XEN_DOMCTL_shadow_op 10
#define XEN_DOMCTL_max_mem 11
#define XEN_DOMCTL_setvcpucontext 12
#define XEN_DOMCTL_getvcpucontext 13
#define XEN_DOMCTL_getvcpuinfo 14
#define XEN_DOMCTL_max_vcpus 15
#define XEN_DOMCTL_scheduler_op 16
#define XEN_DOMCTL_hypercall_init 22
#define XEN_DOMCTL_getvcpuaffinity 25
#define XEN_DOMCTL_resumedomain 27
#define XEN_DOMCTL_set_address_size 35
#define XEN_DOMCTL_get_address_size 36
#define XEN_DOMCTL_set_ext_vcpucontext 42
#define XEN_DOMCTL_get_ext_vcpucontext 43
#define XEN_DOMCTL_gettscinfo 59
#define XEN_DOMCTL_settscinfo 60
#define XEN_DOMCTL_getpageframeinfo3 61
#define XEN_DOMCTL_setvcpuextstate 62
#define XEN_DOMCTL_getvcpuextstate 63
#define XEN_DOMCTL_setnodeaffinity 68
#define XEN_DOMCTL_getnodeaffinity 69
#define XEN_DOMCTL_get_vcpu_msrs 72
#define XEN_DOMCTL_set_vcpu_msrs 73
#define XEN_DOMCTL_get_cpu_policy 82
#define XEN_DOMCTL_set_cpu_policy 83

#define XEN_VCPUAFFINITY_HARD (1U << 0)
#define XEN_VCPUAFFINITY_SOFT (1U << 1)
#define XEN_VCPUAFFINITY_FORCE (1U << 2)

/* tsc_mode */
#define XEN_TSC_MODE_DEFAULT 0
#define XEN_TSC_MODE_ALWAYS_EMULATE 1
#define XEN_TSC_MODE_NEVER_EMULATE 2

/* createdomain flags (XEN_DOMCTL_CDF_*) */
#define XEN_DOMCTL_CDF_hvm (1U << 0)
#define XEN_DOMCTL_CDF_hap (1U << 1)
#define XEN_DOMCTL_CDF_s3_integrity (1U << 2)
#define XEN_DOMCTL_CDF_oos_off (1U << 3)
#define XEN_DOMCTL_CDF_xs_domain (1U << 4)
#define XEN_DOMCTL_CDF_iommu (1U << 5)
#define XEN_DOMCTL_CDF_nested_virt (1U << 6)
#define XEN_DOMCTL_CDF_vpmu (1U << 7)
#define XEN_DOMCTL_IOMMU_no_sharept (1U << 0)
#define XEN_DOMCTL_GRANT_version_mask 0xf
#define XEN_DOMCTL_GRANT_version(v) ((v)&XEN_DOMCTL_GRANT_version_mask)

/* x86 emulated devices (xen_arch_domainconfig.emulation_flags) */
#define XEN_X86_EMU_LAPIC (1U << 0)
#define XEN_X86_EMU_PIT (1U << 8)
#define XEN_X86_EMU_ALL 0x7ffU
#define XEN_X86_MSR_RELAXED (1U << 0) /* misc_flags */

/* getdomaininfo flags */
#define XEN_DOMINF_dying (1U << 0)
#define XEN_DOMINF_hvm_guest (1U << 1)
#define XEN_DOMINF_shutdown (1U << 2) /* the guest has shut down */
#define XEN_DOMINF_paused (1U << 3)   /* paused by the control domain */
#define XEN_DOMINF_blocked (1U << 4)  /* every online vCPU blocked */
#define XEN_DOMINF_running (1U << 5)  /* some vCPU on a CPU now */
#define XEN_DOMINF_debugged (1U << 6)
#define XEN_DOMINF_xs_domain (1U << 7)
#define XEN_DOMINF_hap (1U << 8)
#define XEN_DOMINF_shutdownmask 255 /* shutdown code, at bit 16 */
#define XEN_DOMINF_shutdownshift 16
#define XEN_INVALID_MAX_VCPU_ID (~0U)

/* Schedulers and scheduler_op commands */
#define XEN_SCHEDULER_CREDIT 5
#define XEN_SCHEDULER_CREDIT2 6
#define XEN_SCHEDULER_ARINC653 7
#define XEN_SCHEDULER_RTDS 8
#define XEN_SCHEDULER_NULL 9
#define XEN_DOMCTL_SCHEDOP_putinfo 0
#define XEN_DOMCTL_SCHEDOP_getinfo 1
#define XEN_DOMCTL_SCHEDOP_putvcpuinfo 2
#define XEN_DOMCTL_SCHEDOP_getvcpuinfo 3

/*
 * getpageframeinfo3: each frame's type, in bits 28..31 of its array entry
 * (the frame number in, the type out).
 */
#define XEN_DOMCTL_PFINFO_LTAB_SHIFT 28
#define XEN_DOMCTL_PFINFO_NOTAB (0x0U << 28)
#define XEN_DOMCTL_PFINFO_L1TAB (0x1U << 28)
#define XEN_DOMCTL_PFINFO_L2TAB (0x2U << 28)
#define XEN_DOMCTL_PFINFO_L3TAB (0x3U << 28)
#define XEN_DOMCTL_PFINFO_L4TAB (0x4U << 28)
#define XEN_DOMCTL_PFINFO_LTABTYPE_MASK (0x7U << 28)
#define XEN_DOMCTL_PFINFO_LPINTAB (0x1U << 31) /* pinned */
#define XEN_DOMCTL_PFINFO_XTAB (0xfU << 28)    /* not the domain's frame */
#define XEN_DOMCTL_PFINFO_XALLOC (0xeU << 28)  /* allocate only */
#define XEN_DOMCTL_PFINFO_BROKEN (0xdU << 28)
#define XEN_DOMCTL_PFINFO_LTAB_MASK (0xfU << 28)

/* shadow_op commands and mode bits */
#define XEN_DOMCTL_SHADOW_OP_OFF 0
#define XEN_DOMCTL_SHADOW_OP_ENABLE_TEST 1
#define XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY 2
#define XEN_DOMCTL_SHADOW_OP_CLEAN 11
#define XEN_DOMCTL_SHADOW_OP_PEEK 12
#define XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION 30
#define XEN_DOMCTL_SHADOW_OP_SET_ALLOCATION 31
#define XEN_DOMCTL_SHADOW_OP_ENABLE 32
#define XEN_DOMCTL_SHADOW_ENABLE_LOG_DIRTY (1U << 2)
#define XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL (1U << 0)

#ifndef __ASSEMBLER__

/* What a domain was built with (x86: the emulated devices, none for PV). */
struct xen_arch_domainconfig {
	uint32_t emulation_flags;
	uint32_t misc_flags;
};

/*
 * createdomain: domctl.domain 0 or a reserved id asks for the next free id,
 * another id for that one (-EEXIST if taken); the new id comes back in
 * domctl.domain. The domain starts paused by the control domain, without
 * vCPUs (XEN_DOMCTL_max_vcpus creates them).
 */
struct xen_domctl_createdomain {
	uint32_t ssidref;
	xen_domain_handle_t handle;
	uint32_t flags; /* XEN_DOMCTL_CDF_* */
	uint32_t iommu_opts;
	uint32_t max_vcpus;
	uint32_t max_evtchn_port;
	int32_t max_grant_frames;    /* -1: the hypervisor's default */
	int32_t max_maptrack_frames; /* -1: the hypervisor's default */
	uint32_t grant_opts;	     /* XEN_DOMCTL_GRANT_version(1 or 2) */
	uint32_t vmtrace_size;
	uint32_t cpupool_id;
	struct xen_arch_domainconfig arch;
};

struct xen_domctl_getdomaininfo {
	domid_t domain;
	uint16_t pad1;
	uint32_t flags; /* XEN_DOMINF_* */
	uint64_t tot_pages;
	uint64_t max_pages;
	uint64_t outstanding_pages;
	uint64_t shr_pages;
	uint64_t paged_pages;
	uint64_t shared_info_frame; /* frame of shared_info */
	uint64_t cpu_time;	    /* ns run, all vCPUs */
	uint32_t nr_online_vcpus;
	uint32_t max_vcpu_id;
	uint32_t ssidref;
	xen_domain_handle_t handle;
	uint32_t cpupool;
	uint8_t gpaddr_bits;
	uint8_t pad2[7];
	struct xen_arch_domainconfig arch_config;
};
typedef struct xen_domctl_getdomaininfo xen_domctl_getdomaininfo_t;

/* weight: relative share (default 256); cap: % of one CPU, 0 = none */
struct xen_domctl_sched_credit {
	uint16_t weight;
	uint16_t cap;
};

struct xen_domctl_sched_credit2 {
	uint16_t weight;
	uint16_t cap;
};

struct xen_domctl_scheduler_op {
	uint32_t sched_id; /* XEN_SCHEDULER_* */
	uint32_t cmd;	   /* XEN_DOMCTL_SCHEDOP_* */
	union {
		struct xen_domctl_sched_credit credit;
		struct xen_domctl_sched_credit2 credit2;
		uint64_t pad[2];
	} u;
};

struct xen_domctl_max_vcpus {
	uint32_t max; /* maximum number of vCPUs */
};

struct xen_domctl_max_mem {
	uint64_t max_memkb;
};

struct xen_domctl_getvcpuinfo {
	uint32_t vcpu;	   /* IN */
	uint8_t online;	   /* not down */
	uint8_t blocked;   /* waiting for an event */
	uint8_t running;   /* on a CPU now */
	uint64_t cpu_time; /* ns run */
	uint32_t cpu;	   /* the CPU it is on or last ran on */
};

/* set/getvcpucontext: ctxt, the context of vCPU vcpu (set: NULL resets it). */
struct xen_domctl_vcpucontext {
	uint32_t vcpu;
	XEN_GUEST_HANDLE(vcpu_guest_context_t) ctxt;
};

/* set: flags say which maps are given; both come back as they took effect. */
struct xen_domctl_vcpuaffinity {
	uint32_t vcpu;
	uint32_t flags; /* XEN_VCPUAFFINITY_* */
	struct xenctl_bitmap cpumap_hard;
	struct xenctl_bitmap cpumap_soft;
};

struct xen_domctl_nodeaffinity {
	struct xenctl_bitmap nodemap;
};

struct xen_domctl_tsc_info {
	uint32_t tsc_mode; /* XEN_TSC_MODE_* */
	uint32_t gtsc_khz;
	uint32_t incarnation;
	uint32_t pad;
	uint64_t elapsed_nsec;
};

struct xen_domctl_address_size {
	uint32_t size; /* bits: 64 (xeno has no 32-bit PV) */
};

/*
 * get/set_cpu_policy: a domain's CPUID leaves and MSRs (as sysctl
 * get_cpu_policy serialises them). set merges the given entries into the
 * domain's policy before it first runs; on failure err_leaf/err_subleaf or
 * err_msr name the entry refused (~0 when none).
 */
struct xen_domctl_cpu_policy {
	uint32_t nr_leaves;
	uint32_t nr_msrs;
	XEN_GUEST_HANDLE(xen_cpuid_leaf_t) leaves;
	XEN_GUEST_HANDLE(xen_msr_entry_t) msrs;
	uint32_t err_leaf, err_subleaf, err_msr;
};

/* getpageframeinfo3: num (at most 1024) frame numbers at array, types back in place. */
struct xen_domctl_getpageframeinfo3 {
	uint64_t num;
	XEN_GUEST_HANDLE(xen_pfn_t) array;
};

/* shadow_op: log-dirty mode for live migration (xeno: OFF only, see docs/abi.md). */
struct xen_domctl_shadow_op_stats {
	uint32_t fault_count;
	uint32_t dirty_count;
};

struct xen_domctl_shadow_op {
	uint32_t op;   /* XEN_DOMCTL_SHADOW_OP_* */
	uint32_t mode; /* ENABLE: XEN_DOMCTL_SHADOW_ENABLE_*; CLEAN/PEEK: _LOGDIRTY_* */
	uint32_t mb;   /* GET/SET_ALLOCATION */
	XEN_GUEST_HANDLE(uint8) dirty_bitmap;
	uint64_t pages; /* bits in dirty_bitmap */
	struct xen_domctl_shadow_op_stats stats;
};

/* The machine-check state of a vCPU (x86; xeno offers guests none). */
struct hvm_vmce_vcpu {
	uint64_t caps;
	uint64_t mci_ctl2_bank0;
	uint64_t mci_ctl2_bank1;
	uint64_t mcg_ext_ctl;
};

/*
 * set/get_ext_vcpucontext: the vCPU state vcpu_guest_context lacks: the
 * 32-bit SYSCALL and SYSENTER callbacks and the vMCE state. size: the
 * bytes that are meaningful (get: out; set: in, at least offsetof vmce).
 */
struct xen_domctl_ext_vcpucontext {
	uint32_t vcpu;
	uint32_t size;
	uint64_t syscall32_callback_eip;
	uint64_t sysenter_callback_eip;
	uint16_t syscall32_callback_cs;
	uint16_t sysenter_callback_cs;
	uint8_t syscall32_disables_events;
	uint8_t sysenter_disables_events;
	struct hvm_vmce_vcpu vmce;
};

/*
 * set/getvcpuextstate: the vCPU's XSAVE state as XCR0, XCR0_accum (8 bytes
 * each), then the standard-format XSAVE area. A get with size and
 * xfeature_mask 0, or no buffer, asks for the mask and the largest size.
 */
struct xen_domctl_vcpuextstate {
	uint32_t vcpu;
	uint64_t xfeature_mask;
	uint64_t size;
	XEN_GUEST_HANDLE(uint64) buffer;
};

/* hypercall_init: fill the domain's frame gmfn with the hypercall page. */
struct xen_domctl_hypercall_init {
	uint64_t gmfn;
};

struct xen_domctl_vcpu_msr {
	uint32_t index;
	uint32_t reserved;
	uint64_t value;
};
typedef struct xen_domctl_vcpu_msr xen_domctl_vcpu_msr_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_vcpu_msr_t);

/*
 * get/set_vcpu_msrs: the vCPU's MSRs a migration carries. get with no
 * buffer: the most there can be; get short: -ENOBUFS and the count needed;
 * set: a refused entry is -EINVAL with msr_count its index.
 */
struct xen_domctl_vcpu_msrs {
	uint32_t vcpu;
	uint32_t msr_count;
	XEN_GUEST_HANDLE(xen_domctl_vcpu_msr_t) msrs;
};

struct xen_domctl {
	uint32_t cmd;		    /* XEN_DOMCTL_* */
	uint32_t interface_version; /* XEN_DOMCTL_INTERFACE_VERSION */
	domid_t domain;
	uint16_t _pad[3];
	union {
		struct xen_domctl_createdomain createdomain;
		struct xen_domctl_getdomaininfo getdomaininfo;
		struct xen_domctl_getvcpuinfo getvcpuinfo;
		struct xen_domctl_vcpucontext vcpucontext;
		struct xen_domctl_vcpuaffinity vcpuaffinity;
		struct xen_domctl_nodeaffinity nodeaffinity;
		struct xen_domctl_tsc_info tsc_info;
		struct xen_domctl_address_size address_size;
		struct xen_domctl_scheduler_op scheduler_op;
		struct xen_domctl_max_vcpus max_vcpus;
		struct xen_domctl_max_mem max_mem;
		struct xen_domctl_cpu_policy cpu_policy;
		struct xen_domctl_getpageframeinfo3 getpageframeinfo3;
		struct xen_domctl_shadow_op shadow_op;
		struct xen_domctl_ext_vcpucontext ext_vcpucontext;
		struct xen_domctl_vcpuextstate vcpuextstate;
		struct xen_domctl_vcpu_msrs vcpu_msrs;
		struct xen_domctl_hypercall_init hypercall_init;
		uint8_t pad[128];
	} u;
};
typedef struct xen_domctl xen_domctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_t);

#endif /* !__ASSEMBLER__ */

#endif /* XENO_PUBLIC_DOMCTL_H */
