/*
 * Grant entries: pin arithmetic and the v1 shared-entry flag protocol (see
 * xeno/grant_entry.h). Pure code, built both into the hypervisor and into
 * the host unit tests (tests/unit/test_grant_entry.c).
 *
 * Invariant kept with the callers: GTF_reading is set in the shared entry
 * exactly while the active entry's pin is non-zero, GTF_writing while it
 * has a writer (or a writable access is being set up). Locking: callers
 * hold the granting table's lock; the guest is the only other writer of
 * the entry, so every hypervisor update is atomic.
 */
#include <xeno/grant_entry.h>

typedef u32 __attribute__((may_alias)) combo_t; /* flags | domid << 16 */

#define COMBO_FLAGS(c) ((u16)(c))
#define COMBO_DOMID(c) ((domid_t)((c) >> 16))

unsigned int gnttab_pin_total(u32 pin)
{
	unsigned int n = 0;

	for (unsigned int shift = 0; shift < 32; shift += 8)
		n += (pin >> shift) & 0xff;
	return n;
}

unsigned int gnttab_pin_writers(u32 pin)
{
	return (pin & GNTPIN_hstw_mask) + ((pin & GNTPIN_devw_mask) >> 16);
}

/* May this entry value be pinned by ldomid for this access? */
static bool entry_allows(u32 c, bool pinned, bool readonly, bool mapping, domid_t ldomid)
{
	u16 type_mask = GTF_type_mask | (mapping ? GTF_sub_page : 0);

	if (!pinned &&
	    ((COMBO_FLAGS(c) & type_mask) != GTF_permit_access || COMBO_DOMID(c) != ldomid))
		return false;
	return readonly || !(COMBO_FLAGS(c) & GTF_readonly);
}

int gnttab_set_status_v1(struct grant_entry_v1 *e, bool pinned, bool readonly, bool mapping,
			 domid_t ldomid)
{
	combo_t *p = (combo_t *)e;
	u32 old = __atomic_load_n(p, __ATOMIC_ACQUIRE);
	u32 set = GTF_reading | (readonly ? 0 : GTF_writing);

	for (unsigned int tries = 0; tries < GNTTAB_STATUS_RETRIES; tries++) {
		if (!entry_allows(old, pinned, readonly, mapping, ldomid))
			return GNTST_general_error;
		if (__atomic_compare_exchange_n(p, &old, old | set, false, __ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE))
			return GNTST_okay;
	}
	return GNTST_general_error; /* the granter keeps changing it */
}
