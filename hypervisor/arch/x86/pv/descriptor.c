/*
 * Guest descriptor tables: set_gdt and update_descriptor.
 *
 * A guest GDT is up to 14 frames of the guest's own, each held as a
 * PGT_seg_desc_page (validated: every descriptor passes
 * pv_check_descriptor, so none is writable by the guest while in use) and
 * mapped at pages 0..13 of the CPU's GDT window (writable there: the CPU
 * sets accessed bits); the pages it
 * does not use map a zero page, so selectors there load as null (#GP) and
 * never fault in the hypervisor. Page 14 holds the hypervisor's own
 * descriptors (desc.c).
 *
 * Descriptor rule (64-bit PV): not-present descriptors and code/data
 * segments are allowed, with DPL raised to 3 (the guest kernel runs at
 * CPL3); of the system types, only type 0 (harmless, e.g. the upper half of
 * a 16-byte descriptor) is allowed.
 */
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/lib.h>
#include <xeno/logdirty.h>
#include <xeno/string.h>
#include <asm/config.h>
#include <asm/desc.h>
#include <asm/pv.h>
#include <asm/pv_mm.h>

#define SEG_P (1UL << 47)
#define SEG_S (1UL << 44)
#define SEG_DPL (3UL << 45)
#define SEG_TYPE (0xfUL << 40)
#define GUEST_GDT_FRAMES FIRST_RESERVED_GDT_PAGE

bool pv_check_descriptor(u64 *desc);
bool pv_check_descriptor(u64 *desc)
{
	u64 d = *desc;

	if (!(d & SEG_P))
		return true;
	if (d & SEG_S) {
		*desc = d | SEG_DPL;
		return true;
	}
	return (d & SEG_TYPE) == 0;
}

int pv_validate_desc_page(struct page_info *pg);
int pv_validate_desc_page(struct page_info *pg)
{
	u64 *descs = mfn_to_virt(page_to_mfn(pg));

	for (unsigned int i = 0; i < PAGE_SIZE / 8; i++)
		if (!pv_check_descriptor(&descs[i]))
			return -EINVAL;
	return 0;
}

static unsigned long gdt_window(unsigned int cpu)
{
	return GDT_VIRT_START + (unsigned long)cpu * GDT_WINDOW_SIZE;
}

/* Map v's GDT frames (zero page beyond them) into its CPU's window. */
void pv_load_gdt_frames(struct vcpu *v)
{
	unsigned long window = gdt_window(v->processor);
	unsigned int used = (v->pv.gdt_ents * 8 + PAGE_SIZE - 1) / PAGE_SIZE;

	/* Writable for the CPU, which sets descriptors' accessed bits on loads. */
	for (unsigned int i = 0; i < GUEST_GDT_FRAMES; i++) {
		if (i < used)
			map_pages(window + i * PAGE_SIZE, mfn_x(v->pv.gdt_frames[i]), 1,
				  PAGE_HYPERVISOR_RW);
		else
			map_pages(window + i * PAGE_SIZE, mfn_x(virt_to_mfn(gdt_zero_page)), 1,
				  PAGE_HYPERVISOR_RO);
	}
}

static void release_frames(struct domain *d, const mfn_t *frames, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		pv_put_page_and_type(d, frames[i]);
}

/* Install a GDT of `entries` descriptors in frames list[] for v. */
int pv_set_gdt(struct vcpu *v, const unsigned long *list, unsigned int entries)
{
	unsigned int n = (entries * 8 + PAGE_SIZE - 1) / PAGE_SIZE, old_n, i;
	mfn_t frames[GUEST_GDT_FRAMES];

	if (entries > FIRST_RESERVED_GDT_ENTRY)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		frames[i] = _mfn(list[i]);
		if (pv_get_page_and_type(v->domain, frames[i], PGT_seg_desc_page)) {
			release_frames(v->domain, frames, i);
			return -EINVAL;
		}
	}
	old_n = (v->pv.gdt_ents * 8 + PAGE_SIZE - 1) / PAGE_SIZE;
	release_frames(v->domain, v->pv.gdt_frames, old_n);
	memcpy(v->pv.gdt_frames, frames, n * sizeof(frames[0]));
	v->pv.gdt_ents = entries;
	if (v == current)
		pv_load_gdt_frames(v);
	return 0;
}

long do_set_gdt(u64 frame_list, u64 entries, u64 a3, u64 a4, u64 a5)
{
	unsigned long list[GUEST_GDT_FRAMES];

	if (entries > FIRST_RESERVED_GDT_ENTRY)
		return -EINVAL;
	if (copy_from_guest_va(list, frame_list, (entries * 8 + PAGE_SIZE - 1) / PAGE_SIZE * 8))
		return -EFAULT;
	return pv_set_gdt(current, list, (unsigned int)entries);
}

static int write_descriptor(struct domain *d, mfn_t mfn, unsigned int off, u64 desc)
{
	unsigned long type = mfn_x(mfn) < max_page ? pv_type_in_use(mfn) : 0;

	if (type != PGT_seg_desc_page)
		type = PGT_writable_page;
	if (pv_get_page_and_type(d, mfn, type))
		return -EINVAL;
	paging_mark_dirty(d, mfn);
	__atomic_store_n((u64 *)((u8 *)mfn_to_virt(mfn) + off), desc, __ATOMIC_RELEASE);
	pv_put_page_and_type(d, mfn);
	return 0;
}

long do_update_descriptor(u64 maddr, u64 desc, u64 a3, u64 a4, u64 a5)
{
	if ((maddr & 7) || !pv_check_descriptor(&desc))
		return -EINVAL;
	return write_descriptor(current->domain, maddr_to_mfn(maddr),
				(unsigned int)(maddr & (PAGE_SIZE - 1)), desc);
}
