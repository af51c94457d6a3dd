/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The xeno developers
 *
 * xen_version(cmd, arg): version, build and feature queries.
 * Every sub-op returns 0 on success except XENVER_version and
 * XENVER_pagesize (which return the value) and the *2 / build_id ops
 * (which return a byte count).
 */
#ifndef XENO_PUBLIC_VERSION_H
#define XENO_PUBLIC_VERSION_H

#include "xen.h"
#include "features.h"

#define XENVER_version 0	     /* arg NULL; returns major << 16 | minor */
#define XENVER_extraversion 1	     /* arg xen_extraversion_t */
#define XENVER_compile_info 2	     /* arg struct xen_compile_info */
#define XENVER_capabilities 3	     /* arg xen_capabilities_info_t */
#define XENVER_changeset 4	     /* arg xen_changeset_info_t */
#define XENVER_platform_parameters 5 /* arg struct xen_platform_parameters */
#define XENVER_get_features 6	     /* arg struct xen_feature_info */
#define XENVER_pagesize 7	     /* arg NULL; returns page size */
#define XENVER_guest_handle 8	     /* arg xen_domain_handle_t */
#define XENVER_commandline 9	     /* arg xen_commandline_t */
/* Variable-length forms: arg struct xen_varbuf (NULL = query size). */
#define XENVER_build_id 10
#define XENVER_extraversion2 11
#define XENVER_capabilities2 12
#define XENVER_changeset2 13
#define XENVER_commandline2 14

#define XEN_EXTRAVERSION_LEN 16
#define XEN_CAPABILITIES_INFO_LEN 1024
#define XEN_CHANGESET_INFO_LEN 64
#define XEN_COMMANDLINE_LEN 1024

#ifndef __ASSEMBLER__

typedef char xen_extraversion_t[XEN_EXTRAVERSION_LEN];
typedef char xen_capabilities_info_t[XEN_CAPABILITIES_INFO_LEN];
typedef char xen_changeset_info_t[XEN_CHANGESET_INFO_LEN];
typedef char xen_commandline_t[XEN_COMMANDLINE_LEN];

struct xen_compile_info {
	char compiler[64];
	char compile_by[16];
	char compile_domain[32];
	char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;

/* 64-bit PV: reports HYPERVISOR_VIRT_START (of no real use); guests expect
 * this call not to fail. */
struct xen_platform_parameters {
	xen_ulong_t virt_start;
};
typedef struct xen_platform_parameters xen_platform_parameters_t;

struct xen_feature_info {
	uint32_t submap_idx; /* IN: which group of 32 XENFEAT_ bits */
	uint32_t submap;     /* OUT: the bits */
};
typedef struct xen_feature_info xen_feature_info_t;

/*
 * Header of a variable-length buffer: 'len' bytes of data follow it
 * directly (at offset 4).  IN: buffer size; the call returns the number of
 * bytes written.  Text is returned without a terminating NUL.
 */
struct xen_varbuf {
	uint32_t len;
	/* unsigned char buf[len] follows */
};
typedef struct xen_varbuf xen_varbuf_t;
#define XEN_VARBUF_DATA_OFFSET 4

/* Older name of the same layout, used by XENVER_build_id. */
struct xen_build_id {
	uint32_t len;
	/* unsigned char buf[len] follows */
};
typedef struct xen_build_id xen_build_id_t;

#endif /* !__ASSEMBLER__ */

#endif /* XENO_PUBLIC_VERSION_H */
