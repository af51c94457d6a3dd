/*
 * Test-guest page-table helpers (see guest_mm.h). Single vCPU, no locking.
 */
#include <guest_mm.h>

static unsigned long slack_next, slack_end;

static void slack_init(void)
{
	/* Page tables, then the one-page boot stack, then >= 512 KiB of slack. */
	slack_next = start_info->pt_base + start_info->nr_pt_frames * 4096 + 4096;
	slack_end = slack_next + 512 * 1024;
}

void *alloc_page(void)
{
	void *p;

	if (!slack_next)
		slack_init();
	if (slack_next >= slack_end) {
		error("alloc_page: the initial mapping's slack is used up");
		return NULL;
	}
	p = (void *)slack_next;
	slack_next += 4096;
	memset(p, 0, 4096);
	return p;
}

void *pfn_to_virt(uint64_t pfn)
{
	unsigned long va = GUEST_VIRT_BASE + (pfn << 12);

	if (!slack_next)
		slack_init();
	return va < slack_end ? (void *)va : NULL;
}

uint64_t *pt_entry_of(unsigned long va, unsigned int level)
{
	uint64_t *table = (uint64_t *)start_info->pt_base;

	for (unsigned int l = 4;; l--) {
		uint64_t *e = &table[(va >> (12 + 9 * (l - 1))) & 511];

		if (l == level)
			return e;
		if (!(*e & PTE_P) || (*e & PTE_PSE))
			return NULL;
		table = pfn_to_virt(mfn_to_pfn((*e & PTE_ADDR) >> 12));
		if (!table)
			return NULL;
	}
}

long remap_page(const void *va, uint64_t flags)
{
	return hc_update_va_mapping((unsigned long)va, pte_for(va, flags), UVMF_INVLPG);
}

long mmu_update1(uint64_t maddr, uint64_t val)
{
	struct mmu_update u = {.ptr = maddr, .val = val};

	return hc_mmu_update(&u, 1, NULL, DOMID_SELF);
}

long mmuext1(unsigned int cmd, uint64_t arg1)
{
	struct mmuext_op op = {.cmd = cmd};

	op.arg1.mfn = arg1;
	return hc_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

struct shared_info *map_shared_info(void)
{
	static struct shared_info *si;
	void *va;

	if (si)
		return si;
	va = alloc_page();
	if (!va || hc_update_va_mapping((unsigned long)va,
					(start_info->shared_info & PTE_ADDR) | PTE_P | PTE_RW |
						PTE_A | PTE_D,
					UVMF_INVLPG))
		return NULL;
	si = va;
	return si;
}
