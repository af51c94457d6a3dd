/*
 * mm-m2p-strict: which L4s show the read-only M2P (slot 256), as in Xen.
 * Without vm_assist m2p_strict, an L4 gets it when it becomes a kernel base
 * table, so a user-only L4 does not show it, one that has been a kernel
 * base does. With m2p_strict, a newly validated L4 has it and loses it when
 * installed as a user base table; kernel tables keep it.
 */
#include <guest_mm.h>

const char test_title[] = "mm-m2p-strict: the M2P in kernel and user page tables";

static volatile uint64_t probe_mfn;

static long read_m2p(void)
{
	uint64_t v = ~0UL;

	__asm__ __volatile__("1: movq (%1), %0\n2:\n" EXTABLE(1b, 2b)
			     : "+r"(v)
			     : "r"(M2P_VIRT_START + probe_mfn * 8)
			     : "memory");
	return (long)v;
}

/* A pinned copy of the kernel L4's guest slots. */
static uint64_t make_l4(void)
{
	uint64_t *k = (uint64_t *)start_info->pt_base, *u = alloc_page();

	for (unsigned int i = 0; i < 512; i++)
		if (i < 256 || i > 271)
			u[i] = k[i];
	if (remap_page(u, PTE_P | PTE_A) || mmuext1(MMUEXT_PIN_L4_TABLE, virt_to_mfn(u))) {
		error("cannot pin an L4");
		return 0;
	}
	return virt_to_mfn(u);
}

void test_main(void)
{
	long pfn = (long)(((unsigned long)start_info - GUEST_VIRT_BASE) >> 12);
	uint64_t kernel = virt_to_mfn((void *)start_info->pt_base), a = make_l4(), b;

	probe_mfn = virt_to_mfn(start_info);
	if (!a)
		return;
	check(mmuext1(MMUEXT_NEW_USER_BASEPTR, a) == 0, "user base: a fresh L4");
	check(exec_user(read_m2p) == -1, "a user-only L4 does not show the M2P");
	check(mmuext1(MMUEXT_NEW_BASEPTR, a) == 0 && read_m2p() == pfn,
	      "as the kernel base table it does");
	check(mmuext1(MMUEXT_NEW_BASEPTR, kernel) == 0, "kernel base back");
	check(exec_user(read_m2p) == pfn, "and keeps it as the user base");
	check(hc_vm_assist(VMASST_CMD_enable, VMASST_TYPE_m2p_strict) == 0, "enable m2p_strict");
	b = make_l4();
	check(b && mmuext1(MMUEXT_NEW_USER_BASEPTR, b) == 0, "user base: an L4 validated now");
	check(exec_user(read_m2p) == -1, "m2p_strict: not in the user base table");
	check(read_m2p() == pfn, "still in the kernel's");
}
