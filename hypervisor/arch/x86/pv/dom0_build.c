/*
 * The PV domain builder, and dom0 from multiboot module 1 (its string, less
 * the file name, is the kernel command line) and module 2 (initrd) unless
 * that is a domU kernel (pv/domu_build.c).
 *
 * Start-of-day layout (the Xen PV ABI; VA <-> pfn is 1:1 from virt_base):
 *   kernel | initrd | p2m list | start_info | page tables | boot stack
 *   | >= 512 KiB padding, end rounded to 4 MiB
 * all mapped by 4 KiB L1 entries, page-table frames read-only, the rest
 * read-write, and everything past the kernel no-execute (Linux cleans its
 * start-of-day mapping only up to 2 MiB past the 4 MiB rounding of the page
 * tables' end: padding beyond that would stay W+X).
 * Page tables are [L4][L3..][L2..][L1..] and the L4 gets the
 * hypervisor's slots. Every frame's M2P entry is set. rsi = start_info.
 */
#include <xeno/bootinfo.h>
#include <xeno/dom0_mem.h>
#include <xeno/errno.h>
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/param.h>
#include <xeno/sched.h>
#include <xeno/setup.h>
#include <xeno/smp.h>
#include <xeno/string.h>
#include <asm/m2p.h>
#include <asm/page.h>
#include <asm/pv.h>
#include <asm/pv_mm.h>
#include <loader/bzimage.h>
#include <loader/libelf.h>
#include <public/features.h>
#include <public/xen.h>

#define MB(x) ((u64)(x) << 20)
#define L1_GUEST (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)
#define TABLE_GUEST L1_GUEST
/* What xeno honours of the FEATURES a kernel may require. */
#define SUPPORTED_REQUIRED                                                            \
	((1u << XENFEAT_writable_page_tables) | (1u << XENFEAT_pae_pgdir_above_4gb) | \
	 (1u << XENFEAT_dom0))

static struct dom0_mem_opt opt_dom0_mem = {.max = {.nr_pages = ~0UL >> 1}};

static int parse_dom0_mem(const char *s)
{
	return dom0_mem_parse(&opt_dom0_mem, s);
}
custom_param("dom0_mem", parse_dom0_mem);
static unsigned int opt_dom0_max_vcpus;
integer_param("dom0_max_vcpus", opt_dom0_max_vcpus);

struct dom0_layout {
	u64 v_start, kern_start, kern_end, initrd_start, initrd_end;
	u64 p2m_start, si_start, pt_start, stack_start, v_end;
	unsigned int nr_pt, nr_l3, nr_l2, nr_l1;
	unsigned long nr_pages;
};

struct builder {
	struct domain *d;
	struct elf_image elf;
	struct dom0_layout l;
	unsigned long *p2m; /* pfn -> mfn, hypervisor copy */
	const struct boot_module *kernel, *initrd;
	u8 *unpacked; /* decompressed kernel, freed once loaded */
	unsigned int unpacked_order;
};

/* Number of distinct tables at `level` needed to map [s, e). */
static unsigned int tables_needed(u64 s, u64 e, unsigned int shift)
{
	return (unsigned int)(((e - 1) >> shift) - (s >> shift) + 1);
}

static void count_tables(struct dom0_layout *l)
{
	l->nr_l3 = tables_needed(l->v_start, l->v_end, L4_SHIFT);
	l->nr_l2 = tables_needed(l->v_start, l->v_end, L3_SHIFT);
	l->nr_l1 = tables_needed(l->v_start, l->v_end, L2_SHIFT);
	l->nr_pt = 1 + l->nr_l3 + l->nr_l2 + l->nr_l1;
}

/* Place everything after the kernel; iterate until the table count is stable. */
static void compute_layout(struct builder *b, u64 initrd_len)
{
	struct dom0_layout *l = &b->l;
	u64 p2m_bytes = ROUNDUP((u64)l->nr_pages * 8, (u64)PAGE_SIZE);
	unsigned int prev = 0;

	l->v_start = b->elf.virt_base ? b->elf.virt_base : (b->elf.vstart & ~(MB(4) - 1));
	l->kern_start = b->elf.vstart;
	l->kern_end = b->elf.vend;
	l->initrd_start = l->kern_end;
	l->initrd_end = ROUNDUP(l->initrd_start + initrd_len, (u64)PAGE_SIZE);
	l->p2m_start = l->initrd_end;
	l->si_start = l->p2m_start + p2m_bytes;
	l->pt_start = l->si_start + PAGE_SIZE;
	l->nr_pt = 4;
	while (l->nr_pt != prev) {
		prev = l->nr_pt;
		l->stack_start = l->pt_start + (u64)l->nr_pt * PAGE_SIZE;
		l->v_end = ROUNDUP(l->stack_start + PAGE_SIZE + 512 * 1024, MB(4));
		count_tables(l);
	}
}

