/*
 * Frames outside RAM that PV page tables may map: which frames are I/O
 * memory a privileged domain maps without references (the first MiB, holes
 * and devices of the memory map), which of those it may only read (Xen's
 * mmio_ro_ranges: the HPET, the IO-APICs, held MSI-X table and PBA pages),
 * and the answer for an L1 entry naming a frame nobody's references cover.
 *
 * Invariants: the memory map and the ACPI tables are fixed after boot; only
 * the MSI-X part changes at run time (platform/msix.c, under its seqcount).
 * Locking: none here.
 */
#include <xeno/errno.h>
#include <xeno/bootinfo.h>
#include <xeno/mm.h>
#include <xeno/sched.h>
#include <xeno/setup.h>
#include <xeno/smp.h>
#include <asm/acpi.h>
#include <asm/m2p.h>
#include <asm/pirq.h>
#include <asm/pv_mm.h>

#define MAX_IO_MFN (1UL << (46 - PAGE_SHIFT))

/*
 * MMIO dom0 may only read (Xen's mmio_ro_ranges): the HPET, the IO-APICs,
 * the MSI-X table and PBA pages of devices with MSI-X vectors mapped.
 */
bool pv_is_ro_mmio(unsigned long mfn)
{
	if (mfn < max_page && __atomic_load_n(&mfn_to_page(_mfn(mfn))->owner, __ATOMIC_RELAXED))
		return false; /* RAM a domain owns: never a device's (Xen checks I/O frames only) */
	if (acpi.hpet_addr && mfn == acpi.hpet_addr >> PAGE_SHIFT)
		return true;
	for (unsigned int i = 0; i < acpi.nr_ioapics; i++)
		if (mfn == acpi.ioapic_addr[i] >> PAGE_SHIFT)
			return true;
	return msix_is_ro_frame(mfn);
}

/* The device the hypervisor drives itself and dom0 never maps: the local APIC. */
static bool is_hypervisor_mmio(unsigned long mfn)
{
	return mfn == acpi.lapic_addr >> PAGE_SHIFT;
}

/* RAM by the memory map, above the first MiB (which is all I/O, as Xen's dom_io). */
static bool is_ram_frame(unsigned long mfn)
{
	u64 a = (u64)mfn << PAGE_SHIFT;

	if (mfn < 0x100)
		return false;
	for (unsigned int i = 0; i < bootinfo.nr_memmap; i++) {
		const struct memmap_entry *m = &bootinfo.memmap[i];

		if (m->type == E820_RAM && a >= m->addr && a + PAGE_SIZE <= m->addr + m->size)
			return true;
	}
	return false;
}

/*
 * I/O frames: the first MiB (but the AP trampoline), and every frame not
 * wholly inside a RAM range of the memory map, but the hypervisor's devices.
 * The HPET (the hypervisor's clock) and the IO-APICs are I/O frames dom0
 * maps read-only, as in Xen (ro-hpet; ACPI methods read the HPET).
 */
bool pv_is_io_frame(unsigned long mfn)
{
	if (mfn >= MAX_IO_MFN || is_hypervisor_mmio(mfn) || smp_is_trampoline_frame(mfn))
		return false;
	return !is_ram_frame(mfn);
}

/*
 * A frame d holds no reference to: an I/O frame, mapped by a privileged
 * domain; any other non-RAM frame is refused with -EPERM (Xen's answer
 * when the I/O permission is missing), RAM d does not own (another
 * domain's, the hypervisor's, a free frame) with -EBUSY, as Xen 4.17
 * (get_page_from_l1e's "could not pin"): a restore stream naming such a
 * frame fails with it too (tests/toolstack/test_saverestore.py).
 */
static int io_frame_rc(const struct domain *d, unsigned long mfn)
{
	if (mfn < MAX_IO_MFN && is_ram_frame(mfn))
		return -EBUSY;
	return d->is_privileged && pv_is_io_frame(mfn) ? 0 : -EPERM;
}

/*
 * An L1 entry for a frame d holds no reference to: the M2P's frames
 * read-only for a privileged domain (libxc's save and restore), else an
 * I/O frame (io_frame_rc()); PV_L1E_FORCE_RO when the frame is MMIO dom0 may
 * only read and the entry asked for write access, as Xen's mmio_ro_ranges
 * (checked for I/O frames only, so RAM pays nothing for it).
 */
int pv_get_io_l1e(const struct domain *d, u64 e)
{
	unsigned long mfn = (e & PADDR_MASK) >> PAGE_SHIFT;
	int rc;

	if (d->is_privileged && !(e & _PAGE_RW) && m2p_is_table_frame(mfn))
		return 0;
	rc = io_frame_rc(d, mfn);
	if (!rc && (e & _PAGE_RW) && pv_is_ro_mmio(mfn))
		return PV_L1E_FORCE_RO;
	return rc;
}
