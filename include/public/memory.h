/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The xeno developers
 *
 * memory_op(cmd, arg): memory reservation, physmap and memory-map queries.
 */
#ifndef XENO_PUBLIC_MEMORY_H
#define XENO_PUBLIC_MEMORY_H

#include "xen.h"
#include "physdev.h"

#define XENMEM_increase_reservation 0 /* struct xen_memory_reservation */
#define XENMEM_decrease_reservation 1 /* struct xen_memory_reservation */
#define XENMEM_maximum_ram_page 2     /* arg NULL; returns max MFN */
#define XENMEM_current_reservation 3  /* struct xen_memory_domain */
#define XENMEM_maximum_reservation 4  /* struct xen_memory_domain */
#define XENMEM_machphys_mfn_list 5    /* struct xen_machphys_mfn_list */
#define XENMEM_populate_physmap 6     /* struct xen_memory_reservation */
#define XENMEM_add_to_physmap 7	      /* struct xen_add_to_physmap */
/* 8 was translate_gpfn_list (removed). */
#define XENMEM_memory_map 9		     /* struct xen_memory_map */
#define XENMEM_machine_memory_map 10	     /* struct xen_memory_map */
#define XENMEM_exchange 11		     /* struct xen_memory_exchange */
#define XENMEM_machphys_mapping 12	     /* struct xen_machphys_mapping */
#define XENMEM_set_memory_map 13	     /* struct xen_foreign_memory_map */
#define XENMEM_maximum_gpfn 14		     /* struct xen_memory_domain */
#define XENMEM_remove_from_physmap 15	     /* struct xen_remove_from_physmap */
#define XENMEM_set_pod_target 16	     /* struct xen_pod_target */
#define XENMEM_get_pod_target 17	     /* struct xen_pod_target */
#define XENMEM_get_sharing_freed_pages 18    /* tools */
#define XENMEM_get_sharing_shared_pages 19   /* tools */
#define XENMEM_paging_op 20		     /* tools */
#define XENMEM_access_op 21		     /* tools */
#define XENMEM_sharing_op 22		     /* tools */
#define XENMEM_add_to_physmap_batch 23	     /* struct xen_add_to_physmap_batch */
#define XENMEM_claim_pages 24		     /* struct xen_memory_reservation */
#define XENMEM_machphys_compat_mfn_list 25   /* struct xen_machphys_mfn_list */
#define XENMEM_get_vnumainfo 26		     /* struct xen_vnuma_topology_info */
#define XENMEM_reserved_device_memory_map 27 /* struct xen_reserved_device_memory_map */
#define XENMEM_acquire_resource 28	     /* struct xen_mem_acquire_resource */

/* xen_memory_reservation.mem_flags */
#define XENMEMF_address_bits(x) (x) /* bits 0-7: max address width, 0 = any */
#define XENMEMF_get_address_bits(x) ((x)&0xffu)
#define XENMEMF_node(n) (((n) + 1) << 8) /* bits 8-15: NUMA node + 1 */
#define XENMEMF_get_node(x) ((((x) >> 8) - 1) & 0xffu)
#define XENMEMF_populate_on_demand (1 << 16)
#define XENMEMF_exact_node_request (1 << 17)
#define XENMEMF_exact_node(n) (XENMEMF_node(n) | XENMEMF_exact_node_request)
#define XENMEMF_vnode (1 << 18) /* node is a virtual node */

/* Physmap source spaces. */
#define XENMAPSPACE_shared_info 0
#define XENMAPSPACE_grant_table 1 /* idx | XENMAPIDX_grant_table_status for v2 status */
#define XENMAPSPACE_gmfn 2
#define XENMAPSPACE_gmfn_range 3   /* add_to_physmap only */
#define XENMAPSPACE_gmfn_foreign 4 /* add_to_physmap_batch only */
#define XENMAPSPACE_dev_mmio 5	   /* Arm only */
#define XENMAPIDX_grant_table_status 0x80000000U

/* xen_reserved_device_memory_map.flags */
#define XENMEM_RDM_ALL 1

/* xen_mem_acquire_resource.type / id / frame */
#define XENMEM_resource_ioreq_server 0
#define XENMEM_resource_grant_table 1
#define XENMEM_resource_vmtrace_buf 2
#define XENMEM_resource_grant_table_id_shared 0
#define XENMEM_resource_grant_table_id_status 1
#define XENMEM_resource_ioreq_server_frame_bufioreq 0
#define XENMEM_resource_ioreq_server_frame_ioreq(n) (1 + (n))

#ifndef __ASSEMBLER__

/*
 * increase/decrease_reservation, populate_physmap, claim_pages.
 * Returns the number of extents processed.
 */
struct xen_memory_reservation {
	XEN_GUEST_HANDLE(xen_pfn_t) extent_start; /* frame list (in or out) */
	xen_ulong_t nr_extents;
	uint32_t extent_order; /* each extent is 2^order pages */
	uint32_t mem_flags;    /* XENMEMF_* */
	domid_t domid;	       /* DOMID_SELF unless privileged */
};
typedef struct xen_memory_reservation xen_memory_reservation_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_reservation_t);

/*
 * Trade the 'in' extents for newly allocated 'out' extents (PV only).
 * Both describe the same number of pages.  nr_exchanged must be 0 on
 * entry; on return it counts the 'in' extents completed.
 */
struct xen_memory_exchange {
	struct xen_memory_reservation in;
	struct xen_memory_reservation out;
	xen_ulong_t nr_exchanged;
};
typedef struct xen_memory_exchange xen_memory_exchange_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_exchange_t);

struct xen_memory_domain {
	domid_t domid;
};

