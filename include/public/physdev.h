/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The xeno developers
 *
 * physdev_op(cmd, arg): I/O privilege, physical IRQs, PCI devices.
 * (physdev_op_compat(struct physdev_op *) is the legacy form.)
 */
#ifndef XENO_PUBLIC_PHYSDEV_H
#define XENO_PUBLIC_PHYSDEV_H

#include "xen.h"

#define PHYSDEVOP_IRQ_UNMASK_NOTIFY 4  /* obsolete, unsupported */
#define PHYSDEVOP_irq_status_query 5   /* struct physdev_irq_status_query */
#define PHYSDEVOP_set_iopl 6	       /* struct physdev_set_iopl */
#define PHYSDEVOP_set_iobitmap 7       /* struct physdev_set_iobitmap */
#define PHYSDEVOP_apic_read 8	       /* struct physdev_apic */
#define PHYSDEVOP_apic_write 9	       /* struct physdev_apic */
#define PHYSDEVOP_alloc_irq_vector 10  /* struct physdev_irq */
#define PHYSDEVOP_free_irq_vector 11   /* struct physdev_irq */
#define PHYSDEVOP_eoi 12	       /* struct physdev_eoi */
#define PHYSDEVOP_map_pirq 13	       /* struct physdev_map_pirq */
#define PHYSDEVOP_unmap_pirq 14	       /* struct physdev_unmap_pirq */
#define PHYSDEVOP_manage_pci_add 15    /* struct physdev_manage_pci */
#define PHYSDEVOP_manage_pci_remove 16 /* struct physdev_manage_pci */
#define PHYSDEVOP_pirq_eoi_gmfn_v1 17  /* struct physdev_pirq_eoi_gmfn */
/* 18 unused */
#define PHYSDEVOP_restore_msi 19	/* struct physdev_restore_msi */
#define PHYSDEVOP_manage_pci_add_ext 20 /* struct physdev_manage_pci_ext */
#define PHYSDEVOP_setup_gsi 21		/* struct physdev_setup_gsi */
/* 22 unused */
#define PHYSDEVOP_get_free_pirq 23	/* struct physdev_get_free_pirq */
#define PHYSDEVOP_pci_mmcfg_reserved 24 /* struct physdev_pci_mmcfg_reserved */
#define PHYSDEVOP_pci_device_add 25	/* struct physdev_pci_device_add */
#define PHYSDEVOP_pci_device_remove 26	/* struct physdev_pci_device */
#define PHYSDEVOP_restore_msi_ext 27	/* struct physdev_pci_device */
#define PHYSDEVOP_pirq_eoi_gmfn_v2 28	/* struct physdev_pirq_eoi_gmfn */
#define PHYSDEVOP_dbgp_op 29		/* struct physdev_dbgp_op */
#define PHYSDEVOP_prepare_msix 30	/* struct physdev_pci_device */
#define PHYSDEVOP_release_msix 31	/* struct physdev_pci_device */
#define PHYSDEVOP_pci_device_reset 32	/* struct pci_device_reset */

/* Name used by current guests. */
#define PHYSDEVOP_pirq_eoi_gmfn PHYSDEVOP_pirq_eoi_gmfn_v2

/* physdev_irq_status_query.flags */
#define _XENIRQSTAT_needs_eoi 0 /* PHYSDEVOP_eoi required */
#define XENIRQSTAT_needs_eoi (1U << _XENIRQSTAT_needs_eoi)
#define _XENIRQSTAT_shared 1 /* shared with other domains */
#define XENIRQSTAT_shared (1U << _XENIRQSTAT_shared)

/* physdev_map_pirq.type */
#define MAP_PIRQ_TYPE_MSI 0x0
#define MAP_PIRQ_TYPE_GSI 0x1
#define MAP_PIRQ_TYPE_UNKNOWN 0x2
#define MAP_PIRQ_TYPE_MSI_SEG 0x3
#define MAP_PIRQ_TYPE_MULTI_MSI 0x4

/* physdev_pci_mmcfg_reserved.flags */
#define XEN_PCI_MMCFG_RESERVED 0x1

