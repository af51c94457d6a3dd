/*
 * x86 sub-ops of memory_op: where the read-only M2P lives and which frames
 * back it, the host memory map with the hypervisor's MMIO as reserved holes
 * (privileged callers), a domain's
 * pseudo-physical memory map, add_to_physmap (translated guests only).
 * Rows of the memory_op table (xeno/hypercalls.def): the dispatcher copies
 * each argument in and, where the row says so, out again.
 */
#include <xeno/bootinfo.h>
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/lib.h>
#include <xeno/sched.h>
#include <xeno/subop.h>
#include <public/memory.h>
#include <asm/acpi.h>
#include <asm/config.h>
#include <asm/m2p.h>
#include <asm/pv.h>

long arch_memory_machphys_mapping(struct xen_machphys_mapping *m, struct subop_call c)
{
	*m = (struct xen_machphys_mapping){
		.v_start = RO_MPT_VIRT_START,
		.v_end = RO_MPT_VIRT_START + m2p_entries * sizeof(u64),
		.max_mfn = m2p_entries - 1,
	};
	return 0;
}

/* The M2P is one contiguous allocation: its 2 MiB chunks in order. */
long arch_memory_machphys_mfn_list(struct xen_machphys_mfn_list *l, struct subop_call c)
{
	unsigned long chunks = (m2p_entries * sizeof(u64)) >> L2_SHIFT;
	xen_pfn_t mfn;
	u32 i;

	for (i = 0; i < l->max_extents && i < chunks; i++) {
		mfn = mfn_x(virt_to_mfn(machine_to_phys)) + ((u64)i << (L2_SHIFT - PAGE_SHIFT));
		if (copy_to_guest_offset(l->extent_start, i, &mfn, 1))
			return -EFAULT;
	}
	l->nr_extents = i;
	return 0;
}

static long copy_map_out(struct xen_memory_map *m, const struct e820_entry *e, unsigned int n)
{
	XEN_GUEST_HANDLE(uint8) buf = guest_handle_cast(m->buffer, uint8);
	unsigned int i;

	for (i = 0; i < n && i < m->nr_entries; i++)
		if (copy_to_guest_offset(buf, i * sizeof(*e), (const u8 *)&e[i], sizeof(*e)))
			return -EFAULT;
	m->nr_entries = i;
	return 0;
}

/* Insert a reserved range into the sorted map e[0..*n) unless it overlaps an entry. */
static void add_reserved(struct e820_entry *e, unsigned int *n, u64 addr, u64 size)
{
	unsigned int i = 0;

	while (i < *n && e[i].addr + e[i].size <= addr)
		i++;
	if (i < *n && e[i].addr < addr + size)
		return; /* the firmware's map covers it already */
	for (unsigned int j = *n; j > i; j--)
		e[j] = e[j - 1];
	e[i] = (struct e820_entry){addr, size, E820_RESERVED};
	(*n)++;
}

/*
 * The host's map, plus the MMIO dom0 may not use as reserved holes, as Xen
 * does, so its PCI code places no BAR there: the IO-APIC pages and the
 * local APIC / MSI window.
 */
long arch_memory_machine_memory_map(struct xen_memory_map *m, struct subop_call c)
{
	struct e820_entry e[MAX_MEMMAP + ARRAY_SIZE(acpi.ioapic_addr) + 1];
	unsigned int n = bootinfo.nr_memmap;

	for (unsigned int i = 0; i < n; i++)
		e[i] = (struct e820_entry){bootinfo.memmap[i].addr, bootinfo.memmap[i].size,
					   bootinfo.memmap[i].type};
	for (unsigned int i = 0; i < acpi.nr_ioapics; i++)
		add_reserved(e, &n, acpi.ioapic_addr[i] & ~(u64)(PAGE_SIZE - 1), PAGE_SIZE);
	if (acpi.lapic_addr)
		add_reserved(e, &n, 0xfee00000, 0x100000);
	return copy_map_out(m, e, n);
}

/*
 * A PV domain's pseudo-physical map: the toolstack's (set_memory_map), or
 * its pages from pfn 0 as RAM. e820_lock is a leaf: the copy runs under it.
 */
long arch_memory_memory_map(struct xen_memory_map *m, struct subop_call c)
{
	struct domain *d = current->domain;
	struct e820_entry ram = {0, (u64)d->max_pages << PAGE_SHIFT, E820_RAM};
	long rc;

	spin_lock(&d->arch.e820_lock);
	rc = d->arch.e820 ? copy_map_out(m, d->arch.e820, d->arch.nr_e820)
			  : copy_map_out(m, &ram, 1);
	spin_unlock(&d->arch.e820_lock);
	return rc;
}

#define E820_MAX_ENTRIES 1024 /* Xen 4.17's E820MAX */

long arch_memory_set_memory_map(struct xen_foreign_memory_map *f, struct subop_call c)
{
	XEN_GUEST_HANDLE(uint8) buf = guest_handle_cast(f->map.buffer, uint8);
	u32 nr = f->map.nr_entries;
	struct e820_entry *e = NULL;
	struct domain *d;
	long rc;

	if (nr > E820_MAX_ENTRIES)
		return -EINVAL;
	if (!(d = domain_target(f->domid, TARGET_SELF_OR_PRIV, &rc)))
		return rc;
	if (nr && !(e = xmalloc_bytes(nr * sizeof(*e))))
		return -ENOMEM;
	if (nr && copy_from_guest((u8 *)e, buf, nr * sizeof(*e))) {
		xfree(e);
		return -EFAULT;
	}
	spin_lock(&d->arch.e820_lock);
	if (!d->is_dying) {
		struct e820_entry *old = d->arch.e820;

		d->arch.e820 = e;
		d->arch.nr_e820 = nr;
		e = old;
	}
	spin_unlock(&d->arch.e820_lock);
	xfree(e);
	return 0;
}

void arch_domain_free_memory_map(struct domain *d)
{
	struct e820_entry *e;

	spin_lock(&d->arch.e820_lock);
	e = d->arch.e820;
	d->arch.e820 = NULL;
	spin_unlock(&d->arch.e820_lock);
	xfree(e);
}

/* PV guests map frames themselves. */
long arch_memory_add_to_physmap(struct xen_add_to_physmap *unused, struct subop_call c)
{
	return -EACCES;
}
