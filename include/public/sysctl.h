/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The xeno developers
 *
 * sysctl(struct xen_sysctl *): host-wide control for the toolstack (the
 * control domain). Every call carries cmd and interface_version ==
 * XEN_SYSCTL_INTERFACE_VERSION (0x15, as Xen 4.17; another: -EACCES);
 * the argument union is 128 bytes. The sub-op structures are added as
 * xeno implements them.
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

struct xen_sysctl {
	uint32_t cmd;		    /* XEN_SYSCTL_* */
	uint32_t interface_version; /* XEN_SYSCTL_INTERFACE_VERSION */
	union {
		uint8_t pad[128];
		uint64_t align; /* the sub-op structures hold 64-bit members */
	} u;
};
typedef struct xen_sysctl xen_sysctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_t);

#endif /* !__ASSEMBLER__ */

#endif /* XENO_PUBLIC_SYSCTL_H */
