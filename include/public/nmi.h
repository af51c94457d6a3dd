/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The xeno developers
 *
 * nmi_op(cmd, arg) and the NMI reason bits in arch_shared_info.nmi_reason.
 */
#ifndef XENO_PUBLIC_NMI_H
#define XENO_PUBLIC_NMI_H

#include "xen.h"

#define _XEN_NMIREASON_io_error 0 /* I/O check (port 0x61 bit 6) */
#define XEN_NMIREASON_io_error (XENO_UL(1) << _XEN_NMIREASON_io_error)
#define _XEN_NMIREASON_pci_serr 1 /* PCI SERR (port 0x61 bit 7) */
#define XEN_NMIREASON_pci_serr (XENO_UL(1) << _XEN_NMIREASON_pci_serr)
#define _XEN_NMIREASON_unknown 2 /* other hardware NMI */
#define XEN_NMIREASON_unknown (XENO_UL(1) << _XEN_NMIREASON_unknown)

#define XENNMI_register_callback 0   /* struct xennmi_callback; dom0 vCPU0 */
#define XENNMI_unregister_callback 1 /* arg NULL */

#ifndef __ASSEMBLER__

struct xennmi_callback {
	uint64_t handler_address;
	uint64_t pad;
};
typedef struct xennmi_callback xennmi_callback_t;
DEFINE_XEN_GUEST_HANDLE(xennmi_callback_t);

#endif /* !__ASSEMBLER__ */

#endif /* XENO_PUBLIC_NMI_H */
