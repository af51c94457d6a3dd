/*
 * The tiny toolstack's build and run of a PV domain, as libxc does it for
 * Xen 4.17: createdomain, max_vcpus, max_mem, populate_physmap, the new
 * domain's frames mapped into dom0 with mmu_update (foreigndom = the new
 * domain) and written (page tables, a page of code), the tables unmapped
 * and the L4 pinned with mmuext_op (foreigndom = the new domain),
 * setvcpucontext (read back with getvcpucontext), unpause. The code writes
 * a marker into its data page (which dom0 keeps mapped) and shuts down with
 * SCHEDOP_shutdown(poweroff). Before it runs, dom0 seeds its grant table
 * as libxc does: frame 0 by XENMEM_acquire_resource (mapped with
 * mmu_update command 3) and by GNTTABOP_setup_table (the same frame),
 * entries 0 and 1 granting dom0 two of its pages. dom0 waits through getdomaininfo,
 * reads the marker and destroys the domain ("built dN" lets the xeno run
 * check that the domain's frames all came back). Between build and unpause,
 * save.c asks what libxc's save would (frame types, vCPU extended state).
 */
#include <guest.h>
#include <guest_domctl.h>
#include <guest_mm.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include <public/sched.h>

#define NR_FRAMES 8 /* L4 L3 L2 L1 code data stack hypercall-page */
#define GPFN_CODE 4
#define GPFN_DATA 5
#define GPFN_STACK 6
#define GPFN_HCALL 7	   /* filled by XEN_DOMCTL_hypercall_init */
#define VA_BASE 0x400000UL /* gpfn n at VA_BASE + n pages */
#define VA_OF(gpfn) (VA_BASE + ((unsigned long)(gpfn) << 12))
#define MARKER 0x4b52414dU /* written by the built domain */
#define PT_FLAGS (PTE_P | PTE_RW | PTE_US | PTE_A)

/*
 * The built domain's code: marker, console write through its hypercall page
 * (result kept), poweroff.
 */
extern const char payload_start[], payload_end[];
asm(".pushsection .rodata\n"
    "payload_start:\n"
    "  movl $0x4b52414d, 0x405000\n"
    "  xor %edi, %edi\n" /* CONSOLEIO_write */
    "  mov $(payload_msg_end - payload_msg), %esi\n"
    "  lea payload_msg(%rip), %rdx\n"
    "  mov $0x407240, %eax\n" /* the hypercall page's console_io stub (18 * 32) */
    "  call *%rax\n"
    "  mov %rax, 0x405008\n"
    "  movl $0, 0x405010\n" /* struct sched_shutdown: SHUTDOWN_poweroff */
    "  mov $2, %edi\n"	    /* SCHEDOP_shutdown */
    "  mov $0x405010, %esi\n"
    "  mov $29, %eax\n" /* __HYPERVISOR_sched_op */
    "  syscall\n"
    "  ud2\n"
    "payload_msg: .ascii \"domctl-build: the built domain runs\\n\"\n"
    "payload_msg_end:\n"
    "payload_end:\n"
    ".popsection");

struct build {
	domid_t dom;
	xen_pfn_t mfn[NR_FRAMES];
	char *window;		 /* a dom0 page whose PTE we point at the new domain's frames */
	uint64_t window_pte;	 /* its own entry, restored after */
	volatile uint32_t *data; /* the data page, mapped for the whole run */
	uint64_t data_pte;	 /* its own entry */
};

static long map_foreign(const struct build *b, void *va, xen_pfn_t mfn)
{
	struct mmu_update u = {entry_maddr(pt_entry_of((unsigned long)va, 1)),
			       mfn << 12 | PTE_P | PTE_RW | PTE_A | PTE_D};
	long rc = hc_mmu_update(&u, 1, NULL, b->dom);

	mmuext1(MMUEXT_INVLPG_LOCAL, (unsigned long)va); /* mmu_update does not flush */
	return rc;
}

static long unmap_window(struct build *b)
{
	return hc_update_va_mapping((unsigned long)b->window, b->window_pte, UVMF_INVLPG);
}

/* Frame gpfn of the new domain, filled by fill() through the window. */
static bool write_frame(struct build *b, unsigned int gpfn,
			void (*fill)(struct build *, uint64_t *))
{
	if (map_foreign(b, b->window, b->mfn[gpfn])) {
		fail("mmu_update mapping d%u's frame %u", b->dom, gpfn);
		return false;
	}
	memset(b->window, 0, 4096);
	fill(b, (uint64_t *)b->window);
	return !unmap_window(b);
}

