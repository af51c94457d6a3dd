/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The xeno developers */
/*
 * Layout of the domctl structures xeno implements (include/public/domctl.h),
 * measured from Xen 4.17.0's public domctl.h (with __XEN_TOOLS__) by a
 * probe that is not kept in the tree.
 */
#include <stddef.h>
#include <public/domctl.h>

#define ABI_SIZE(T, sz, al)                             \
	_Static_assert(sizeof(T) == (sz), #T ": size"); \
	_Static_assert(_Alignof(T) == (al), #T ": alignment")
#define ABI_MEMBER(T, m, off, sz)                                      \
	_Static_assert(offsetof(T, m) == (off), #T "." #m ": offset"); \
	_Static_assert(sizeof(((T *)0)->m) == (sz), #T "." #m ": size")

_Static_assert(XEN_DOMCTL_INTERFACE_VERSION == 0x15, "domctl interface version");
_Static_assert(XEN_DOMCTL_scheduler_op == 16, "XEN_DOMCTL_scheduler_op");
ABI_SIZE(struct xen_domctl, 144, 8);
ABI_MEMBER(struct xen_domctl, cmd, 0, 4);
ABI_MEMBER(struct xen_domctl, interface_version, 4, 4);
ABI_MEMBER(struct xen_domctl, domain, 8, 2);
ABI_MEMBER(struct xen_domctl, u, 16, 128);
ABI_SIZE(struct xen_domctl_getdomaininfo, 112, 8);
ABI_MEMBER(struct xen_domctl_getdomaininfo, domain, 0, 2);
ABI_MEMBER(struct xen_domctl_getdomaininfo, flags, 4, 4);
ABI_MEMBER(struct xen_domctl_getdomaininfo, tot_pages, 8, 8);
ABI_MEMBER(struct xen_domctl_getdomaininfo, max_pages, 16, 8);
ABI_MEMBER(struct xen_domctl_getdomaininfo, shared_info_frame, 48, 8);
ABI_MEMBER(struct xen_domctl_getdomaininfo, cpu_time, 56, 8);
ABI_MEMBER(struct xen_domctl_getdomaininfo, nr_online_vcpus, 64, 4);
ABI_MEMBER(struct xen_domctl_getdomaininfo, max_vcpu_id, 68, 4);
ABI_MEMBER(struct xen_domctl_getdomaininfo, ssidref, 72, 4);
ABI_MEMBER(struct xen_domctl_getdomaininfo, handle, 76, 16);
ABI_MEMBER(struct xen_domctl_getdomaininfo, cpupool, 92, 4);
ABI_MEMBER(struct xen_domctl_getdomaininfo, gpaddr_bits, 96, 1);
ABI_MEMBER(struct xen_domctl_getdomaininfo, arch_config, 104, 8);
ABI_SIZE(struct xen_domctl_scheduler_op, 24, 8);
ABI_MEMBER(struct xen_domctl_scheduler_op, sched_id, 0, 4);
ABI_MEMBER(struct xen_domctl_scheduler_op, cmd, 4, 4);
ABI_MEMBER(struct xen_domctl_scheduler_op, u, 8, 16);
ABI_MEMBER(struct xen_domctl_scheduler_op, u.credit2.weight, 8, 2);
ABI_MEMBER(struct xen_domctl_scheduler_op, u.credit2.cap, 10, 2);
ABI_SIZE(struct xen_domctl_sched_credit, 4, 2);
ABI_SIZE(struct xen_domctl_sched_credit2, 4, 2);
ABI_SIZE(struct xen_domctl_max_vcpus, 4, 4);
ABI_SIZE(struct xen_domctl_max_mem, 8, 8);
ABI_SIZE(struct xen_arch_domainconfig, 8, 4);
_Static_assert(XEN_DOMCTL_createdomain == 1, "XEN_DOMCTL_createdomain");
_Static_assert(XEN_DOMCTL_getvcpuinfo == 14, "XEN_DOMCTL_getvcpuinfo");
_Static_assert(XEN_DOMCTL_max_vcpus == 15, "XEN_DOMCTL_max_vcpus");
_Static_assert(XEN_DOMCTL_set_address_size == 35, "XEN_DOMCTL_set_address_size");
_Static_assert(XEN_DOMCTL_get_address_size == 36, "XEN_DOMCTL_get_address_size");
_Static_assert(XEN_DOMCTL_CDF_vpmu == 0x80 && XEN_DOMCTL_CDF_oos_off == 8, "CDF flags");
_Static_assert(XEN_X86_EMU_ALL == 0x7ff && XEN_X86_EMU_PIT == 0x100, "emulation flags");
ABI_SIZE(struct xen_domctl_createdomain, 64, 4);
ABI_MEMBER(struct xen_domctl_createdomain, ssidref, 0, 4);
ABI_MEMBER(struct xen_domctl_createdomain, handle, 4, 16);
ABI_MEMBER(struct xen_domctl_createdomain, flags, 20, 4);
ABI_MEMBER(struct xen_domctl_createdomain, iommu_opts, 24, 4);
ABI_MEMBER(struct xen_domctl_createdomain, max_vcpus, 28, 4);
ABI_MEMBER(struct xen_domctl_createdomain, max_evtchn_port, 32, 4);
ABI_MEMBER(struct xen_domctl_createdomain, max_grant_frames, 36, 4);
ABI_MEMBER(struct xen_domctl_createdomain, max_maptrack_frames, 40, 4);
ABI_MEMBER(struct xen_domctl_createdomain, grant_opts, 44, 4);
ABI_MEMBER(struct xen_domctl_createdomain, vmtrace_size, 48, 4);
ABI_MEMBER(struct xen_domctl_createdomain, cpupool_id, 52, 4);
ABI_MEMBER(struct xen_domctl_createdomain, arch, 56, 8);
ABI_SIZE(struct xen_domctl_getvcpuinfo, 24, 8);
ABI_MEMBER(struct xen_domctl_getvcpuinfo, vcpu, 0, 4);
ABI_MEMBER(struct xen_domctl_getvcpuinfo, online, 4, 1);
ABI_MEMBER(struct xen_domctl_getvcpuinfo, blocked, 5, 1);
ABI_MEMBER(struct xen_domctl_getvcpuinfo, running, 6, 1);
ABI_MEMBER(struct xen_domctl_getvcpuinfo, cpu_time, 8, 8);
ABI_MEMBER(struct xen_domctl_getvcpuinfo, cpu, 16, 4);
ABI_SIZE(struct xen_domctl_address_size, 4, 4);
_Static_assert(XEN_DOMCTL_setvcpucontext == 12 && XEN_DOMCTL_getvcpucontext == 13, "vcpucontext");
ABI_SIZE(struct xen_domctl_vcpucontext, 16, 8);
ABI_MEMBER(struct xen_domctl_vcpucontext, vcpu, 0, 4);
ABI_MEMBER(struct xen_domctl_vcpucontext, ctxt, 8, 8);
ABI_SIZE(struct vcpu_guest_context, 5168, 8);
_Static_assert(XEN_DOMCTL_getvcpuaffinity == 25 && XEN_DOMCTL_setvcpuaffinity == 9, "affinity");
_Static_assert(XEN_DOMCTL_gettscinfo == 59 && XEN_DOMCTL_settscinfo == 60, "tscinfo");
_Static_assert(XEN_DOMCTL_setnodeaffinity == 68 && XEN_DOMCTL_getnodeaffinity == 69, "nodes");
ABI_SIZE(struct xenctl_bitmap, 16, 8);
ABI_MEMBER(struct xenctl_bitmap, nr_bits, 8, 4);
ABI_SIZE(struct xen_domctl_vcpuaffinity, 40, 8);
ABI_MEMBER(struct xen_domctl_vcpuaffinity, flags, 4, 4);
ABI_MEMBER(struct xen_domctl_vcpuaffinity, cpumap_hard, 8, 16);
ABI_MEMBER(struct xen_domctl_vcpuaffinity, cpumap_soft, 24, 16);
ABI_SIZE(struct xen_domctl_nodeaffinity, 16, 8);
ABI_SIZE(struct xen_domctl_tsc_info, 24, 8);
ABI_MEMBER(struct xen_domctl_tsc_info, gtsc_khz, 4, 4);
ABI_MEMBER(struct xen_domctl_tsc_info, incarnation, 8, 4);
ABI_MEMBER(struct xen_domctl_tsc_info, elapsed_nsec, 16, 8);

_Static_assert(XEN_DOMCTL_get_cpu_policy == 82 && XEN_DOMCTL_set_cpu_policy == 83,
	       "domctl numbers");
ABI_SIZE(struct xen_domctl_cpu_policy, 40, 8);
ABI_MEMBER(struct xen_domctl_cpu_policy, nr_leaves, 0, 4);
ABI_MEMBER(struct xen_domctl_cpu_policy, nr_msrs, 4, 4);
ABI_MEMBER(struct xen_domctl_cpu_policy, leaves, 8, 8);
ABI_MEMBER(struct xen_domctl_cpu_policy, msrs, 16, 8);
ABI_MEMBER(struct xen_domctl_cpu_policy, err_leaf, 24, 4);
ABI_MEMBER(struct xen_domctl_cpu_policy, err_subleaf, 28, 4);
ABI_MEMBER(struct xen_domctl_cpu_policy, err_msr, 32, 4);
