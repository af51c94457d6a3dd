/*
 * x86 sub-ops of memory_op: where the read-only M2P lives and which frames
 * back it, the host memory map (privileged callers), a domain's
 * pseudo-physical memory map, add_to_physmap (translated guests only).
 */
#include <xeno/bootinfo.h>
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/lib.h>
#include <xeno/sched.h>
#include <public/memory.h>
#include <asm/config.h>
#include <asm/m2p.h>

struct __attribute__((packed)) e820_entry {
	u64 addr, size;
	u32 type;
};

static long machphys_mapping(u64 arg)
{
	struct xen_machphys_mapping m = {
		.v_start = RO_MPT_VIRT_START,
		.v_end = RO_MPT_VIRT_START + m2p_entries * sizeof(u64),
		.max_mfn = m2p_entries - 1,
	};

	return copy_to_guest_va(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

/* The M2P is one contiguous allocation: its 2 MiB chunks in order. */
static long machphys_mfn_list(u64 arg)
{
	struct xen_machphys_mfn_list l;
	unsigned long chunks = (m2p_entries * sizeof(u64)) >> L2_SHIFT;
	xen_pfn_t mfn;
	u32 i;

	if (copy_from_guest_va(&l, arg, sizeof(l)))
		return -EFAULT;
	for (i = 0; i < l.max_extents && i < chunks; i++) {
		mfn = mfn_x(virt_to_mfn(machine_to_phys)) + ((u64)i << (L2_SHIFT - PAGE_SHIFT));
		if (copy_to_guest_va((u64)l.extent_start.p + i * 8, &mfn, 8))
			return -EFAULT;
	}
	l.nr_extents = i;
	return copy_to_guest_va(arg, &l, sizeof(l)) ? -EFAULT : 0;
}

static long copy_map_out(u64 arg, const struct e820_entry *e, unsigned int n)
{
	struct xen_memory_map m;
	unsigned int i;

	if (copy_from_guest_va(&m, arg, sizeof(m)))
		return -EFAULT;
	for (i = 0; i < n && i < m.nr_entries; i++)
		if (copy_to_guest_va((u64)m.buffer.p + i * sizeof(*e), &e[i], sizeof(*e)))
			return -EFAULT;
	m.nr_entries = i;
	return copy_to_guest_va(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

static long machine_memory_map(u64 arg)
{
	struct e820_entry e[MAX_MEMMAP];

	if (!current->domain->is_privileged)
		return -EPERM;
	for (unsigned int i = 0; i < bootinfo.nr_memmap; i++)
		e[i] = (struct e820_entry){bootinfo.memmap[i].addr, bootinfo.memmap[i].size,
					   bootinfo.memmap[i].type};
	return copy_map_out(arg, e, bootinfo.nr_memmap);
}

/* A PV domain's pseudo-physical map: its pages, from pfn 0, as RAM. */
static long memory_map(u64 arg)
{
	struct e820_entry ram = {0, (u64)current->domain->max_pages << PAGE_SHIFT, E820_RAM};

	return copy_map_out(arg, &ram, 1);
}

long arch_memory_op(unsigned int op, u64 arg)
{
	switch (op) {
	case XENMEM_machphys_mapping: return machphys_mapping(arg);
	case XENMEM_machphys_mfn_list: return machphys_mfn_list(arg);
	case XENMEM_machine_memory_map: return machine_memory_map(arg);
	case XENMEM_memory_map: return memory_map(arg);
	case XENMEM_add_to_physmap: return -EACCES; /* PV guests map frames themselves */
	default: return -ENOSYS;
	}
}