/*
 * What dom0 may have once its kernel is unpacked: the free heap less what
 * the hypervisor still needs while and after building it (the builder's p2m
 * copy, and HV_RESERVE for domains, timers and buffers to come). Sizing on
 * top of that is Xen's (xeno/dom0_mem.h), so no dom0_mem= makes the build
 * run out of memory.
 */
#define HV_RESERVE (MB(8) >> PAGE_SHIFT)

static unsigned long dom0_pages(unsigned long *max_pages)
{
	unsigned long free = heap_free_frames();
	unsigned long p2m = free / (PAGE_SIZE / sizeof(unsigned long)) + 1;
	unsigned long avail = free > p2m + HV_RESERVE ? free - p2m - HV_RESERVE : 0;

	return dom0_mem_pages(&opt_dom0_mem, avail, max_pages);
}

static int allocate_memory(struct builder *b)
{
	unsigned long pfn = 0;

	b->p2m = xmalloc_bytes(b->l.nr_pages * sizeof(unsigned long));
	if (!b->p2m)
		return -ENOMEM;
	while (pfn < b->l.nr_pages) {
		unsigned int order = 9;
		struct page_info *pg;

		while (order && (1UL << order) > b->l.nr_pages - pfn)
			order--;
		while (!(pg = alloc_domheap_pages(b->d, order)) && order)
			order--;
		if (!pg)
			return -ENOMEM;
		for (unsigned long i = 0; i < (1UL << order); i++, pfn++) {
			b->p2m[pfn] = mfn_x(page_to_mfn(pg)) + i;
			set_gpfn_from_mfn(_mfn(b->p2m[pfn]), pfn);
		}
	}
	return 0;
}

/* Hypervisor pointer to guest virtual address va in the bootstrap region. */
static void *gva(const struct builder *b, u64 va)
{
	unsigned long pfn = (unsigned long)((va - b->l.v_start) >> PAGE_SHIFT);

	return (u8 *)mfn_to_virt(_mfn(b->p2m[pfn])) + (va & (PAGE_SIZE - 1));
}

static void copy_to_region(const struct builder *b, u64 va, const u8 *src, u64 len)
{
	while (len) {
		u64 n = MIN(len, PAGE_SIZE - (va & (PAGE_SIZE - 1)));

		memcpy(gva(b, va), src, n);
		va += n, src += n, len -= n;
	}
}

static void zero_region(const struct builder *b)
{
	for (u64 va = b->l.v_start; va < b->l.v_end; va += PAGE_SIZE)
		memset(gva(b, va), 0, PAGE_SIZE);
}

static void load_image(const struct builder *b)
{
	for (unsigned int i = 0; i < b->elf.nr_segments; i++) {
		const struct elf_segment *s = &b->elf.seg[i];

		copy_to_region(b, s->vaddr, b->elf.data + s->offset, s->filesz);
	}
	if (b->initrd)
		copy_to_region(b, b->l.initrd_start, maddr_to_virt(b->initrd->start),
			       b->initrd->end - b->initrd->start);
	copy_to_region(b, b->l.p2m_start, (const u8 *)b->p2m, b->l.nr_pages * sizeof(b->p2m[0]));
}

struct pt_alloc {
	u64 next[5]; /* next free table VA for levels 1..3 */
};

/* Entry in the table at table_va for va at `level`; creates the next table. */
static u64 *pt_entry(const struct builder *b, struct pt_alloc *a, u64 table_va, u64 va,
		     unsigned int level)
{
	u64 *e = (u64 *)gva(b, table_va) + pt_index(va, level);

	if (level > 1 && !(*e & _PAGE_PRESENT)) {
		u64 child = a->next[level - 1];

		a->next[level - 1] += PAGE_SIZE;
		*e = mfn_to_maddr(_mfn(b->p2m[(child - b->l.v_start) >> PAGE_SHIFT])) | TABLE_GUEST;
	}
	return e;
}

