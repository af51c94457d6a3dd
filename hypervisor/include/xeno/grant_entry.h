/*
 * Grant entries, the pure part (common/grant_entry.c, host-tested): the
 * pin counts of an active entry and the flag protocol on a shared v1 entry.
 *
 * A pin is four 8-bit counters: host mappings writable and read-only,
 * device mappings writable and read-only (copies pin as host mappings
 * while they run). The shared entry shows the pins to the granting guest:
 * GTF_reading while any pin is held, GTF_writing while a writable one is.
 * The hypervisor sets them with a compare-and-swap over flags and domid
 * together (the granter may change both at any time); it clears them with
 * an atomic AND on flags alone. A granter revokes an entry by swapping its
 * flags to 0 only if neither bit is set, so an entry in use stays granted.
 */
#ifndef XENO_GRANT_ENTRY_H
#define XENO_GRANT_ENTRY_H

#include <xeno/types.h>
#include <public/grant_table.h>

#define GNTPIN_hstw_inc (1U << 0)
#define GNTPIN_hstr_inc (1U << 8)
#define GNTPIN_devw_inc (1U << 16)
#define GNTPIN_devr_inc (1U << 24)
#define GNTPIN_hstw_mask (0xffU << 0)
#define GNTPIN_hstr_mask (0xffU << 8)
#define GNTPIN_devw_mask (0xffU << 16)
#define GNTPIN_devr_mask (0xffU << 24)
#define GNTPIN_writers (GNTPIN_hstw_mask | GNTPIN_devw_mask)

/* Bounded retries of the shared-entry swap: the granter may race it forever. */
#define GNTTAB_STATUS_RETRIES 5

/* The pin a map request takes (0 if it asks for neither host nor device map). */
static inline u32 gnttab_map_pin_incr(u32 gntmap_flags)
{
	bool ro = gntmap_flags & GNTMAP_readonly;
	u32 incr = 0;

	if (gntmap_flags & GNTMAP_device_map)
		incr += ro ? GNTPIN_devr_inc : GNTPIN_devw_inc;
	if (gntmap_flags & GNTMAP_host_map)
		incr += ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
	return incr;
}

/*
 * Would pin + incr overflow one of the four counters? Each byte's carry
 * out, all four at once: the low seven bits' sums (which cannot reach the
 * next byte) give each top bit's carry in; the carry out is the majority
 * of the two top bits and that carry.
 */
static inline bool gnttab_pin_overflows(u32 pin, u32 incr)
{
	u32 low = (pin & 0x7f7f7f7fU) + (incr & 0x7f7f7f7fU);

	return ((pin & incr) | ((pin | incr) & low)) & 0x80808080U;
}

/* Pins per kind, for references: general (all) and writable-type (writers). */
unsigned int gnttab_pin_total(u32 pin);
unsigned int gnttab_pin_writers(u32 pin);

/* Must the shared entry's flags change before taking this access? */
static inline bool gnttab_status_needed(u32 pin, bool readonly)
{
	return !pin || (!readonly && !(pin & GNTPIN_writers));
}

/*
 * Mark shared entry e in use by domain ldomid: GTF_reading, plus
 * GTF_writing unless readonly. An entry not yet pinned must be a
 * permit_access grant to ldomid (for mappings, not a sub-page one);
 * write access needs the grant not to be GTF_readonly. Returns GNTST_okay
 * or GNTST_general_error (entry unchanged).
 */
int gnttab_set_status_v1(struct grant_entry_v1 *e, bool pinned, bool readonly, bool mapping,
			 domid_t ldomid);

/*
 * After a pin was dropped (pin is what remains): clear GTF_reading if
 * nothing is pinned any more, GTF_writing if no writer remains and the
 * dropped access was a writable one. Inline: a copy's release of a grant
 * still mapped changes nothing.
 */
static inline void gnttab_reduce_status_v1(struct grant_entry_v1 *e, u32 pin, bool readonly)
{
	u16 clear = pin ? 0 : GTF_reading;

	if (!readonly && !(pin & GNTPIN_writers))
		clear |= GTF_writing;
	if (clear)
		__atomic_fetch_and(&e->flags, (u16)~clear, __ATOMIC_ACQ_REL);
}

/* GNTTABOP_copy: do offset + len stay within one page on both sides? */
static inline bool gnttab_copy_in_page(u16 src_offset, u16 dst_offset, u16 len)
{
	return (u32)src_offset + len <= 4096 && (u32)dst_offset + len <= 4096;
}

#endif