/* MFNs of the 2 MiB chunks that make up the M2P table. */
struct xen_machphys_mfn_list {
	uint32_t max_extents; /* IN: size of extent_start */
	uint32_t pad;
	XEN_GUEST_HANDLE(xen_pfn_t) extent_start; /* OUT */
	uint32_t nr_extents;			  /* OUT */
};
typedef struct xen_machphys_mfn_list xen_machphys_mfn_list_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mfn_list_t);

/* Where the read-only M2P is mapped in the guest's address space. */
struct xen_machphys_mapping {
	xen_ulong_t v_start;
	xen_ulong_t v_end;
	xen_ulong_t max_mfn; /* highest MFN that can be looked up */
};
typedef struct xen_machphys_mapping xen_machphys_mapping_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mapping_t);

struct xen_add_to_physmap {
	domid_t domid;
	uint16_t size;	 /* pages, for XENMAPSPACE_gmfn_range */
	uint32_t space;	 /* XENMAPSPACE_* */
	xen_ulong_t idx; /* index within the space */
	xen_pfn_t gpfn;	 /* where it appears in domid's physmap */
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_t);

struct xen_add_to_physmap_batch {
	domid_t domid;
	uint16_t space; /* XENMAPSPACE_* */
	uint16_t size;
	union {
		domid_t foreign_domid; /* XENMAPSPACE_gmfn_foreign */
		uint16_t res0;	       /* other spaces: 0 */
	} u;
	XEN_GUEST_HANDLE(xen_ulong_t) idxs;
	XEN_GUEST_HANDLE(xen_pfn_t) gpfns;
	XEN_GUEST_HANDLE(int) errs; /* OUT: per-entry error */
};
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_batch_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_batch_t);

struct xen_remove_from_physmap {
	domid_t domid;
	uint16_t pad[3];
	xen_pfn_t gpfn;
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_remove_from_physmap_t);

/*
 * E820-style memory map.  The buffer holds packed 20-byte entries:
 * uint64_t addr, uint64_t size, uint32_t type.
 * IN: capacity in entries; OUT: entries written.
 */
struct xen_memory_map {
	uint32_t nr_entries;
	uint32_t pad;
	XEN_GUEST_HANDLE(void) buffer;
};
typedef struct xen_memory_map xen_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_map_t);

/*
 * set_memory_map: the map domid's XENMEM_memory_map returns from now on
 * (the toolstack's, before the domain starts); at most 1024 entries.
 */
struct xen_foreign_memory_map {
	domid_t domid;
	uint16_t pad[3];
	struct xen_memory_map map;
};
typedef struct xen_foreign_memory_map xen_foreign_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_foreign_memory_map_t);

struct xen_pod_target {
	uint64_t target_pages;	  /* IN */
	uint64_t tot_pages;	  /* OUT */
	uint64_t pod_cache_pages; /* OUT */
	uint64_t pod_entries;	  /* OUT */
	domid_t domid;		  /* IN */
};
typedef struct xen_pod_target xen_pod_target_t;

struct xen_reserved_device_memory {
	xen_pfn_t start_pfn;
	xen_ulong_t nr_pages;
};
typedef struct xen_reserved_device_memory xen_reserved_device_memory_t;
DEFINE_XEN_GUEST_HANDLE(xen_reserved_device_memory_t);

struct xen_reserved_device_memory_map {
	uint32_t flags;	     /* IN: XENMEM_RDM_* */
	uint32_t nr_entries; /* IN/OUT (needed count on -ERANGE) */
	XEN_GUEST_HANDLE(xen_reserved_device_memory_t) buffer; /* OUT */
	union {
		physdev_pci_device_t pci;
	} dev; /* IN */
};
typedef struct xen_reserved_device_memory_map xen_reserved_device_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_reserved_device_memory_map_t);

struct xen_mem_acquire_resource {
	domid_t domid;				/* IN */
	uint16_t type;				/* IN: XENMEM_resource_* */
	uint32_t id;				/* IN: type-specific */
	uint32_t nr_frames;			/* IN/OUT (0 with NULL list: query size) */
	uint32_t pad;				/* must be 0 */
	uint64_t frame;				/* IN: first frame index */
	XEN_GUEST_HANDLE(xen_pfn_t) frame_list; /* IN/OUT */
};
typedef struct xen_mem_acquire_resource xen_mem_acquire_resource_t;
DEFINE_XEN_GUEST_HANDLE(xen_mem_acquire_resource_t);

/* vNUMA */
struct xen_vmemrange {
	uint64_t start;
	uint64_t end;
	uint32_t flags;
	uint32_t nid;
};
typedef struct xen_vmemrange xen_vmemrange_t;
DEFINE_XEN_GUEST_HANDLE(xen_vmemrange_t);

struct xen_vnuma_topology_info {
	domid_t domid; /* IN */
	uint16_t pad;
	uint32_t nr_vnodes;	/* IN/OUT */
	uint32_t nr_vcpus;	/* IN/OUT */
	uint32_t nr_vmemranges; /* IN/OUT */
	union {
		XEN_GUEST_HANDLE(uint) h;
		uint64_t pad;
	} vdistance; /* OUT */
	union {
		XEN_GUEST_HANDLE(uint) h;
		uint64_t pad;
	} vcpu_to_vnode; /* OUT */
	union {
		XEN_GUEST_HANDLE(xen_vmemrange_t) h;
		uint64_t pad;
	} vmemrange; /* OUT */
};
typedef struct xen_vnuma_topology_info xen_vnuma_topology_info_t;
DEFINE_XEN_GUEST_HANDLE(xen_vnuma_topology_info_t);

#endif /* !__ASSEMBLER__ */

#endif /* XENO_PUBLIC_MEMORY_H */
