/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The xeno developers
 *
 * sysctl(struct xen_sysctl *): host-wide control for the toolstack (the
 * control domain). Every call carries cmd and interface_version ==
 * XEN_SYSCTL_INTERFACE_VERSION (0x15, as Xen 4.17; another: -EACCES);
 * the argument union is 128 bytes. The sub-op structures are those xeno
 * implements.
 */
#ifndef XENO_PUBLIC_SYSCTL_H
#define XENO_PUBLIC_SYSCTL_H

#include "xen.h"

#define XEN_SYSCTL_INTERFACE_VERSION 0x00000015

#define XEN_SYSCTL_readconsole 1
#define XEN_SYSCTL_tbuf_op 2
#define XEN_SYSCTL_physinfo 3
#define XEN_SYSCTL_sched_id 4
#define XEN_SYSCTL_perfc_op 5
#define XEN_SYSCTL_getdomaininfolist 6
#define XEN_SYSCTL_debug_keys 7
#define XEN_SYSCTL_getcpuinfo 8
#define XEN_SYSCTL_availheap 9
#define XEN_SYSCTL_get_pmstat 10
#define XEN_SYSCTL_cpu_hotplug 11
#define XEN_SYSCTL_pm_op 12
#define XEN_SYSCTL_page_offline_op 14
#define XEN_SYSCTL_lockprof_op 15
#define XEN_SYSCTL_cputopoinfo 16
#define XEN_SYSCTL_numainfo 17
#define XEN_SYSCTL_cpupool_op 18
#define XEN_SYSCTL_scheduler_op 19
#define XEN_SYSCTL_coverage_op 20
#define XEN_SYSCTL_psr_cmt_op 21
#define XEN_SYSCTL_pcitopoinfo 22
#define XEN_SYSCTL_psr_alloc 23
#define XEN_SYSCTL_get_cpu_levelling_caps 25
#define XEN_SYSCTL_get_cpu_featureset 26
#define XEN_SYSCTL_livepatch_op 27
#define XEN_SYSCTL_get_cpu_policy 29

#ifndef __ASSEMBLER__

#include "domctl.h" /* struct xen_domctl_getdomaininfo, XEN_SCHEDULER_* */

/*
 * readconsole: bytes of the hypervisor's console ring. count: IN the
 * buffer's size, OUT the bytes written. Without incremental the read starts
 * at the oldest byte kept, with it at index if index is still in the ring;
 * index is OUT the position after the last byte read. clear drops what was
 * read from the ring.
 */
struct xen_sysctl_readconsole {
	uint8_t clear;
	uint8_t incremental;
	uint8_t pad0, pad1;
	uint32_t index;
	XEN_GUEST_HANDLE(char) buffer;
	uint32_t count;
};

/* physinfo: the host. Pages are 4 KiB frames; cpu_khz is the TSC's. */
#define XEN_SYSCTL_PHYSCAP_hvm (1u << 0)
#define XEN_SYSCTL_PHYSCAP_pv (1u << 1)
#define XEN_SYSCTL_PHYSCAP_directio (1u << 2)
#define XEN_SYSCTL_PHYSCAP_hap (1u << 3)
#define XEN_SYSCTL_PHYSCAP_shadow (1u << 4)
#define XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share (1u << 5)
#define XEN_SYSCTL_PHYSCAP_vmtrace (1u << 6)
#define XEN_SYSCTL_PHYSCAP_vpmu (1u << 7)
#define XEN_SYSCTL_PHYSCAP_gnttab_v1 (1u << 8)
#define XEN_SYSCTL_PHYSCAP_gnttab_v2 (1u << 9)

struct xen_sysctl_physinfo {
	uint32_t threads_per_core;
	uint32_t cores_per_socket;
	uint32_t nr_cpus;    /* online */
	uint32_t max_cpu_id; /* largest possible CPU number */
	uint32_t nr_nodes;   /* online */
	uint32_t max_node_id;
	uint32_t cpu_khz;
	uint32_t capabilities;	    /* XEN_SYSCTL_PHYSCAP_* */
	uint32_t arch_capabilities; /* none defined on x86 */
	uint32_t pad;
	uint64_t total_pages;
	uint64_t free_pages;
	uint64_t scrub_pages;
	uint64_t outstanding_pages;
	uint64_t max_mfn;   /* largest frame number of RAM */
	uint32_t hw_cap[8]; /* the boot CPU's feature words, Xen's featureset order */
};

/* sched_id: OUT the scheduler's XEN_SCHEDULER_* number. */
struct xen_sysctl_sched_id {
	uint32_t sched_id;
};

/*
 * getdomaininfolist: up to max_domains entries, for the domains with an id
 * at or above first_domain, in increasing id order; num_domains OUT.
 */
DEFINE_XEN_GUEST_HANDLE(xen_domctl_getdomaininfo_t);
struct xen_sysctl_getdomaininfolist {
	domid_t first_domain;
	uint32_t max_domains;
	XEN_GUEST_HANDLE(xen_domctl_getdomaininfo_t) buffer;
	uint32_t num_domains;
};

/*
 * cputopoinfo: one entry per CPU number (up to num_cpus); a NULL handle
 * asks only for the count (num_cpus OUT, also when it differs).
 */