static void fill_l4(struct build *b, uint64_t *t)
{
	t[0] = b->mfn[1] << 12 | PT_FLAGS;
}

static void fill_l3(struct build *b, uint64_t *t)
{
	t[0] = b->mfn[2] << 12 | PT_FLAGS;
}

static void fill_l2(struct build *b, uint64_t *t)
{
	t[VA_BASE >> 21] = b->mfn[3] << 12 | PT_FLAGS;
}

/* Tables, code and the hypercall page read-only, data and stack writable. */
static void fill_l1(struct build *b, uint64_t *t)
{
	for (unsigned int i = 0; i < NR_FRAMES; i++)
		t[(VA_BASE >> 12) % 512 + i] =
			b->mfn[i] << 12 | PTE_P | PTE_US | PTE_A |
			(i == GPFN_DATA || i == GPFN_STACK ? PTE_RW | PTE_D : 0);
}

static void fill_code(struct build *b, uint64_t *t)
{
	(void)b;
	memcpy(t, payload_start, (size_t)(payload_end - payload_start));
}

static long map_no_translate(const struct build *b, void *va, xen_pfn_t mfn)
{
	struct mmu_update u = {entry_maddr(pt_entry_of((unsigned long)va, 1)) |
				       MMU_PT_UPDATE_NO_TRANSLATE,
			       mfn << 12 | PTE_P | PTE_RW | PTE_A | PTE_D};
	long rc = hc_mmu_update(&u, 1, NULL, b->dom);

	mmuext1(MMUEXT_INVLPG_LOCAL, (unsigned long)va);
	return rc;
}

/* Grant entries 0 and 1 of the new domain: its data and stack pages, to dom0. */
static void seed_grants(struct build *b)
{
	struct xen_mem_acquire_resource r = {.domid = b->dom, .type = XENMEM_resource_grant_table};
	struct gnttab_setup_table st = {.dom = b->dom, .nr_frames = 1};
	xen_pfn_t frame = 0, frame2 = 0;
	struct grant_entry_v1 *e = (struct grant_entry_v1 *)b->window;

	check_eq(HC(memory_op, XENMEM_acquire_resource, &r, 0), 0,
		 "acquire_resource: how many grant frames");
	check(r.nr_frames >= 1, "grant frames %u", r.nr_frames);
	r.nr_frames = 1;
	r.frame_list.p = &frame;
	check_eq(HC(memory_op, XENMEM_acquire_resource, &r, 0), 0,
		 "acquire_resource: grant frame 0");
	st.frame_list.p = &frame2;
	check_eq(HC(grant_table_op, GNTTABOP_setup_table, &st, 1), 0, "setup_table for d");
	check_eq(st.status, GNTST_okay, "setup_table status");
	check_eq(frame2, frame, "setup_table and acquire_resource name the same frame");
	r.domid = 0;
	check_eq(HC(memory_op, XENMEM_acquire_resource, &r, 0), -XEN_EPERM,
		 "acquire_resource of oneself");
	if (map_no_translate(b, b->window, frame)) {
		fail("mapping d%u's grant frame", b->dom);
		return;
	}
	e[0].domid = e[1].domid = 0;
	e[0].frame = (uint32_t)b->mfn[GPFN_DATA];
	e[1].frame = (uint32_t)b->mfn[GPFN_DATA + 1];
	__atomic_store_n(&e[0].flags, GTF_permit_access, __ATOMIC_RELEASE);
	__atomic_store_n(&e[1].flags, GTF_permit_access, __ATOMIC_RELEASE);
	unmap_window(b);
}

static bool populate_all(struct build *b)
{
	struct xen_memory_reservation r = {.nr_extents = NR_FRAMES, .domid = b->dom};

	for (unsigned int i = 0; i < NR_FRAMES; i++)
		b->mfn[i] = i;
	r.extent_start.p = b->mfn;
	return HC(memory_op, XENMEM_populate_physmap, &r, 0) == NR_FRAMES;
}

static long vcpu_context(uint32_t cmd, domid_t dom, struct vcpu_guest_context *ctx)
{
	struct xen_domctl op;

	memset(&op, 0, sizeof(op));
	op.u.vcpucontext.vcpu = 0;
	op.u.vcpucontext.ctxt.p = ctx;
	return domctl(&op, cmd, dom);
}

