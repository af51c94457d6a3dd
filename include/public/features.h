/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The xeno developers
 *
 * Feature bits reported by XENVER_get_features (submap 0) and named, without
 * the XENFEAT_ prefix, in the guest's XEN_ELFNOTE_FEATURES string ('!'
 * before a name marks it as required) or as bits in
 * XEN_ELFNOTE_SUPPORTED_FEATURES.
 */
#ifndef XENO_PUBLIC_FEATURES_H
#define XENO_PUBLIC_FEATURES_H

#define XENFEAT_writable_page_tables 0	     /* PTs writable, no RO rule */
#define XENFEAT_writable_descriptor_tables 1 /* GDT/LDT writable directly */
#define XENFEAT_auto_translated_physmap 2    /* hypervisor does p2m (not PV) */
#define XENFEAT_supervisor_mode_kernel 3     /* guest kernel in ring 0 */
#define XENFEAT_pae_pgdir_above_4gb 4	     /* PAE L3 may be above 4 GiB */
#define XENFEAT_mmu_pt_update_preserve_ad 5  /* MMU_PT_UPDATE_PRESERVE_AD */
#define XENFEAT_highmem_assist 6	     /* MMUEXT_CLEAR/COPY_PAGE */
#define XENFEAT_gnttab_map_avail_bits 7	     /* GNTMAP_guest_avail bits honoured */
#define XENFEAT_hvm_callback_vector 8	     /* HVM */
#define XENFEAT_hvm_safe_pvclock 9	     /* HVM */
#define XENFEAT_hvm_pirqs 10		     /* HVM */
#define XENFEAT_dom0 11			     /* guest can run as dom0 */
/* 12 was grant_map_identity (deprecated, never to be reused). */
#define XENFEAT_memory_op_vnode_supported 13 /* XENMEMF_vnode accepted */
#define XENFEAT_ARM_SMCCC_supported 14	     /* Arm */
#define XENFEAT_linux_rsdp_unrestricted 15   /* PVH: RSDP may be anywhere */
#define XENFEAT_not_direct_mapped 16
#define XENFEAT_direct_mapped 17
#define XENFEAT_runstate_phys_area 18  /* VCPUOP_register_runstate_phys_area */
#define XENFEAT_vcpu_time_phys_area 19 /* VCPUOP_register_vcpu_time_phys_area */
#define XENFEAT_dm_msix_all_writes 20  /* device models */

/* Number of 32-bit submaps XENVER_get_features knows about. */
#define XENFEAT_NR_SUBMAPS 1

#endif /* XENO_PUBLIC_FEATURES_H */
