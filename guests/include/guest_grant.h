/*
 * Grant tables for test guests (guests/runtime/grant.c): the hypercall, a
 * guest's own v1 table mapped at one of its pages, granting a page, and
 * mapping/unmapping another domain's grant at a page of ours.
 */
#ifndef GUEST_GUEST_GRANT_H
#define GUEST_GUEST_GRANT_H

#include <guest.h>
#include <public/grant_table.h>

long gnttab_op(unsigned int cmd, void *op, unsigned int count);
/* Frame 0 of our own table (setup_table), mapped read-write; NULL if not. */
struct grant_entry_v1 *grant_table_map_own(void);
/* Entry ref of t lets domain to use page (GTF_permit_access | extra). */
void grant_access(struct grant_entry_v1 *t, grant_ref_t ref, const void *page, domid_t to,
		  uint16_t extra);
/* GNTTABOP_map_grant_ref of (dom, ref) at va (GNTMAP_host_map | flags): its status. */
int16_t grant_map(domid_t dom, grant_ref_t ref, void *va, uint32_t flags, grant_handle_t *h);
int16_t grant_unmap(void *va, grant_handle_t h);

#endif
