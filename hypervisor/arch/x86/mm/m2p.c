/*
 * The machine-to-phys table: one 8-byte entry per machine frame, giving the
 * guest pfn a domain uses for it (~0 when none). The hypervisor writes it
 * through the direct map; guests read it at RO_MPT_VIRT_START (user,
 * read-only), where the PV ABI puts it. Entries are updated by the domain
 * builder and MMU_MACHPHYS_UPDATE; a plain 8-byte store is atomic.
 */
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/setup.h>
#include <xeno/string.h>
#include <asm/m2p.h>

u64 *machine_to_phys;
unsigned long m2p_entries;

void m2p_init(void)
{
	size_t bytes = ROUNDUP(max_page * sizeof(u64), 1UL << L2_SHIFT);
	unsigned int order = 0;

	while (((size_t)PAGE_SIZE << order) < bytes)
		order++;
	machine_to_phys = alloc_xenheap_pages(order);
	if (!machine_to_phys)
		panic("no memory for the %zu KiB machine-to-phys table", bytes >> 10);
	memset(machine_to_phys, 0xff, (size_t)PAGE_SIZE << order);
	m2p_entries = ((size_t)PAGE_SIZE << order) / sizeof(u64);
	map_pages(RO_MPT_VIRT_START, mfn_x(virt_to_mfn(machine_to_phys)), 1UL << order,
		  _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX);
}
