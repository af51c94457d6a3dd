/*
 * The hypercall page of a 64-bit PV guest: 128 stubs of 32 bytes, stub n
 * being "push %rcx; push %r11; mov $n, %eax; syscall; pop %r11; pop %rcx;
 * ret", the rest int3 (0xcc, as Xen 4.17 fills it against speculation);
 * HYPERVISOR_iret's stub pushes %rax too and does not return (the iret
 * hypercall's frame is rax, r11, rcx on the stack). The dom0 builder fills
 * the page its kernel's XEN_ELFNOTE_HYPERCALL_PAGE names, and
 * XEN_DOMCTL_hypercall_init fills one for a toolstack that builds a guest
 * (libxc, for a kernel with that note).
 *
 * Locking: none; the domctl holds a writable type reference on the frame
 * while it fills it, so it cannot become a page table meanwhile.
 */
#include <xeno/errno.h>
#include <xeno/mm.h>
#include <xeno/sched.h>
#include <xeno/string.h>
#include <xeno/subop.h>
#include <asm/pv.h>
#include <asm/pv_mm.h>
#include <public/domctl.h>
#include <public/xen.h>

#define STUB_SIZE 32

void pv_init_hypercall_page(void *page)
{
	u8 *p = page;

	memset(p, 0xcc, PAGE_SIZE);
	for (u32 nr = 0; nr < PAGE_SIZE / STUB_SIZE; nr++) {
		u8 *s = p + nr * STUB_SIZE;

		memcpy(s, "\x51\x41\x53\xb8", 4);
		memcpy(s + 4, &nr, 4);
		memcpy(s + 8, "\x0f\x05\x41\x5b\x59\xc3", 6);
	}
	memcpy(p + __HYPERVISOR_iret * STUB_SIZE, "\x51\x41\x53\x50\xb8\x17\x00\x00\x00\x0f\x05",
	       11);
}

/*
 * As Xen 4.17 (arch_do_domctl): a frame the domain does not own is
 * -EINVAL, one it owns that cannot be writable (a page table, a
 * descriptor page) -EPERM.
 */
long arch_domctl_hypercall_init(struct xen_domctl *op, struct subop_call c)
{
	u64 mfn = op->u.hypercall_init.gmfn;
	struct page_type_ops ops = pv_type_ops(c.d);
	struct page_info *pg;

	if (mfn >= max_page || !get_page(pg = mfn_to_page(_mfn(mfn)), page_owner_tag(c.d)))
		return -EINVAL;
	if (get_page_type(pg, PGT_writable_page, &ops)) {
		put_page(pg, &ops);
		return -EPERM;
	}
	pv_init_hypercall_page(mfn_to_virt(_mfn(mfn)));
	paging_mark_dirty(c.d, _mfn(mfn));
	put_page_type(pg, &ops);
	put_page(pg, &ops);
	return 0;
}