/* The guest VA of the table an entry points to. */
static u64 child_va(const struct builder *b, u64 entry)
{
	mfn_t m = maddr_to_mfn(entry & PADDR_MASK);

	return b->l.v_start + ((u64)get_gpfn_from_mfn(m) << PAGE_SHIFT);
}

static void build_page_tables(const struct builder *b)
{
	const struct dom0_layout *l = &b->l;
	struct pt_alloc a;

	a.next[3] = l->pt_start + PAGE_SIZE;
	a.next[2] = a.next[3] + (u64)l->nr_l3 * PAGE_SIZE;
	a.next[1] = a.next[2] + (u64)l->nr_l2 * PAGE_SIZE;
	for (u64 va = l->v_start; va < l->v_end; va += PAGE_SIZE) {
		u64 *e4 = pt_entry(b, &a, l->pt_start, va, 4);
		u64 *e3 = pt_entry(b, &a, child_va(b, *e4), va, 3);
		u64 *e2 = pt_entry(b, &a, child_va(b, *e3), va, 2);
		u64 *e1 = pt_entry(b, &a, child_va(b, *e2), va, 1);
		bool is_pt = va >= l->pt_start && va < l->stack_start;
		u64 nx = va >= l->kern_end ? _PAGE_NX : 0;

		*e1 = mfn_to_maddr(_mfn(b->p2m[(va - l->v_start) >> PAGE_SHIFT])) | nx |
		      (is_pt ? L1_GUEST & ~_PAGE_RW : L1_GUEST);
	}
}

/*
 * The tables become page tables the way any guest's do: pinning the L4
 * validates the whole tree and takes every reference its entries need;
 * vCPU 0's CR3 holds one more. Returns NULL or why it failed.
 */
static const char *pin_page_tables(const struct builder *b)
{
	mfn_t l4 = _mfn(b->p2m[(b->l.pt_start - b->l.v_start) >> PAGE_SHIFT]);
	struct page_type_ops ops = pv_type_ops(b->d);

	if (!get_page(mfn_to_page(l4), page_owner_tag(b->d)) ||
	    pin_page_type(mfn_to_page(l4), PGT_l4_page_table, &ops) ||
	    pv_get_page_and_type(b->d, l4, PGT_l4_page_table))
		return "the initial page tables do not validate";
	pv_set_ro_mpt(l4, true); /* it is the kernel base table */
	return NULL;
}

/*
 * The command line's full length: what is left of it, plus what the module
 * string lost in bootinfo if the command line is part of that string.
 */
static size_t cmdline_length(const struct builder *b, const char *cmdline)
{
	const struct boot_module *k = b->kernel;
	size_t len = strlen(cmdline), held = strlen(k->cmdline);

	if (cmdline >= k->cmdline && cmdline <= k->cmdline + held && k->cmdline_len > held)
		len += k->cmdline_len - held;
	return len;
}

/* start_info's cmd_line holds MAX_GUEST_CMDLINE bytes with the NUL (as in Xen): say so if it cuts.
 */
static void warn_truncated_cmdline(const struct builder *b, const char *cmdline)
{
	size_t len = cmdline_length(b, cmdline);

	if (len >= MAX_GUEST_CMDLINE)
		printk(XENLOG_WARNING "WARNING: d%u's command line is %zu bytes, longer than "
				      "start_info's cmd_line holds (%u bytes with the NUL): "
				      "truncated to its first %u bytes\n",
		       b->d->domain_id, len, MAX_GUEST_CMDLINE, MAX_GUEST_CMDLINE - 1);
}

static void fill_start_info(const struct builder *b, const char *cmdline)
{
	struct start_info *si = gva(b, b->l.si_start);

	memset(si, 0, sizeof(*si));
	strlcpy(si->magic, "xen-3.0-x86_64", sizeof(si->magic));
	si->nr_pages = b->l.nr_pages;
	si->shared_info = virt_to_maddr(b->d->shared_info);
	si->flags = b->d->is_privileged ? SIF_PRIVILEGED | SIF_INITDOMAIN : 0;
	si->pt_base = b->l.pt_start;
	si->nr_pt_frames = b->l.nr_pt;
	si->mfn_list = b->l.p2m_start;
	if (b->initrd) {
		si->mod_start = b->l.initrd_start;
		si->mod_len = b->initrd->end - b->initrd->start;
	}
	warn_truncated_cmdline(b, cmdline);
	strlcpy(si->cmd_line, cmdline, sizeof(si->cmd_line));
}

