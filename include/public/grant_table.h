/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The xeno developers
 *
 * Grant tables: a domain lists, in pages it shares with the hypervisor,
 * which of its frames other domains may map, copy or transfer into.
 * grant_table_op(cmd, args, count): args is an array of 'count' structs of
 * the type for 'cmd'.
 *
 * Guest protocol for a v1 entry: write domid and frame, then a write
 * barrier, then flags (with the type).  Revoke an unused permit_access
 * entry with a compare-and-swap of flags to 0 that fails if
 * GTF_reading/GTF_writing are set.
 */
#ifndef XENO_PUBLIC_GRANT_TABLE_H
#define XENO_PUBLIC_GRANT_TABLE_H

#include "xen.h"

/* Entries preserved across version switches, pre-filled by the tools. */
#define GNTTAB_NR_RESERVED_ENTRIES 8
#define GNTTAB_RESERVED_CONSOLE 0
#define GNTTAB_RESERVED_XENSTORE 1

/* Entry type: flags[1:0]. */
#define GTF_invalid (0U << 0)
#define GTF_permit_access (1U << 0)   /* domid may map/access frame */
#define GTF_accept_transfer (2U << 0) /* domid may transfer a page in */
#define GTF_transitive (3U << 0)      /* v2: re-grant of another gref */
#define GTF_type_mask (3U << 0)

/* Flags for permit_access (and transitive). [G] = guest-written,
 * [H] = hypervisor-written. */
#define _GTF_readonly 2 /* [G] mappings must be read-only */
#define GTF_readonly (1U << _GTF_readonly)
#define _GTF_reading 3 /* [H] in use for reading */
#define GTF_reading (1U << _GTF_reading)
#define _GTF_writing 4 /* [H] in use for writing */
#define GTF_writing (1U << _GTF_writing)
#define _GTF_PWT 5 /* [G] cache attributes for */
#define GTF_PWT (1U << _GTF_PWT)
#define _GTF_PCD 6 /*     mappings of the grant */
#define GTF_PCD (1U << _GTF_PCD)
#define _GTF_PAT 7
#define GTF_PAT (1U << _GTF_PAT)
#define _GTF_sub_page 8 /* [G] v2: copy-only byte range */
#define GTF_sub_page (1U << _GTF_sub_page)

/* Flags for accept_transfer. */
#define _GTF_transfer_committed 2 /* [H] don't touch the entry */
#define GTF_transfer_committed (1U << _GTF_transfer_committed)
#define _GTF_transfer_completed 3 /* [H] frame field now valid */
#define GTF_transfer_completed (1U << _GTF_transfer_completed)

/* Sub-ops. */
#define GNTTABOP_map_grant_ref 0     /* struct gnttab_map_grant_ref */
#define GNTTABOP_unmap_grant_ref 1   /* struct gnttab_unmap_grant_ref */
#define GNTTABOP_setup_table 2	     /* struct gnttab_setup_table */
#define GNTTABOP_dump_table 3	     /* struct gnttab_dump_table */
#define GNTTABOP_transfer 4	     /* struct gnttab_transfer */
#define GNTTABOP_copy 5		     /* struct gnttab_copy */
#define GNTTABOP_query_size 6	     /* struct gnttab_query_size */
#define GNTTABOP_unmap_and_replace 7 /* struct gnttab_unmap_and_replace */
#define GNTTABOP_set_version 8	     /* struct gnttab_set_version */
#define GNTTABOP_get_status_frames 9 /* struct gnttab_get_status_frames */
#define GNTTABOP_get_version 10	     /* struct gnttab_get_version */
#define GNTTABOP_swap_grant_ref 11   /* struct gnttab_swap_grant_ref */
#define GNTTABOP_cache_flush 12	     /* struct gnttab_cache_flush */

/* gnttab_copy.flags */
#define _GNTCOPY_source_gref 0 /* source.u is a gref, else a gmfn */
#define GNTCOPY_source_gref (1 << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref 1 /* dest.u is a gref, else a gmfn */
#define GNTCOPY_dest_gref (1 << _GNTCOPY_dest_gref)