#define XEN_INVALID_CORE_ID (~0u)
#define XEN_INVALID_SOCKET_ID (~0u)
#define XEN_INVALID_NODE_ID (~0u)
struct xen_sysctl_cputopo {
	uint32_t core;
	uint32_t socket;
	uint32_t node;
};
typedef struct xen_sysctl_cputopo xen_sysctl_cputopo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_cputopo_t);
struct xen_sysctl_cputopoinfo {
	uint32_t num_cpus;
	XEN_GUEST_HANDLE(xen_sysctl_cputopo_t) cputopo;
};

/*
 * numainfo: per node its memory (bytes) and a num_nodes x num_nodes
 * distance matrix; both handles NULL ask only for the count.
 */
#define XEN_INVALID_MEM_SZ (~0ull)
#define XEN_INVALID_NODE_DIST (~0u)
struct xen_sysctl_meminfo {
	uint64_t memsize;
	uint64_t memfree;
};
typedef struct xen_sysctl_meminfo xen_sysctl_meminfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_meminfo_t);
struct xen_sysctl_numainfo {
	uint32_t num_nodes;
	XEN_GUEST_HANDLE(xen_sysctl_meminfo_t) meminfo;
	XEN_GUEST_HANDLE(uint) distance;
};

/* struct xenctl_bitmap: public/xen.h. */

/*
 * cpupool_op: INFO reports the pool with the lowest id at or above
 * cpupool_id (-ENOENT if none); FREEINFO the CPUs in no pool.
 */
#define XEN_SYSCTL_CPUPOOL_OP_CREATE 1
#define XEN_SYSCTL_CPUPOOL_OP_DESTROY 2
#define XEN_SYSCTL_CPUPOOL_OP_INFO 3
#define XEN_SYSCTL_CPUPOOL_OP_ADDCPU 4
#define XEN_SYSCTL_CPUPOOL_OP_RMCPU 5
#define XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN 6
#define XEN_SYSCTL_CPUPOOL_OP_FREEINFO 7
#define XEN_SYSCTL_CPUPOOL_PAR_ANY 0xFFFFFFFF
struct xen_sysctl_cpupool_op {
	uint32_t op;
	uint32_t cpupool_id;
	uint32_t sched_id;
	uint32_t domid;
	uint32_t cpu;
	uint32_t n_dom;
	struct xenctl_bitmap cpumap;
};

/*
 * get_cpu_featureset: the feature words (Xen's featureset order) of a
 * policy. nr_features IN the buffer's length, OUT the words written; a
 * NULL handle asks for the number of words. -ENOBUFS: the buffer was
 * shorter than the featureset (the words that fit are written).
 */
#define XEN_SYSCTL_cpu_featureset_raw 0
#define XEN_SYSCTL_cpu_featureset_host 1
#define XEN_SYSCTL_cpu_featureset_pv 2
#define XEN_SYSCTL_cpu_featureset_hvm 3
#define XEN_SYSCTL_cpu_featureset_pv_max 4
#define XEN_SYSCTL_cpu_featureset_hvm_max 5
struct xen_sysctl_cpu_featureset {
	uint32_t index;
	uint32_t nr_features;
	XEN_GUEST_HANDLE(uint32) features;
};

/*
 * get_cpu_policy: a system policy serialised. nr_leaves and nr_msrs IN the
 * buffers' lengths, OUT the entries written; a NULL handle asks for the
 * largest count. -ENOBUFS: a buffer too short.
 */
#define XEN_SYSCTL_cpu_policy_raw 0
#define XEN_SYSCTL_cpu_policy_host 1
#define XEN_SYSCTL_cpu_policy_pv_max 2
#define XEN_SYSCTL_cpu_policy_hvm_max 3
#define XEN_SYSCTL_cpu_policy_pv_default 4
#define XEN_SYSCTL_cpu_policy_hvm_default 5
struct xen_sysctl_cpu_policy {
	uint32_t index;
	uint32_t nr_leaves;
	uint32_t nr_msrs;
	uint32_t _rsvd; /* must be zero */
	XEN_GUEST_HANDLE(xen_cpuid_leaf_t) leaves;
	XEN_GUEST_HANDLE(xen_msr_entry_t) msrs;
};

/* debug_keys: the hypervisor handles nr_keys keys as if typed on its console. */
struct xen_sysctl_debug_keys {
	XEN_GUEST_HANDLE(char) keys;
	uint32_t nr_keys;
};

struct xen_sysctl {
	uint32_t cmd;		    /* XEN_SYSCTL_* */
	uint32_t interface_version; /* XEN_SYSCTL_INTERFACE_VERSION */
	union {
		struct xen_sysctl_readconsole readconsole;
		struct xen_sysctl_physinfo physinfo;
		struct xen_sysctl_sched_id sched_id;
		struct xen_sysctl_getdomaininfolist getdomaininfolist;
		struct xen_sysctl_debug_keys debug_keys;
		struct xen_sysctl_cputopoinfo cputopoinfo;
		struct xen_sysctl_numainfo numainfo;
		struct xen_sysctl_cpupool_op cpupool_op;
		struct xen_sysctl_cpu_featureset cpu_featureset;
		struct xen_sysctl_cpu_policy cpu_policy;
		uint8_t pad[128];
	} u;
};
typedef struct xen_sysctl xen_sysctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_t);

#endif /* !__ASSEMBLER__ */

#endif /* XENO_PUBLIC_SYSCTL_H */