static void print_layout(const struct builder *b)
{
	const struct dom0_layout *l = &b->l;

	if (b->d->domain_id) {
		printk("Domain %u: PV, %lu pages, %u vCPU(s), entry %016lx, %zu bytes of "
		       "hypervisor state\n",
		       b->d->domain_id, l->nr_pages, b->d->max_vcpus, (unsigned long)b->elf.entry,
		       domain_hv_bytes(b->d));
		return;
	}
	printk("*** Building a PV Dom0 ***\n");
	printk(" Dom0 kernel: 64-bit, guest OS \"%s\", entry %016lx\n", b->elf.guest_os,
	       (unsigned long)b->elf.entry);
	printk(" Dom0 memory: %lu pages (%lu MiB)\n", l->nr_pages, l->nr_pages >> 8);
	printk("VIRTUAL MEMORY ARRANGEMENT:\n");
	printk(" Loaded kernel: %016lx->%016lx\n", l->kern_start, l->kern_end);
	if (b->initrd)
		printk(" Init. ramdisk: %016lx->%016lx\n", l->initrd_start, l->initrd_end);
	printk(" Phys-Mach map: %016lx->%016lx\n", l->p2m_start, l->si_start);
	printk(" Start info:    %016lx->%016lx\n", l->si_start,
	       l->si_start + sizeof(struct start_info));
	printk(" Page tables:   %016lx->%016lx (%u frames)\n", l->pt_start, l->stack_start,
	       l->nr_pt);
	printk(" Boot stack:    %016lx->%016lx\n", l->stack_start, l->stack_start + PAGE_SIZE);
	printk(" TOTAL:         %016lx->%016lx\n", l->v_start, l->v_end);
	printk(" ENTRY ADDRESS: %016lx\n", (unsigned long)b->elf.entry);
}

static const char *check_image(const struct builder *b)
{
	const struct dom0_layout *l = &b->l;

	if (strcmp(b->elf.loader, "generic") && strcmp(b->elf.guest_os, "linux"))
		return "not built for the generic loader (LOADER note) nor a Linux image";
	if (b->elf.features_required & ~SUPPORTED_REQUIRED)
		return "the kernel requires Xen features xeno does not provide";
	if (!b->d->is_privileged && (b->elf.features_required & (1u << XENFEAT_dom0)))
		return "the kernel can only run as dom0";
	if (b->elf.init_p2m != ELF_NO_ADDR)
		printk("Dom0 kernel asks for the p2m at %lx (INIT_P2M); placing it in the "
		       "initial mapping instead\n",
		       (unsigned long)b->elf.init_p2m);
	if (l->kern_start < l->v_start || l->v_end - l->v_start > MB(1024))
		return "the start-of-day region does not fit in 1 GiB above VIRT_BASE";
	if ((l->v_end - l->v_start) >> PAGE_SHIFT > l->nr_pages)
		return "dom0_mem is too small for the kernel and its boot structures";
	return NULL;
}

static void init_vcpu0(struct vcpu *v, const struct builder *b)
{
	struct cpu_user_regs *r = &v->regs;

	memset(r, 0, sizeof(*r));
	r->rip = b->elf.entry;
	r->rsp = b->l.stack_start + PAGE_SIZE;
	r->rsi = b->l.si_start;
	r->cs = FLAT_KERNEL_CS;
	r->ss = FLAT_KERNEL_SS;
	r->rflags = 0x202;
	v->pv.kernel_mode = true;
	v->pv.kernel_ss = r->ss;
	v->pv.kernel_sp = r->rsp;
	v->pv.guest_table = _mfn(b->p2m[(b->l.pt_start - b->l.v_start) >> PAGE_SHIFT]);
	v->is_initialised = true;
}

/*
 * The kernel as a boot loader hands it over: a bzImage (XZ or gzip payload,
 * decompressed into a temporary heap buffer) or a plain ELF.
 */