/* physdev_pci_device_add.flags */
#define XEN_PCI_DEV_EXTFN 0x1
#define XEN_PCI_DEV_VIRTFN 0x2
#define XEN_PCI_DEV_PXM 0x4 /* optarr[0] holds the PXM */

/* pci_device_reset.flags */
#define PCI_DEVICE_RESET_COLD 0x0
#define PCI_DEVICE_RESET_WARM 0x1
#define PCI_DEVICE_RESET_HOT 0x2
#define PCI_DEVICE_RESET_FLR 0x3
#define PCI_DEVICE_RESET_MASK 0x3

/* physdev_dbgp_op.op / .bus */
#define PHYSDEVOP_DBGP_RESET_PREPARE 1
#define PHYSDEVOP_DBGP_RESET_DONE 2
#define PHYSDEVOP_DBGP_BUS_UNKNOWN 0
#define PHYSDEVOP_DBGP_BUS_PCI 1

#ifndef __ASSEMBLER__

struct physdev_eoi {
	uint32_t irq; /* IN: pirq */
};
typedef struct physdev_eoi physdev_eoi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_eoi_t);

/* Register a page used as a bitmap (by pirq) of "EOI needed".  v1 also
 * makes PHYSDEVOP_eoi unmask the event channel; v2 does not. */
struct physdev_pirq_eoi_gmfn {
	xen_pfn_t gmfn; /* IN */
};
typedef struct physdev_pirq_eoi_gmfn physdev_pirq_eoi_gmfn_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pirq_eoi_gmfn_t);

struct physdev_irq_status_query {
	uint32_t irq;	/* IN */
	uint32_t flags; /* OUT: XENIRQSTAT_* */
};
typedef struct physdev_irq_status_query physdev_irq_status_query_t;
DEFINE_XEN_GUEST_HANDLE(physdev_irq_status_query_t);

/* Virtual IOPL of the calling vCPU (0..3). */
struct physdev_set_iopl {
	uint32_t iopl; /* IN */
};
typedef struct physdev_set_iopl physdev_set_iopl_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iopl_t);

/* I/O permission bitmap of the calling vCPU (TSS semantics: a set bit
 * denies the port).  Two bytes are always read when nr_ports != 0. */
struct physdev_set_iobitmap {
	XEN_GUEST_HANDLE(uint8) bitmap; /* IN */
	uint32_t nr_ports;		/* IN */
};
typedef struct physdev_set_iobitmap physdev_set_iobitmap_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iobitmap_t);

struct physdev_apic {
	uint64_t apic_physbase; /* IN: IO-APIC base address */
	uint32_t reg;		/* IN */
	uint32_t value;		/* IN (write) / OUT (read) */
};
typedef struct physdev_apic physdev_apic_t;
DEFINE_XEN_GUEST_HANDLE(physdev_apic_t);

struct physdev_irq {
	uint32_t irq;	 /* IN */
	uint32_t vector; /* IN (free) / OUT (alloc) */
};
typedef struct physdev_irq physdev_irq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_irq_t);

struct physdev_map_pirq {
	domid_t domid;
	uint16_t pad;
	int32_t type;	  /* IN: MAP_PIRQ_TYPE_* */
	int32_t index;	  /* IN: GSI or MSI-X entry (not MULTI_MSI) */
	int32_t pirq;	  /* IN/OUT */
	int32_t bus;	  /* IN; bits 16+ = segment for *_MSI_SEG/MULTI */
	int32_t devfn;	  /* IN */
	int32_t entry_nr; /* IN (OUT for MULTI_MSI) */
	uint32_t pad2;
	uint64_t table_base; /* IN: MSI-X table address */
};
typedef struct physdev_map_pirq physdev_map_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_map_pirq_t);

struct physdev_unmap_pirq {
	domid_t domid;
	uint16_t pad;
	int32_t pirq; /* IN */
};
typedef struct physdev_unmap_pirq physdev_unmap_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_unmap_pirq_t);