/* gnttab_cache_flush.op */
#define GNTTAB_CACHE_CLEAN (1u << 0)
#define GNTTAB_CACHE_INVAL (1u << 1)
#define GNTTAB_CACHE_SOURCE_GREF (1u << 31)

/* gnttab_map_grant_ref.flags */
#define _GNTMAP_device_map 0 /* map for device (bus address) access */
#define GNTMAP_device_map (1 << _GNTMAP_device_map)
#define _GNTMAP_host_map 1 /* map for CPU access */
#define GNTMAP_host_map (1 << _GNTMAP_host_map)
#define _GNTMAP_readonly 2
#define GNTMAP_readonly (1 << _GNTMAP_readonly)
#define _GNTMAP_application_map 3 /* host mapping is user-accessible */
#define GNTMAP_application_map (1 << _GNTMAP_application_map)
#define _GNTMAP_contains_pte                       \
	4 /* host_addr is a PTE's machine address, \
	     not a virtual address */
#define GNTMAP_contains_pte (1 << _GNTMAP_contains_pte)
/* Bits 16..31 are copied into the PTE's software-available bits
 * (XENFEAT_gnttab_map_avail_bits). */
#define _GNTMAP_guest_avail0 16
#define GNTMAP_guest_avail_mask 0xFFFF0000U

/* Per-operation status codes (all errors are negative). */
#define GNTST_okay 0
#define GNTST_general_error (-1)
#define GNTST_bad_domain (-2)
#define GNTST_bad_gntref (-3)
#define GNTST_bad_handle (-4)
#define GNTST_bad_virt_addr (-5)
#define GNTST_bad_dev_addr (-6)
#define GNTST_no_device_space (-7)
#define GNTST_permission_denied (-8)
#define GNTST_bad_page (-9)
#define GNTST_bad_copy_arg (-10) /* copy crosses a page boundary */
#define GNTST_address_too_big (-11)
#define GNTST_eagain (-12)
#define GNTST_no_space (-13)

#ifndef __ASSEMBLER__

typedef uint32_t grant_ref_t;	 /* index into a grant table */
typedef uint32_t grant_handle_t; /* names an established mapping */
typedef uint16_t grant_status_t; /* v2 status-frame entry */

/* Version 1 entry (8 bytes). */
struct grant_entry_v1 {
	uint16_t flags; /* GTF_* */
	domid_t domid;	/* grantee */
	uint32_t frame; /* permit: granted GFN; transfer: MFN written by
			   the hypervisor on completion */
};
typedef struct grant_entry_v1 grant_entry_v1_t;

/* Version 2 entry (16 bytes); status bits live in separate frames. */
struct grant_entry_header {
	uint16_t flags;
	domid_t domid;
};
typedef struct grant_entry_header grant_entry_header_t;

struct grant_entry_v2_full_page {
	grant_entry_header_t hdr;
	uint32_t pad0;
	uint64_t frame;
};
struct grant_entry_v2_sub_page {
	grant_entry_header_t hdr;
	uint16_t page_off;
	uint16_t length;
	uint64_t frame;
};
struct grant_entry_v2_transitive {
	grant_entry_header_t hdr;
	domid_t trans_domid;
	uint16_t pad0;
	grant_ref_t gref;
};
union grant_entry_v2 {
	grant_entry_header_t hdr;
	struct grant_entry_v2_full_page full_page;
	struct grant_entry_v2_sub_page sub_page;
	struct grant_entry_v2_transitive transitive;
	uint32_t _spacer[4]; /* size = 16 */
};
typedef union grant_entry_v2 grant_entry_v2_t;

struct gnttab_map_grant_ref {
	uint64_t host_addr;    /* IN: VA, or PTE MA with GNTMAP_contains_pte */
	uint32_t flags;	       /* IN: GNTMAP_* */
	grant_ref_t ref;       /* IN */
	domid_t dom;	       /* IN: granting domain */
	int16_t status;	       /* OUT: GNTST_* */
	grant_handle_t handle; /* OUT */
	uint64_t dev_bus_addr; /* OUT (GNTMAP_device_map) */
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_map_grant_ref_t);

