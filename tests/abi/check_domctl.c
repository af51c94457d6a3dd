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
ABI_SIZE(struct xen_domctl_hypercall_init, 8, 8);
_Static_assert(XEN_DOMCTL_hypercall_init == 22, "XEN_DOMCTL_hypercall_init");
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

/* Save and restore (libxc's xc_domain_save/restore): sub-ops, frame types, structures. */
_Static_assert(XEN_DOMCTL_shadow_op == 10, "XEN_DOMCTL_shadow_op");
_Static_assert(XEN_DOMCTL_resumedomain == 27, "XEN_DOMCTL_resumedomain");
_Static_assert(XEN_DOMCTL_set_ext_vcpucontext == 42, "XEN_DOMCTL_set_ext_vcpucontext");
_Static_assert(XEN_DOMCTL_get_ext_vcpucontext == 43, "XEN_DOMCTL_get_ext_vcpucontext");
_Static_assert(XEN_DOMCTL_getpageframeinfo3 == 61, "XEN_DOMCTL_getpageframeinfo3");
_Static_assert(XEN_DOMCTL_setvcpuextstate == 62, "XEN_DOMCTL_setvcpuextstate");
_Static_assert(XEN_DOMCTL_getvcpuextstate == 63, "XEN_DOMCTL_getvcpuextstate");
_Static_assert(XEN_DOMCTL_get_vcpu_msrs == 72, "XEN_DOMCTL_get_vcpu_msrs");
_Static_assert(XEN_DOMCTL_set_vcpu_msrs == 73, "XEN_DOMCTL_set_vcpu_msrs");
_Static_assert(XEN_DOMCTL_PFINFO_LTAB_SHIFT == 28, "XEN_DOMCTL_PFINFO_LTAB_SHIFT");
_Static_assert(XEN_DOMCTL_PFINFO_NOTAB == 0, "XEN_DOMCTL_PFINFO_NOTAB");
_Static_assert(XEN_DOMCTL_PFINFO_L1TAB == 268435456, "XEN_DOMCTL_PFINFO_L1TAB");
_Static_assert(XEN_DOMCTL_PFINFO_L2TAB == 536870912, "XEN_DOMCTL_PFINFO_L2TAB");
_Static_assert(XEN_DOMCTL_PFINFO_L3TAB == 805306368, "XEN_DOMCTL_PFINFO_L3TAB");
_Static_assert(XEN_DOMCTL_PFINFO_L4TAB == 1073741824, "XEN_DOMCTL_PFINFO_L4TAB");
_Static_assert(XEN_DOMCTL_PFINFO_LTABTYPE_MASK == 1879048192, "XEN_DOMCTL_PFINFO_LTABTYPE_MASK");
_Static_assert(XEN_DOMCTL_PFINFO_LPINTAB == 2147483648, "XEN_DOMCTL_PFINFO_LPINTAB");
_Static_assert(XEN_DOMCTL_PFINFO_XTAB == 4026531840, "XEN_DOMCTL_PFINFO_XTAB");
_Static_assert(XEN_DOMCTL_PFINFO_XALLOC == 3758096384, "XEN_DOMCTL_PFINFO_XALLOC");
_Static_assert(XEN_DOMCTL_PFINFO_BROKEN == 3489660928, "XEN_DOMCTL_PFINFO_BROKEN");
_Static_assert(XEN_DOMCTL_PFINFO_LTAB_MASK == 4026531840, "XEN_DOMCTL_PFINFO_LTAB_MASK");
_Static_assert(XEN_DOMCTL_SHADOW_OP_OFF == 0, "XEN_DOMCTL_SHADOW_OP_OFF");
_Static_assert(XEN_DOMCTL_SHADOW_OP_ENABLE_TEST == 1, "XEN_DOMCTL_SHADOW_OP_ENABLE_TEST");
_Static_assert(XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY == 2, "XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY");
_Static_assert(XEN_DOMCTL_SHADOW_OP_CLEAN == 11, "XEN_DOMCTL_SHADOW_OP_CLEAN");
_Static_assert(XEN_DOMCTL_SHADOW_OP_PEEK == 12, "XEN_DOMCTL_SHADOW_OP_PEEK");
_Static_assert(XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION == 30, "XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION");
_Static_assert(XEN_DOMCTL_SHADOW_OP_SET_ALLOCATION == 31, "XEN_DOMCTL_SHADOW_OP_SET_ALLOCATION");
_Static_assert(XEN_DOMCTL_SHADOW_OP_ENABLE == 32, "XEN_DOMCTL_SHADOW_OP_ENABLE");
_Static_assert(XEN_DOMCTL_SHADOW_ENABLE_LOG_DIRTY == 4, "XEN_DOMCTL_SHADOW_ENABLE_LOG_DIRTY");
_Static_assert(XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL == 1, "XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL");
ABI_SIZE(struct xen_domctl_getpageframeinfo3, 16, 8);
ABI_MEMBER(struct xen_domctl_getpageframeinfo3, num, 0, 8);
ABI_MEMBER(struct xen_domctl_getpageframeinfo3, array, 8, 8);
ABI_SIZE(struct xen_domctl_shadow_op, 40, 8);
ABI_MEMBER(struct xen_domctl_shadow_op, op, 0, 4);
ABI_MEMBER(struct xen_domctl_shadow_op, mode, 4, 4);
ABI_MEMBER(struct xen_domctl_shadow_op, mb, 8, 4);
ABI_MEMBER(struct xen_domctl_shadow_op, dirty_bitmap, 16, 8);
ABI_MEMBER(struct xen_domctl_shadow_op, pages, 24, 8);
ABI_MEMBER(struct xen_domctl_shadow_op, stats, 32, 8);
ABI_MEMBER(struct xen_domctl_shadow_op, stats.fault_count, 32, 4);
ABI_MEMBER(struct xen_domctl_shadow_op, stats.dirty_count, 36, 4);
ABI_SIZE(struct hvm_vmce_vcpu, 32, 8);
ABI_MEMBER(struct hvm_vmce_vcpu, caps, 0, 8);
ABI_MEMBER(struct hvm_vmce_vcpu, mci_ctl2_bank0, 8, 8);
ABI_MEMBER(struct hvm_vmce_vcpu, mci_ctl2_bank1, 16, 8);
ABI_MEMBER(struct hvm_vmce_vcpu, mcg_ext_ctl, 24, 8);
ABI_SIZE(struct xen_domctl_ext_vcpucontext, 64, 8);
ABI_MEMBER(struct xen_domctl_ext_vcpucontext, vcpu, 0, 4);
ABI_MEMBER(struct xen_domctl_ext_vcpucontext, size, 4, 4);
ABI_MEMBER(struct xen_domctl_ext_vcpucontext, syscall32_callback_eip, 8, 8);
ABI_MEMBER(struct xen_domctl_ext_vcpucontext, sysenter_callback_eip, 16, 8);
ABI_MEMBER(struct xen_domctl_ext_vcpucontext, syscall32_callback_cs, 24, 2);
ABI_MEMBER(struct xen_domctl_ext_vcpucontext, sysenter_callback_cs, 26, 2);
ABI_MEMBER(struct xen_domctl_ext_vcpucontext, syscall32_disables_events, 28, 1);
ABI_MEMBER(struct xen_domctl_ext_vcpucontext, sysenter_disables_events, 29, 1);
ABI_MEMBER(struct xen_domctl_ext_vcpucontext, vmce, 32, 32);
ABI_SIZE(struct xen_domctl_vcpuextstate, 32, 8);
ABI_MEMBER(struct xen_domctl_vcpuextstate, vcpu, 0, 4);
ABI_MEMBER(struct xen_domctl_vcpuextstate, xfeature_mask, 8, 8);
ABI_MEMBER(struct xen_domctl_vcpuextstate, size, 16, 8);
ABI_MEMBER(struct xen_domctl_vcpuextstate, buffer, 24, 8);
ABI_SIZE(struct xen_domctl_vcpu_msr, 16, 8);
ABI_MEMBER(struct xen_domctl_vcpu_msr, index, 0, 4);
ABI_MEMBER(struct xen_domctl_vcpu_msr, reserved, 4, 4);
ABI_MEMBER(struct xen_domctl_vcpu_msr, value, 8, 8);
ABI_SIZE(struct xen_domctl_vcpu_msrs, 16, 8);
ABI_MEMBER(struct xen_domctl_vcpu_msrs, vcpu, 0, 4);
ABI_MEMBER(struct xen_domctl_vcpu_msrs, msr_count, 4, 4);
ABI_MEMBER(struct xen_domctl_vcpu_msrs, msrs, 8, 8);
ABI_MEMBER(struct xen_domctl, u.getpageframeinfo3, 16, 16);
ABI_MEMBER(struct xen_domctl, u.shadow_op, 16, 40);
ABI_MEMBER(struct xen_domctl, u.ext_vcpucontext, 16, 64);
ABI_MEMBER(struct xen_domctl, u.vcpuextstate, 16, 32);
ABI_MEMBER(struct xen_domctl, u.vcpu_msrs, 16, 16);
