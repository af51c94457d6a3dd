/*
 * Descriptor tables.
 *
 * Each CPU has a 64 KiB GDT window at GDT_VIRT_START + cpu * 64 KiB: pages
 * 0..13 are a PV guest's own GDT frames (pv/descriptor.c; a zero page where
 * there is none), page 14 holds the hypervisor's descriptors at Xen's selector
 * offsets (0xe008 CS, 0xe010 DS, 0xe023/0xe02b/0xe033 flat ring-3, TSS at
 * 0xe040), so guests see the selector values the ABI names. The IDT is
 * shared by all CPUs; NMI, #DF and #MC run on per-CPU IST stacks.
 */
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/percpu.h>
#include <xeno/string.h>
#include <asm/config.h>
#include <asm/desc.h>
#include <asm/page.h>

struct __attribute__((packed)) desc_ptr {
	u16 limit;
	u64 base;
};

struct idt_gate {
	u64 lo, hi;
};

static struct idt_gate idt[256] __aligned(PAGE_SIZE);
extern const unsigned long entry_stubs[256];

static DEFINE_PER_CPU(struct tss64 *, cpu_tss);
static DEFINE_PER_CPU(u64 *, cpu_gdt_page);	      /* the hypervisor's page of the GDT */
static DEFINE_PER_CPU(unsigned long, cpu_ldt_loaded); /* base|ents now in LDTR, 0: none */

static const u64 reserved_gdt[] = {
	0,
	0x00af9a000000ffff, /* 0xe008 ring 0 code, 64-bit */
	0x00cf92000000ffff, /* 0xe010 ring 0 data */
	0,
	0x00cffa000000ffff, /* 0xe023 ring 3 code, compat */
	0x00cff2000000ffff, /* 0xe02b ring 3 data */
	0x00affa000000ffff, /* 0xe033 ring 3 code, 64-bit */
	0x00cf9a000000ffff, /* 0xe038 ring 0 code, compat */
};

static void make_gate(struct idt_gate *g, unsigned long fn, unsigned int dpl, unsigned int ist)
{
	g->lo = (fn & 0xffff) | ((u64)__HYPERVISOR_CS << 16) | ((u64)ist << 32) |
		((u64)(0x8e | (dpl << 5)) << 40) | ((fn >> 16 & 0xffff) << 48);
	g->hi = fn >> 32;
}

void idt_set_gate(unsigned int vec, unsigned int dpl, unsigned int ist)
{
	make_gate(&idt[vec], entry_stubs[vec], dpl, ist);
}

void idt_init(void)
{
	for (unsigned int v = 0; v < 256; v++)
		idt_set_gate(v, 0, 0);
	idt_set_gate(3, 3, 0); /* int3 and into: guests may raise them directly */
	idt_set_gate(4, 3, 0);
	idt_set_gate(2, 0, IST_NMI);
	idt_set_gate(8, 0, IST_DF);
	idt_set_gate(18, 0, IST_MC);
}

void load_idt(void)
{
	struct desc_ptr p = {sizeof(idt) - 1, (u64)idt};

	__asm__ __volatile__("lidt %0" ::"m"(p));
}

static void write_tss_desc(u64 *gdt_page, const struct tss64 *tss)
{
	u64 base = (u64)tss, limit = sizeof(*tss) - 1;
	unsigned int idx = (TSS_SELECTOR - FIRST_RESERVED_GDT_BYTE) / 8;

	gdt_page[idx] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ULL << 40) |
			((limit >> 16 & 0xf) << 48) | ((base >> 24 & 0xff) << 56);
	gdt_page[idx + 1] = base >> 32;
}

static struct tss64 *alloc_tss(void)
{
	struct tss64 *tss = alloc_xenheap_page();

	memset(tss, 0, PAGE_SIZE);
	for (unsigned int i = 0; i < 3; i++)
		tss->ist[i] = (u64)alloc_xenheap_pages(1) + 2 * PAGE_SIZE;
	tss->iomap_base = sizeof(*tss); /* no I/O bitmap: all ports fault at CPL3 */
	return tss;
}

static void load_gdt_and_segments(unsigned long base)
{
	struct desc_ptr p = {GDT_WINDOW_SIZE - PAGE_SIZE - 1, base};

	__asm__ __volatile__("lgdt %0\n\t"
			     "pushq %1\n\t"
			     "leaq 1f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t"
			     "lretq\n"
			     "1:\n\t"
			     "mov %2, %%ss\n\t"
			     "mov %2, %%ds\n\t"
			     "mov %2, %%es\n\t"
			     :
			     : "m"(p), "i"(__HYPERVISOR_CS), "r"(__HYPERVISOR_DS)
			     : "rax", "memory");
	__asm__ __volatile__("ltr %w0" ::"r"(TSS_SELECTOR));
	/* A null LDT: LDT selectors then raise #GP(selector), never a fetch at 0. */
	__asm__ __volatile__("lldt %w0" ::"r"(0));
}

void cpu_load_ldt(unsigned long base, unsigned int ents)
{
	unsigned int idx = (LDT_SELECTOR - FIRST_RESERVED_GDT_BYTE) / 8;
	u64 *gdt = this_cpu(cpu_gdt_page), limit = (u64)ents * 8 - 1;

	if (this_cpu(cpu_ldt_loaded) == (ents ? base | ents : 0))
		return;
	this_cpu(cpu_ldt_loaded) = ents ? base | ents : 0;
	if (!ents) {
		__asm__ __volatile__("lldt %w0" ::"r"(0));
		return;
	}
	/* A 16-byte LDT system descriptor (type 2, present, DPL 0). */
	gdt[idx] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x82ULL << 40) |
		   ((limit >> 16 & 0xf) << 48) | ((base >> 24 & 0xff) << 56);
	gdt[idx + 1] = base >> 32;
	__asm__ __volatile__("lldt %w0" ::"r"(LDT_SELECTOR));
}

/* Mapped at every guest GDT page not in use: selectors there load as null. */
u64 *gdt_zero_page;

void cpu_desc_init(unsigned int cpu)
{
	unsigned long window = GDT_VIRT_START + (unsigned long)cpu * GDT_WINDOW_SIZE;
	u64 *page = alloc_xenheap_page();
	struct tss64 *tss = alloc_tss();

	if (!gdt_zero_page) {
		gdt_zero_page = alloc_xenheap_page();
		memset(gdt_zero_page, 0, PAGE_SIZE);
	}
	for (unsigned int i = 0; i < FIRST_RESERVED_GDT_PAGE; i++)
		map_pages(window + i * PAGE_SIZE, mfn_x(virt_to_mfn(gdt_zero_page)), 1,
			  PAGE_HYPERVISOR_RO);

	memset(page, 0, PAGE_SIZE);
	memcpy(page, reserved_gdt, sizeof(reserved_gdt));
	write_tss_desc(page, tss);
	map_pages(window + FIRST_RESERVED_GDT_BYTE, mfn_x(virt_to_mfn(page)), 1,
		  PAGE_HYPERVISOR_RW);
	tss->rsp[0] = (u64)(&get_cpu_info()->guest_regs + 1); /* guest entries land here */
	per_cpu(cpu_tss, cpu) = tss;
	per_cpu(cpu_gdt_page, cpu) = page;
	load_gdt_and_segments(window);
	load_idt();
}