/*
 * As Xen: a second context for the initialised vCPU reloads its registers if
 * it names the same tables (libxc's resume after `xl save -c`), else
 * -EOPNOTSUPP. ctx is left as it came.
 */
static void test_reload(struct build *b, struct vcpu_guest_context *ctx)
{
	static struct vcpu_guest_context back;

	ctx->user_regs.rip += 16;
	check_eq(vcpu_context(XEN_DOMCTL_setvcpucontext, b->dom, ctx), 0,
		 "setvcpucontext again, same tables");
	check_eq(vcpu_context(XEN_DOMCTL_getvcpucontext, b->dom, &back), 0, "getvcpucontext");
	check_eq(back.user_regs.rip, ctx->user_regs.rip, "the reloaded rip");
	ctx->user_regs.rip -= 16;
	ctx->ctrlreg[3] = xen_pfn_to_cr3(b->mfn[1]);
	check_eq(vcpu_context(XEN_DOMCTL_setvcpucontext, b->dom, ctx), -XEN_EOPNOTSUPP,
		 "setvcpucontext again, another L4");
	ctx->ctrlreg[3] = xen_pfn_to_cr3(b->mfn[0]);
	check_eq(vcpu_context(XEN_DOMCTL_setvcpucontext, b->dom, ctx), 0,
		 "setvcpucontext back to the start");
}

/* vCPU 0's start, as libxc's vcpu_x86_64 sets it. */
static long start_vcpu(struct build *b)
{
	static struct vcpu_guest_context ctx, back;

	memset(&ctx, 0, sizeof(ctx));
	ctx.user_regs.rip = VA_OF(GPFN_CODE);
	ctx.user_regs.rsp = VA_OF(GPFN_STACK + 1);
	ctx.user_regs.rflags = 1 << 9;
	ctx.debugreg[6] = 0xffff0ff0;
	ctx.debugreg[7] = 0x400;
	ctx.flags = VGCF_in_kernel | VGCF_online;
	ctx.ctrlreg[3] = xen_pfn_to_cr3(b->mfn[0]);
	ctx.user_regs.ds = ctx.user_regs.es = ctx.user_regs.fs = ctx.user_regs.gs = FLAT_KERNEL_DS;
	ctx.user_regs.ss = FLAT_KERNEL_SS;
	ctx.user_regs.cs = FLAT_KERNEL_CS;
	ctx.kernel_ss = FLAT_KERNEL_SS;
	ctx.kernel_sp = ctx.user_regs.rsp;
	check_eq(vcpu_context(XEN_DOMCTL_getvcpucontext, b->dom, &back), -XEN_ENODATA,
		 "getvcpucontext before setvcpucontext");
	if (vcpu_context(XEN_DOMCTL_setvcpucontext, b->dom, &ctx))
		return -1;
	check_eq(vcpu_context(XEN_DOMCTL_getvcpucontext, b->dom, &back), 0, "getvcpucontext");
	check_eq(back.user_regs.rip, ctx.user_regs.rip, "getvcpucontext: rip");
	check_eq(back.ctrlreg[3], ctx.ctrlreg[3], "getvcpucontext: cr3");
	check_eq(back.flags & (VGCF_in_kernel | VGCF_online), VGCF_in_kernel | VGCF_online,
		 "getvcpucontext: flags");
	test_reload(b, &ctx);
	return 0;
}

static long hypercall_init(domid_t dom, xen_pfn_t gmfn)
{
	struct xen_domctl op;

	memset(&op, 0, sizeof(op));
	op.u.hypercall_init.gmfn = gmfn;
	return domctl(&op, XEN_DOMCTL_hypercall_init, dom);
}

/*
 * XEN_DOMCTL_hypercall_init (libxc's for a kernel with a HYPERCALL_PAGE
 * note): the page holds 32-byte stubs, "push %rcx; push %r11; mov $n,
 * %eax; syscall; pop %r11; pop %rcx; ret", iret's pushing %rax and not
 * returning; the built domain calls console_io through it. A frame not
 * the domain's is -EINVAL, its pinned L4 (never writable) -EPERM.
 */
