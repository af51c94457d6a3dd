/* Grant-table helpers for test guests (guest_grant.h). */
#include <guest_grant.h>
#include <guest_mm.h>

long gnttab_op(unsigned int cmd, void *op, unsigned int count)
{
	return HC(grant_table_op, cmd, op, count);
}

struct grant_entry_v1 *grant_table_map_own(void)
{
	xen_pfn_t mfn = 0;
	struct gnttab_setup_table st = {.dom = DOMID_SELF, .nr_frames = 1};
	void *va = alloc_page();

	st.frame_list.p = &mfn;
	if (!va || gnttab_op(GNTTABOP_setup_table, &st, 1) || st.status ||
	    hc_update_va_mapping((unsigned long)va, (mfn << 12) | PTE_P | PTE_RW | PTE_A | PTE_D,
				 UVMF_INVLPG))
		return NULL;
	return va;
}

void grant_access(struct grant_entry_v1 *t, grant_ref_t ref, const void *page, domid_t to,
		  uint16_t extra)
{
	t[ref].frame = (uint32_t)virt_to_mfn(page);
	t[ref].domid = to;
	__atomic_store_n(&t[ref].flags, GTF_permit_access | extra, __ATOMIC_RELEASE);
}

int16_t grant_map(domid_t dom, grant_ref_t ref, void *va, uint32_t flags, grant_handle_t *h)
{
	struct gnttab_map_grant_ref m = {.host_addr = (unsigned long)va,
					 .flags = GNTMAP_host_map | flags,
					 .ref = ref,
					 .dom = dom};

	gnttab_op(GNTTABOP_map_grant_ref, &m, 1);
	*h = m.handle;
	return m.status;
}

int16_t grant_unmap(void *va, grant_handle_t h)
{
	struct gnttab_unmap_grant_ref u = {.host_addr = (unsigned long)va, .handle = h};

	gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1);
	return u.status;
}