struct physdev_manage_pci {
	uint8_t bus;   /* IN */
	uint8_t devfn; /* IN */
};
typedef struct physdev_manage_pci physdev_manage_pci_t;
DEFINE_XEN_GUEST_HANDLE(physdev_manage_pci_t);

struct physdev_restore_msi {
	uint8_t bus;   /* IN */
	uint8_t devfn; /* IN */
};
typedef struct physdev_restore_msi physdev_restore_msi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_restore_msi_t);

struct physdev_pci_physfn {
	uint8_t bus;
	uint8_t devfn;
};

struct physdev_manage_pci_ext {
	uint8_t bus;   /* IN */
	uint8_t devfn; /* IN */
	uint16_t pad;
	uint32_t is_extfn;		  /* IN */
	uint32_t is_virtfn;		  /* IN */
	struct physdev_pci_physfn physfn; /* IN (virtual functions) */
};
typedef struct physdev_manage_pci_ext physdev_manage_pci_ext_t;
DEFINE_XEN_GUEST_HANDLE(physdev_manage_pci_ext_t);

/* Argument of the legacy physdev_op_compat hypercall. */
struct physdev_op {
	uint32_t cmd; /* PHYSDEVOP_* */
	uint32_t pad;
	union {
		physdev_irq_status_query_t irq_status_query;
		physdev_set_iopl_t set_iopl;
		physdev_set_iobitmap_t set_iobitmap;
		physdev_apic_t apic_op;
		physdev_irq_t irq_op;
	} u;
};
typedef struct physdev_op physdev_op_t;
DEFINE_XEN_GUEST_HANDLE(physdev_op_t);

struct physdev_setup_gsi {
	int32_t gsi;	    /* IN */
	uint8_t triggering; /* IN */
	uint8_t polarity;   /* IN */
};
typedef struct physdev_setup_gsi physdev_setup_gsi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_setup_gsi_t);

struct physdev_get_free_pirq {
	int32_t type;  /* IN: MAP_PIRQ_TYPE_GSI or _MSI */
	uint32_t pirq; /* OUT */
};
typedef struct physdev_get_free_pirq physdev_get_free_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_get_free_pirq_t);

struct physdev_pci_mmcfg_reserved {
	uint64_t address;
	uint16_t segment;
	uint8_t start_bus;
	uint8_t end_bus;
	uint32_t flags; /* XEN_PCI_MMCFG_* */
};
typedef struct physdev_pci_mmcfg_reserved physdev_pci_mmcfg_reserved_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_mmcfg_reserved_t);

/*
 * Fixed part (12 bytes); optional uint32_t parameters follow directly
 * (optarr[0] = PXM when XEN_PCI_DEV_PXM is set).
 */
struct physdev_pci_device_add {
	uint16_t seg;			  /* IN */
	uint8_t bus;			  /* IN */
	uint8_t devfn;			  /* IN */
	uint32_t flags;			  /* IN: XEN_PCI_DEV_* */
	struct physdev_pci_physfn physfn; /* IN */
					  /* uint32_t optarr[] follows at offset 12 */
};
typedef struct physdev_pci_device_add physdev_pci_device_add_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_device_add_t);
#define PHYSDEV_PCI_DEVICE_ADD_OPTARR_OFFSET 12

struct physdev_pci_device {
	uint16_t seg;  /* IN */
	uint8_t bus;   /* IN */
	uint8_t devfn; /* IN */
};
typedef struct physdev_pci_device physdev_pci_device_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_device_t);

struct pci_device_reset {
	physdev_pci_device_t dev;
	uint32_t flags; /* PCI_DEVICE_RESET_* */
};

struct physdev_dbgp_op {
	uint8_t op;  /* IN: PHYSDEVOP_DBGP_RESET_* */
	uint8_t bus; /* IN: PHYSDEVOP_DBGP_BUS_* */
	union {
		physdev_pci_device_t pci;
	} u;
};
typedef struct physdev_dbgp_op physdev_dbgp_op_t;
DEFINE_XEN_GUEST_HANDLE(physdev_dbgp_op_t);

#endif /* !__ASSEMBLER__ */

#endif /* XENO_PUBLIC_PHYSDEV_H */