struct gnttab_unmap_grant_ref {
	uint64_t host_addr;    /* IN: 0 = ignore */
	uint64_t dev_bus_addr; /* IN: 0 = ignore */
	grant_handle_t handle; /* IN */
	int16_t status;	       /* OUT */
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_grant_ref_t);

/* Size the table of 'dom' to at least nr_frames and return the frames. */
struct gnttab_setup_table {
	domid_t dom; /* IN */
	uint16_t pad;
	uint32_t nr_frames; /* IN */
	int16_t status;	    /* OUT */
	uint16_t pad2[3];
	XEN_GUEST_HANDLE(xen_pfn_t) frame_list; /* OUT: nr_frames entries */
};
typedef struct gnttab_setup_table gnttab_setup_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_setup_table_t);

struct gnttab_dump_table {
	domid_t dom;	/* IN */
	int16_t status; /* OUT */
};
typedef struct gnttab_dump_table gnttab_dump_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_dump_table_t);

/* Give page 'mfn' away to <domid, ref> (PV only). */
struct gnttab_transfer {
	xen_pfn_t mfn; /* IN */
	domid_t domid; /* IN */
	uint16_t pad;
	grant_ref_t ref; /* IN */
	int16_t status;	 /* OUT */
};
typedef struct gnttab_transfer gnttab_transfer_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_transfer_t);

struct gnttab_copy_ptr {
	union {
		grant_ref_t ref;
		xen_pfn_t gmfn;
	} u;
	domid_t domid;
	uint16_t offset;
};
struct gnttab_copy {
	struct gnttab_copy_ptr source; /* IN */
	struct gnttab_copy_ptr dest;   /* IN */
	uint16_t len;		       /* IN: bytes, within one page */
	uint16_t flags;		       /* IN: GNTCOPY_* */
	int16_t status;		       /* OUT */
};
typedef struct gnttab_copy gnttab_copy_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_copy_t);

struct gnttab_query_size {
	domid_t dom; /* IN */
	uint16_t pad;
	uint32_t nr_frames;	/* OUT */
	uint32_t max_nr_frames; /* OUT */
	int16_t status;		/* OUT */
};
typedef struct gnttab_query_size gnttab_query_size_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_query_size_t);

/* Unmap, pointing the PTE at new_addr's frame instead (new_addr itself is
 * then zapped). */
struct gnttab_unmap_and_replace {
	uint64_t host_addr;    /* IN */
	uint64_t new_addr;     /* IN */
	grant_handle_t handle; /* IN */
	int16_t status;	       /* OUT */
};
typedef struct gnttab_unmap_and_replace gnttab_unmap_and_replace_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_and_replace_t);

struct gnttab_set_version {
	uint32_t version; /* IN: 1 or 2; OUT: version in effect */
};
typedef struct gnttab_set_version gnttab_set_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_set_version_t);

struct gnttab_get_status_frames {
	uint32_t nr_frames;		       /* IN */
	domid_t dom;			       /* IN */
	int16_t status;			       /* OUT */
	XEN_GUEST_HANDLE(uint64_t) frame_list; /* OUT */
};
typedef struct gnttab_get_status_frames gnttab_get_status_frames_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_status_frames_t);

struct gnttab_get_version {
	domid_t dom; /* IN */
	uint16_t pad;
	uint32_t version; /* OUT */
};
typedef struct gnttab_get_version gnttab_get_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_version_t);

struct gnttab_swap_grant_ref {
	grant_ref_t ref_a; /* IN */
	grant_ref_t ref_b; /* IN */
	int16_t status;	   /* OUT */
};
typedef struct gnttab_swap_grant_ref gnttab_swap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_swap_grant_ref_t);

struct gnttab_cache_flush {
	union {
		uint64_t dev_bus_addr;
		grant_ref_t ref;
	} a;
	uint16_t offset; /* within the grant */
	uint16_t length;
	uint32_t op; /* GNTTAB_CACHE_* */
};
typedef struct gnttab_cache_flush gnttab_cache_flush_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_cache_flush_t);

#endif /* !__ASSEMBLER__ */

#endif /* XENO_PUBLIC_GRANT_TABLE_H */
