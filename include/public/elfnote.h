/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The xeno developers
 *
 * Types of the ELF notes (owner name "Xen") a PV kernel carries in a PT_NOTE
 * segment.  Numeric payloads are 4 or 8 bytes; strings are NUL-terminated.
 */
#ifndef XENO_PUBLIC_ELFNOTE_H
#define XENO_PUBLIC_ELFNOTE_H

#define XEN_ELFNOTE_INFO 0		  /* string: NAME=VALUE */
#define XEN_ELFNOTE_ENTRY 1		  /* num: entry point VA */
#define XEN_ELFNOTE_HYPERCALL_PAGE 2	  /* num: VA of the hypercall page */
#define XEN_ELFNOTE_VIRT_BASE 3		  /* num: VA where pfn 0 is mapped */
#define XEN_ELFNOTE_PADDR_OFFSET 4	  /* num: p_paddr bias (default 0) */
#define XEN_ELFNOTE_XEN_VERSION 5	  /* string: e.g. "xen-3.0" */
#define XEN_ELFNOTE_GUEST_OS 6		  /* string: e.g. "linux" */
#define XEN_ELFNOTE_GUEST_VERSION 7	  /* string */
#define XEN_ELFNOTE_LOADER 8		  /* string: e.g. "generic" */
#define XEN_ELFNOTE_PAE_MODE 9		  /* string: 32-bit only */
#define XEN_ELFNOTE_FEATURES 10		  /* string: "a|!b|..." (XENFEAT_ names) */
#define XEN_ELFNOTE_BSD_SYMTAB 11	  /* string: "yes"/"no" */
#define XEN_ELFNOTE_HV_START_LOW 12	  /* num: lowest start of the hole */
#define XEN_ELFNOTE_L1_MFN_VALID 13	  /* num pairs: mask, value */
#define XEN_ELFNOTE_SUSPEND_CANCEL 14	  /* num: cooperative suspend cancel */
#define XEN_ELFNOTE_INIT_P2M 15		  /* num: VA for the initial p2m */
#define XEN_ELFNOTE_MOD_START_PFN 16	  /* num: initrd may be passed as PFN */
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17 /* num: XENFEAT_ bitmap */
#define XEN_ELFNOTE_PHYS32_ENTRY 18	  /* num: PVH 32-bit entry (ignored for PV) */
#define XEN_ELFNOTE_PHYS32_RELOC 19	  /* num[0..3]: PVH relocation limits */
#define XEN_ELFNOTE_MAX XEN_ELFNOTE_PHYS32_RELOC

/* Notes written into crash dumps / core files (not read from kernels). */
#define XEN_ELFNOTE_CRASH_INFO 0x1000001
#define XEN_ELFNOTE_CRASH_REGS 0x1000002
#define XEN_ELFNOTE_DUMPCORE_NONE 0x2000000
#define XEN_ELFNOTE_DUMPCORE_HEADER 0x2000001
#define XEN_ELFNOTE_DUMPCORE_XEN_VERSION 0x2000002
#define XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION 0x2000003

#endif /* XENO_PUBLIC_ELFNOTE_H */