static bool init_hypercall_page(struct build *b)
{
	static const uint8_t stub[] = {0x51, 0x41, 0x53, 0xb8, 18,   0,	   0,
				       0,    0x0f, 0x05, 0x41, 0x5b, 0x59, 0xc3};
	static const uint8_t iret[] = {0x51, 0x41, 0x53, 0x50, 0xb8, 23, 0, 0, 0, 0x0f, 0x05};
	const uint8_t *p = (const uint8_t *)b->window;

	check_eq(hypercall_init(b->dom, b->mfn[0]), -XEN_EPERM, "hypercall_init on the pinned L4");
	check_eq(hypercall_init(b->dom, virt_to_mfn(b->window)), -XEN_EINVAL,
		 "hypercall_init on a frame of ours");
	if (hypercall_init(b->dom, b->mfn[GPFN_HCALL]) ||
	    map_foreign(b, b->window, b->mfn[GPFN_HCALL])) {
		fail("XEN_DOMCTL_hypercall_init");
		return false;
	}
	check(!memcmp(p + 18 * 32, stub, sizeof(stub)), "console_io's stub in the hypercall page");
	check(!memcmp(p + 23 * 32, iret, sizeof(iret)), "iret's stub in the hypercall page");
	unmap_window(b);
	return true;
}

static bool build(struct build *b)
{
	static void (*const fill[])(struct build *, uint64_t *) = {fill_l4, fill_l3, fill_l2,
								   fill_l1, fill_code};
	struct mmuext_op pin = {.cmd = MMUEXT_PIN_L4_TABLE};
	unsigned int n = 1;

	if (domctl_u32(XEN_DOMCTL_max_vcpus, b->dom, &n) || set_max_mem(b->dom, 1024) ||
	    !populate_all(b)) {
		fail("max_vcpus, max_mem or populate_physmap for d%u", b->dom);
		return false;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(fill); i++)
		if (!write_frame(b, i, fill[i]))
			return false;
	seed_grants(b);
	if (map_foreign(b, (void *)b->data, b->mfn[GPFN_DATA])) {
		fail("mapping the data page");
		return false;
	}
	pin.arg1.mfn = b->mfn[0];
	check_eq(hc_mmuext_op(&pin, 1, NULL, DOMID_SELF), -XEN_EINVAL, "pinning d's L4 as our own");
	check_eq(hc_mmuext_op(&pin, 1, NULL, b->dom), 0, "MMUEXT_PIN_L4_TABLE, foreigndom");
	return init_hypercall_page(b) && start_vcpu(b) == 0;
}

/* Wait (yielding) until dom shuts down; its getdomaininfo flags. */
static uint32_t wait_shutdown(domid_t dom)
{
	struct xen_domctl_getdomaininfo info = {0};

	for (long i = 0; i < 100000; i++) {
		if (domain_info(dom, &info) || (info.flags & XEN_DOMINF_shutdown))
			break;
		hc_sched_op(SCHEDOP_yield, NULL);
	}
	return info.flags;
}

void test_build(void);					 /* called by main.c */
void test_save_state(domid_t dom, const xen_pfn_t *mfn); /* save.c */

void test_build(void)
{
	static struct build b;
	struct xen_domctl_createdomain c;
	uint32_t flags;

	b.window = alloc_page();
	b.data = alloc_page();
	pv_domain_config(&c, 1);
	if (!b.window || !b.data || create_domain(0, &c, &b.dom)) {
		fail("createdomain for the build");
		return;
	}
	b.window_pte = *pt_entry_of((unsigned long)b.window, 1);
	b.data_pte = *pt_entry_of((unsigned long)b.data, 1);
	if (build(&b)) {
		test_save_state(b.dom, b.mfn);
		check_eq(simple_domctl(XEN_DOMCTL_unpausedomain, b.dom), 0,
			 "unpause the built domain");
		flags = wait_shutdown(b.dom);
		check(flags & XEN_DOMINF_shutdown, "the built domain shut down (flags %#x)", flags);
		check_eq(flags >> XEN_DOMINF_shutdownshift & XEN_DOMINF_shutdownmask,
			 SHUTDOWN_poweroff, "its shutdown code");
		check_eq(b.data[0], MARKER, "the marker it wrote");
		printf("built d%u: console_io from it returned %ld\n", b.dom,
		       *(volatile long *)(b.data + 2));
	}
	hc_update_va_mapping((unsigned long)b.data, b.data_pte, UVMF_INVLPG);
	check_eq(simple_domctl(XEN_DOMCTL_destroydomain, b.dom), 0, "destroy the built domain");
}
