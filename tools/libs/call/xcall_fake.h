/*
 * The fake backend of libxcall (fake.c), for host tests: a table of
 * domains (domid -> getdomaininfo flags, or absent) answering
 * XEN_DOMCTL_getdomaininfo with Xen's "next" semantics, and a table of
 * foreign frames (domid, gfn -> a page the test owns).
 */
#ifndef TOOLS_LIBS_XCALL_FAKE_H
#define TOOLS_LIBS_XCALL_FAKE_H

#include <stdint.h>

void fake_call_reset(void);
/* The domain exists with XEN_DOMINF_* flags (or is updated). */
void fake_call_set_domain(uint16_t domid, uint32_t flags);
/* The domain is gone (getdomaininfo skips it). */
void fake_call_remove_domain(uint16_t domid);
/* Frame gfn of domid is page (NULL: not mappable). */
void fake_call_set_frame(uint16_t domid, uint64_t gfn, void *page);
/* Foreign mappings alive now. */
unsigned int fake_call_mapped(void);

#endif /* TOOLS_LIBS_XCALL_FAKE_H */
