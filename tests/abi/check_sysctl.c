/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The xeno developers */
/*
 * Layout of struct xen_sysctl (include/public/sysctl.h), its sub-op
 * numbers and the structures of the sub-ops xeno implements, as in Xen
 * 4.17's public sysctl.h (read for the facts, not copied): cmd and
 * interface_version, then a 128-byte union aligned to 8.
 */
#include <stddef.h>
#include <public/sysctl.h>

#define ABI_SIZE(T, sz, al)                             \
	_Static_assert(sizeof(T) == (sz), #T ": size"); \
	_Static_assert(_Alignof(T) == (al), #T ": alignment")
#define ABI_MEMBER(T, m, off, sz)                                      \
	_Static_assert(offsetof(T, m) == (off), #T "." #m ": offset"); \
	_Static_assert(sizeof(((T *)0)->m) == (sz), #T "." #m ": size")

_Static_assert(XEN_SYSCTL_INTERFACE_VERSION == 0x15, "sysctl interface version");
_Static_assert(sizeof(struct xen_sysctl) == 136, "xen_sysctl: size");
_Static_assert(_Alignof(struct xen_sysctl) == 8, "xen_sysctl: alignment");
_Static_assert(offsetof(struct xen_sysctl, cmd) == 0, "xen_sysctl.cmd");
_Static_assert(offsetof(struct xen_sysctl, interface_version) == 4, "xen_sysctl.interface_version");
_Static_assert(offsetof(struct xen_sysctl, u) == 8, "xen_sysctl.u");
_Static_assert(sizeof(((struct xen_sysctl *)0)->u) == 128, "xen_sysctl.u: size");
_Static_assert(XEN_SYSCTL_readconsole == 1 && XEN_SYSCTL_physinfo == 3, "sysctl numbers");
_Static_assert(XEN_SYSCTL_sched_id == 4 && XEN_SYSCTL_cputopoinfo == 16, "sysctl numbers");
_Static_assert(XEN_SYSCTL_numainfo == 17 && XEN_SYSCTL_cpupool_op == 18, "sysctl numbers");
_Static_assert(XEN_SYSCTL_getdomaininfolist == 6 && XEN_SYSCTL_pm_op == 12, "sysctl numbers");
_Static_assert(XEN_SYSCTL_page_offline_op == 14 && XEN_SYSCTL_psr_alloc == 23, "sysctl numbers");
_Static_assert(XEN_SYSCTL_get_cpu_levelling_caps == 25 && XEN_SYSCTL_get_cpu_policy == 29,
	       "sysctl numbers");

ABI_SIZE(struct xen_sysctl_readconsole, 24, 8);
ABI_MEMBER(struct xen_sysctl_readconsole, clear, 0, 1);
ABI_MEMBER(struct xen_sysctl_readconsole, incremental, 1, 1);
ABI_MEMBER(struct xen_sysctl_readconsole, index, 4, 4);
ABI_MEMBER(struct xen_sysctl_readconsole, buffer, 8, 8);
ABI_MEMBER(struct xen_sysctl_readconsole, count, 16, 4);

ABI_SIZE(struct xen_sysctl_physinfo, 112, 8);
ABI_MEMBER(struct xen_sysctl_physinfo, threads_per_core, 0, 4);
ABI_MEMBER(struct xen_sysctl_physinfo, cores_per_socket, 4, 4);
ABI_MEMBER(struct xen_sysctl_physinfo, nr_cpus, 8, 4);
ABI_MEMBER(struct xen_sysctl_physinfo, max_cpu_id, 12, 4);
ABI_MEMBER(struct xen_sysctl_physinfo, nr_nodes, 16, 4);
ABI_MEMBER(struct xen_sysctl_physinfo, max_node_id, 20, 4);
ABI_MEMBER(struct xen_sysctl_physinfo, cpu_khz, 24, 4);
ABI_MEMBER(struct xen_sysctl_physinfo, capabilities, 28, 4);
ABI_MEMBER(struct xen_sysctl_physinfo, arch_capabilities, 32, 4);
ABI_MEMBER(struct xen_sysctl_physinfo, total_pages, 40, 8);
ABI_MEMBER(struct xen_sysctl_physinfo, free_pages, 48, 8);
ABI_MEMBER(struct xen_sysctl_physinfo, scrub_pages, 56, 8);
ABI_MEMBER(struct xen_sysctl_physinfo, outstanding_pages, 64, 8);
ABI_MEMBER(struct xen_sysctl_physinfo, max_mfn, 72, 8);
ABI_MEMBER(struct xen_sysctl_physinfo, hw_cap, 80, 32);
_Static_assert(XEN_SYSCTL_PHYSCAP_pv == 2 && XEN_SYSCTL_PHYSCAP_gnttab_v1 == 0x100,
	       "physinfo capabilities");
_Static_assert(XEN_SYSCTL_PHYSCAP_gnttab_v2 == 0x200 && XEN_SYSCTL_PHYSCAP_shadow == 0x10,
	       "physinfo capabilities");

ABI_SIZE(struct xen_sysctl_sched_id, 4, 4);

ABI_SIZE(struct xen_sysctl_getdomaininfolist, 24, 8);
ABI_MEMBER(struct xen_sysctl_getdomaininfolist, first_domain, 0, 2);
ABI_MEMBER(struct xen_sysctl_getdomaininfolist, max_domains, 4, 4);
ABI_MEMBER(struct xen_sysctl_getdomaininfolist, buffer, 8, 8);
ABI_MEMBER(struct xen_sysctl_getdomaininfolist, num_domains, 16, 4);

ABI_SIZE(struct xen_sysctl_cputopo, 12, 4);
ABI_MEMBER(struct xen_sysctl_cputopo, core, 0, 4);
ABI_MEMBER(struct xen_sysctl_cputopo, socket, 4, 4);
ABI_MEMBER(struct xen_sysctl_cputopo, node, 8, 4);
ABI_SIZE(struct xen_sysctl_cputopoinfo, 16, 8);
ABI_MEMBER(struct xen_sysctl_cputopoinfo, num_cpus, 0, 4);
ABI_MEMBER(struct xen_sysctl_cputopoinfo, cputopo, 8, 8);

ABI_SIZE(struct xen_sysctl_meminfo, 16, 8);
ABI_SIZE(struct xen_sysctl_numainfo, 24, 8);
ABI_MEMBER(struct xen_sysctl_numainfo, num_nodes, 0, 4);
ABI_MEMBER(struct xen_sysctl_numainfo, meminfo, 8, 8);
ABI_MEMBER(struct xen_sysctl_numainfo, distance, 16, 8);

ABI_SIZE(struct xenctl_bitmap, 16, 8);
ABI_SIZE(struct xen_sysctl_cpupool_op, 40, 8);
ABI_MEMBER(struct xen_sysctl_cpupool_op, op, 0, 4);
ABI_MEMBER(struct xen_sysctl_cpupool_op, cpupool_id, 4, 4);
ABI_MEMBER(struct xen_sysctl_cpupool_op, sched_id, 8, 4);
ABI_MEMBER(struct xen_sysctl_cpupool_op, domid, 12, 4);
ABI_MEMBER(struct xen_sysctl_cpupool_op, cpu, 16, 4);
ABI_MEMBER(struct xen_sysctl_cpupool_op, n_dom, 20, 4);
ABI_MEMBER(struct xen_sysctl_cpupool_op, cpumap.bitmap, 24, 8);
ABI_MEMBER(struct xen_sysctl_cpupool_op, cpumap.nr_bits, 32, 4);
_Static_assert(XEN_SYSCTL_CPUPOOL_OP_INFO == 3 && XEN_SYSCTL_CPUPOOL_OP_FREEINFO == 7,
	       "cpupool ops");
_Static_assert(XEN_SYSCTL_CPUPOOL_PAR_ANY == 0xFFFFFFFF, "XEN_SYSCTL_CPUPOOL_PAR_ANY");

ABI_SIZE(struct xen_sysctl_cpu_featureset, 16, 8);
ABI_MEMBER(struct xen_sysctl_cpu_featureset, index, 0, 4);
ABI_MEMBER(struct xen_sysctl_cpu_featureset, nr_features, 4, 4);
ABI_MEMBER(struct xen_sysctl_cpu_featureset, features, 8, 8);
_Static_assert(XEN_SYSCTL_cpu_featureset_host == 1 && XEN_SYSCTL_cpu_featureset_pv_max == 4,
	       "featureset indices");

ABI_SIZE(struct xen_sysctl_cpu_policy, 32, 8);
ABI_MEMBER(struct xen_sysctl_cpu_policy, index, 0, 4);
ABI_MEMBER(struct xen_sysctl_cpu_policy, nr_leaves, 4, 4);
ABI_MEMBER(struct xen_sysctl_cpu_policy, nr_msrs, 8, 4);
ABI_MEMBER(struct xen_sysctl_cpu_policy, _rsvd, 12, 4);
ABI_MEMBER(struct xen_sysctl_cpu_policy, leaves, 16, 8);
ABI_MEMBER(struct xen_sysctl_cpu_policy, msrs, 24, 8);
_Static_assert(XEN_SYSCTL_cpu_policy_pv_max == 2 && XEN_SYSCTL_cpu_policy_pv_default == 4,
	       "cpu policy indices");

ABI_SIZE(struct xen_cpuid_leaf, 24, 4);
ABI_MEMBER(struct xen_cpuid_leaf, subleaf, 4, 4);
ABI_MEMBER(struct xen_cpuid_leaf, d, 20, 4);
ABI_SIZE(struct xen_msr_entry, 16, 8);
ABI_MEMBER(struct xen_msr_entry, flags, 4, 4);
ABI_MEMBER(struct xen_msr_entry, val, 8, 8);
_Static_assert(XEN_CPUID_NO_SUBLEAF == 0xffffffffu, "no subleaf");
