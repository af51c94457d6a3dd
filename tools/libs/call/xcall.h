/*
 * libxcall: hypercalls and foreign mappings of a dom0 program through
 * /dev/xen/privcmd, plus the few domctl wrappers the daemons need.
 *
 * A handle owns one page of hypercall-safe memory (xcall_buf: from
 * /dev/xen/hypercall, else locked anonymous memory): arguments the
 * hypervisor reads or writes must live there. Two backends share this
 * interface: linux.c (the devices) and fake.c (host tests, xcall_fake.h);
 * domctl.c sits on top of either.
 *
 * Errors are -errno (the hypervisor's -XEN_E* are Linux's numbers on x86).
 */
#ifndef TOOLS_LIBS_XCALL_H
#define TOOLS_LIBS_XCALL_H

#include <stddef.h>
#include <stdint.h>

#include "public/domctl.h"

#define XCALL_PAGE_SIZE 4096

struct xcall;

/* NULL with errno set when privcmd is missing. */
struct xcall *xcall_open(void);
void xcall_close(struct xcall *c);
/* The handle's page of hypercall-safe memory. */
void *xcall_buf(struct xcall *c);
/* The hypercall's result (>= 0) or -errno. */
long xcall_hypercall(struct xcall *c, unsigned int op, const uint64_t args[5]);
/* One frame of domid (an mfn for PV) read/write at a new address, or NULL + errno. */
void *xcall_map_foreign(struct xcall *c, uint16_t domid, uint64_t gfn);
int xcall_unmap_foreign(struct xcall *c, void *addr);
/* n frames of domid at consecutive addresses (one MMAPBATCH), or NULL + errno
 * (any frame refused: nothing stays mapped). Unmap with xcall_unmap_range. */
void *xcall_map_foreign_range(struct xcall *c, uint16_t domid, const uint64_t *gfns, size_t n);
int xcall_unmap_range(struct xcall *c, void *addr, size_t n);
/* The same, mapped read-only (page-table frames cannot be mapped writable). */
void *xcall_map_foreign_range_ro(struct xcall *c, uint16_t domid, const uint64_t *gfns, size_t n);

/* domctl.c. XEN_DOMCTL_getdomaininfo: the first domain >= domid ("next"
 * semantics: compare info->domain). 0 or -errno. */
int xcall_getdomaininfo(struct xcall *c, uint16_t domid, struct xen_domctl_getdomaininfo *info);

#endif /* TOOLS_LIBS_XCALL_H */