static int unpack_kernel(struct builder *b, const u8 **elf, size_t *len, const char **why)
{
	const struct boot_module *k = b->kernel;
	struct bzimage_info info;
	struct bzimage_work *work;
	unsigned int order = 0;

	if (bzimage_probe(maddr_to_virt(k->start), k->end - k->start, &info, why))
		return -EINVAL;
	if (info.comp == BZIMAGE_COMP_NONE)
		return bzimage_decompress(&info, NULL, 0, NULL, elf, len, why) ? -EINVAL : 0;
	while (((size_t)PAGE_SIZE << order) < info.uncompressed_size)
		order++;
	work = xmalloc(struct bzimage_work);
	b->unpacked = order <= MAX_ORDER ? alloc_xenheap_pages(order) : NULL;
	b->unpacked_order = order;
	if (!work || !b->unpacked) {
		xfree(work);
		*why = "not enough memory to decompress the kernel";
		return -ENOMEM;
	}
	printk("Dom0 kernel: decompressing %zu KiB %s payload to %zu KiB\n", info.stream_len >> 10,
	       info.comp == BZIMAGE_COMP_XZ ? "XZ" : "gzip", info.uncompressed_size >> 10);
	if (bzimage_decompress(&info, b->unpacked, (size_t)PAGE_SIZE << order, work, elf, len,
			       why)) {
		xfree(work);
		return -EINVAL;
	}
	xfree(work);
	return 0;
}

static int build(struct builder *b, const char *cmdline, const char **why)
{
	unsigned long max_pages = 0;
	const u8 *image;
	size_t image_len;
	int rc;

	if (unpack_kernel(b, &image, &image_len, why) || elf_parse(&b->elf, image, image_len, why))
		return -EINVAL;
	if (!b->l.nr_pages)
		b->l.nr_pages = dom0_pages(&max_pages);
	compute_layout(b, b->initrd ? b->initrd->end - b->initrd->start : 0);
	if ((*why = check_image(b)))
		return -EINVAL;
	print_layout(b);
	/* max: raises the limit (balloon up to it); without it dom0 stays at its size. */
	b->d->max_pages = max_pages < (~0UL >> 1) ? MAX(b->l.nr_pages, max_pages) : b->l.nr_pages;
	if ((rc = allocate_memory(b))) {
		*why = "out of memory";
		return rc;
	}
	zero_region(b);
	load_image(b);
	if (b->elf.hypercall_page != ELF_NO_ADDR)
		pv_init_hypercall_page(gva(b, b->elf.hypercall_page));
	build_page_tables(b);
	if ((*why = pin_page_tables(b)))
		return -EINVAL;
	fill_start_info(b, cmdline);
	init_vcpu0(b->d->vcpu[0], b);
	return 0;
}

/*
 * Build d (created, vCPUs made) from a kernel module and an optional
 * initrd, with nr_pages of memory (0: dom0's size from dom0_mem= and the
 * free heap). 0, or -errno and *why.
 */
int pv_build_domain(struct domain *d, const struct boot_module *kernel,
		    const struct boot_module *initrd, unsigned long nr_pages, const char *cmdline,
		    const char **why)
{
	struct builder b = {.d = d, .kernel = kernel, .initrd = initrd};
	int rc;

	b.l.nr_pages = nr_pages;
	rc = build(&b, cmdline, why);
	xfree(b.p2m);
	if (b.unpacked)
		free_xenheap_pages(b.unpacked, b.unpacked_order);
	return rc;
}

int arch_construct_dom0(void)
{
	const struct boot_module *kernel = &bootinfo.modules[0], *initrd = NULL;
	const char *cmdline = strchr(kernel->cmdline, ' '), *why = NULL;
	struct domain *d;

	if (!bootinfo.nr_modules)
		return -ENOENT;
	if (bootinfo.nr_modules > 1 && !boot_module_is_domu(&bootinfo.modules[1]))
		initrd = &bootinfo.modules[1];
	d = domain_create(0, true, opt_dom0_max_vcpus ? opt_dom0_max_vcpus : num_online_cpus());
	if (!d || domain_create_vcpus(d))
		panic("cannot create dom0");
	if (pv_build_domain(d, kernel, initrd, 0, cmdline ? cmdline + 1 : "", &why))
		panic("Could not set up dom0: %s", why);
	printk("Dom0 has %lu MiB (max %lu MiB); %lu MiB stay free\n", d->tot_pages >> 8,
	       (unsigned long)d->max_pages >> 8, heap_free_frames() >> 8);
	dom0 = d;
	return 0;
}
