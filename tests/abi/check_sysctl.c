/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The xeno developers */
/*
 * Layout of struct xen_sysctl (include/public/sysctl.h) and its sub-op
 * numbers, as in Xen 4.17's public sysctl.h (read for the facts, not
 * copied): cmd and interface_version, then a 128-byte union aligned to 8.
 */
#include <stddef.h>
#include <public/sysctl.h>

_Static_assert(XEN_SYSCTL_INTERFACE_VERSION == 0x15, "sysctl interface version");
_Static_assert(sizeof(struct xen_sysctl) == 136, "xen_sysctl: size");
_Static_assert(_Alignof(struct xen_sysctl) == 8, "xen_sysctl: alignment");
_Static_assert(offsetof(struct xen_sysctl, cmd) == 0, "xen_sysctl.cmd");
_Static_assert(offsetof(struct xen_sysctl, interface_version) == 4, "xen_sysctl.interface_version");
_Static_assert(offsetof(struct xen_sysctl, u) == 8, "xen_sysctl.u");
_Static_assert(sizeof(((struct xen_sysctl *)0)->u) == 128, "xen_sysctl.u: size");
_Static_assert(XEN_SYSCTL_readconsole == 1 && XEN_SYSCTL_physinfo == 3, "sysctl numbers");
_Static_assert(XEN_SYSCTL_getdomaininfolist == 6 && XEN_SYSCTL_pm_op == 12, "sysctl numbers");
_Static_assert(XEN_SYSCTL_page_offline_op == 14 && XEN_SYSCTL_psr_alloc == 23, "sysctl numbers");
_Static_assert(XEN_SYSCTL_get_cpu_levelling_caps == 25 && XEN_SYSCTL_get_cpu_policy == 29,
	       "sysctl numbers");
