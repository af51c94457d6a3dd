/*
 * grant-table test guest: what main.c (table, mappings) and copy.c share.
 * The guest grants its own pages to itself (dom0 grants to domid 0), as a
 * domain may; entries are written through its mapping of the shared frame
 * with the granter's protocol (frame and domid, barrier, then flags).
 */
#ifndef GNT_H
#define GNT_H

#include <guest_mm.h>
#include <public/grant_table.h>

#define SELF_ID 0			 /* dom0's own domid, as grant entries name it */
#define NOBODY 0x7000			 /* a domid no domain has */
#define GT_ENTRIES_PER_FRAME 512	 /* v1 */
#define GT_MAX_FRAMES 64		 /* Xen's default gnttab_max_frames */
#define UNMAPPED_VA 0x0000400000000000UL /* lower half: no page tables there */

extern struct grant_entry_v1 *gt; /* the guest's mapping of shared frames 0-1 */
extern unsigned int gt_frames;

static inline long gnttab_op(unsigned int cmd, void *op, unsigned int count)
{
	return HC(grant_table_op, cmd, op, count);
}

/* Grant frame `va` (its mfn) to domid with GTF_permit_access | extra. */
void grant(grant_ref_t ref, const void *va, domid_t domid, uint16_t extra);
/* The guest's revoke: swap flags to 0 unless in use; true if revoked. */
bool revoke(grant_ref_t ref);
uint16_t gflags(grant_ref_t ref);

/* The vector a read (or write) of addr raised, 0 if none. */
unsigned int read_faults(const volatile void *addr);
unsigned int write_faults(volatile void *addr);

/* A page of the initial mapping, unmapped and flushed: a free grant slot. */
void *window(void);

void copy_tests(void);
void batch_tests(void);

#endif
