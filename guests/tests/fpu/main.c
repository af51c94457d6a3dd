/*
 * fpu: the guest's x87, SSE and (when XSAVE and AVX are enabled) AVX
 * register state survives hypercalls, exceptions delivered to the guest,
 * and round trips to guest user mode: the hypervisor never clobbers it.
 */
#include <guest_mm.h>

const char test_title[] = "fpu: x87/SSE/AVX state kept across hypercalls, traps, user mode";

static uint8_t before[1024] __attribute__((aligned(64)));
static uint8_t after[1024] __attribute__((aligned(64)));
static bool use_xsave;

static void load_patterns(void)
{
	static uint8_t pattern[32 * 16] __attribute__((aligned(32)));

	for (unsigned int i = 0; i < sizeof(pattern); i++)
		pattern[i] = (uint8_t)(i * 7 + 3);
	__asm__ __volatile__("fninit; fld1; fldpi; fldl2e\n"
			     "movdqu 0(%0), %%xmm0; movdqu 16(%0), %%xmm1; movdqu 32(%0), %%xmm7\n"
			     "movdqu 48(%0), %%xmm8; movdqu 64(%0), %%xmm15\n" ::"r"(pattern)
			     : "memory");
	if (use_xsave)
		__asm__ __volatile__(
			"vmovdqu 96(%0), %%ymm2; vmovdqu 128(%0), %%ymm14" ::"r"(pattern)
			: "memory");
}

static void save(uint8_t *buf)
{
	memset(buf, 0, sizeof(before));
	if (use_xsave)
		__asm__ __volatile__("xsave (%0)" ::"r"(buf), "a"(7), "d"(0) : "memory");
	else
		__asm__ __volatile__("fxsave (%0)" ::"r"(buf) : "memory");
}

/* Registers only: FCW/FSW/FTW (0-5), MXCSR (24), ST0-7 (32-159), XMM (160-415), YMM_Hi (576-831).
 */
static bool same_registers(void)
{
	return !memcmp(before, after, 6) && !memcmp(before + 24, after + 24, 4) &&
	       !memcmp(before + 32, after + 32, 384) &&
	       (!use_xsave || !memcmp(before + 576, after + 576, 256));
}

static long user_noop(void)
{
	return 0;
}

static void across(const char *what, void (*disturb)(void))
{
	load_patterns();
	save(before);
	disturb();
	save(after);
	check(same_registers(), "FPU/SSE%s state unchanged across %s", use_xsave ? "/AVX" : "",
	      what);
}

static void a_hypercall(void)
{
	hc_xen_version(XENVER_version, NULL);
	hypercall_syscall(__HYPERVISOR_xen_version, 0, 0, 0, 0, 0);
}

static void a_trap(void)
{
	__asm__ __volatile__("int3\n1: nop\n" EXTABLE(1b, 1b)::: "memory");
	__asm__ __volatile__("1: movq 0x1000, %%rax\n2:\n" EXTABLE(1b, 2b)::: "rax", "memory");
}

static void user_round_trip(void)
{
	exec_user(user_noop);
}

static void page_table_work(void)
{
	uint64_t *p = alloc_page();

	remap_page(p, PTE_P | PTE_A);
	remap_page(p, PTE_P | PTE_RW | PTE_A | PTE_D);
}

void test_main(void)
{
	uint32_t r[4];

	cpuid_forced(1, 0, r);
	use_xsave = (r[2] & (1u << 27)) && (r[2] & (1u << 28)); /* OSXSAVE and AVX */
	if (use_xsave) {
		uint32_t lo, hi;

		__asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
		use_xsave = (lo & 6) == 6; /* SSE and AVX state enabled in XCR0 */
	}
	printf("checking x87/SSE%s\n", use_xsave ? "/AVX (xsave)" : " (fxsave)");
	across("hypercalls", a_hypercall);
	across("exceptions", a_trap);
	across("a user-mode round trip", user_round_trip);
	across("page-table hypercalls", page_table_work);
}
