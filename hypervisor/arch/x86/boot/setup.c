/*
 * Boot CPU start of day: __start_xeno() runs in long mode on the boot page
 * tables and brings the machine up in order: loader info, command line,
 * console, memory (boot allocator -> page tables -> frame table -> heap),
 * per-CPU state and descriptor tables, ACPI, local APIC and time, then the
 * other CPUs. Anything that fails here panics: no guest exists yet.
 */
#include <xeno/bootinfo.h>
#include <xeno/console.h>
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/param.h>
#include <xeno/percpu.h>
#include <xeno/setup.h>
#include <xeno/shutdown.h>
#include <xeno/smp.h>
#include <xeno/sched.h>
#include <xeno/string.h>
#include <xeno/time.h>
#include <xeno/traps.h>
#include <xeno/version.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/mm.h>
#include <asm/processor.h>

bool cpu_has_smap;
bool cpu_has_cpuid_faulting; /* on for guests: every guest CPUID traps */
static u64 boot_entry_tsc;

static const char *const memmap_names[] = {
	[E820_RAM] = "RAM",	 [E820_RESERVED] = "reserved", [E820_ACPI] = "ACPI data",
	[E820_NVS] = "ACPI NVS", [E820_UNUSABLE] = "unusable",
};

s_time_t arch_boot_entry_time(void)
{
	return tsc_to_ns(boot_entry_tsc);
}

static void warn_param(const char *what, const char *opt, size_t len)
{
	printk(XENLOG_WARNING "WARNING: %s '%.*s' ignored\n", what, (int)len, opt);
}

static void parse_cmdline(void)
{
	extern const struct kernel_param __param_start[], __param_end[];

	cmdline_parse(bootinfo.cmdline, __param_start, __param_end, warn_param);
}

static void print_memmap(void)
{
	printk("%s memory map:\n", bootinfo.loader);
	for (unsigned int i = 0; i < bootinfo.nr_memmap; i++) {
		const struct memmap_entry *m = &bootinfo.memmap[i];

		printk(" %016lx - %016lx (%s)\n", m->addr, m->addr + m->size,
		       m->type < ARRAY_SIZE(memmap_names) && memmap_names[m->type]
			       ? memmap_names[m->type]
			       : "unknown");
	}
}

static void bootmem_setup(void)
{
	extern char __image_start[], __image_end[];

	for (unsigned int i = 0; i < bootinfo.nr_memmap; i++)
		if (bootinfo.memmap[i].type == E820_RAM)
			bootmem_add(bootinfo.memmap[i].addr,
				    bootinfo.memmap[i].addr + bootinfo.memmap[i].size);
	bootmem_reserve(0, PAGE_SIZE); /* real-mode IVT/BDA: keep */
	bootmem_reserve(virt_to_maddr(__image_start), virt_to_maddr(__image_end));
	for (unsigned int i = 0; i < bootinfo.nr_modules; i++)
		bootmem_reserve(bootinfo.modules[i].start, bootinfo.modules[i].end);
}

static void release_to_heap(paddr_t start, paddr_t end)
{
	heap_free_range(maddr_to_mfn(start), (end - start) >> PAGE_SHIFT);
}

/*
 * Once every domain is built from them, the boot modules' frames go to the
 * heap, as Xen discards its initial images: the whole pages inside each.
 */
void arch_discard_boot_modules(void)
{
	for (unsigned int i = 0; i < bootinfo.nr_modules; i++) {
		paddr_t start = ROUNDUP(bootinfo.modules[i].start, (paddr_t)PAGE_SIZE);
		paddr_t end = bootinfo.modules[i].end & ~(paddr_t)(PAGE_SIZE - 1);

		if (end > start)
			release_to_heap(start, end);
	}
	bootinfo.nr_modules = 0;
}

static u64 ram_bytes(void)
{
	u64 total = 0;

	for (unsigned int i = 0; i < bootinfo.nr_memmap; i++)
		if (bootinfo.memmap[i].type == E820_RAM)
			total += bootinfo.memmap[i].size;
	return total;
}

static void memory_init(void)
{
	unsigned long nr;

	print_memmap();
	bootmem_setup();
	smp_reserve_low_memory();
	/* The rest of the first MiB never reaches the heap: it is I/O space a
	 * privileged domain may map (BIOS areas, the legacy ISA hole), as in Xen. */
	bootmem_reserve(0, 0x100000);
	paging_init();
	nr = memmap_max_pfn();
	heap_init(frametable_init(nr), nr);
	bootmem_release(release_to_heap);
	paging_heap_ready();
	m2p_init();
	printk("Memory: %lu KiB RAM detected (%lu MiB), %lu KiB free for the heap\n",
	       (unsigned long)(ram_bytes() >> 10),
	       (unsigned long)(DIV_ROUND_UP(ram_bytes(), 1UL << 20)),
	       heap_free_frames() << (PAGE_SHIFT - 10));
}

void setup_percpu_area(unsigned int cpu)
{
	extern char __per_cpu_start[], __per_cpu_end[];
	size_t size = (size_t)(__per_cpu_end - __per_cpu_start);
	char *p;

	if (cpu == 0) {
		per_cpu_offset[0] = 0; /* the boot CPU uses the image's copy */
		return;
	}
	p = xzalloc_bytes(size);
	if (!p)
		panic("no memory for CPU%u's per-CPU area", cpu);
	memcpy(p, __per_cpu_start, size);
	per_cpu_offset[cpu] = (unsigned long)(p - __per_cpu_start);
}

/* rdmsr that returns false instead of faulting on an absent MSR. */
static bool rdmsr_safe(u32 msr, u64 *val)
{
	u32 lo = 0, hi = 0;
	int ok = 1;

	__asm__ __volatile__("1: rdmsr\n"
			     "2:\n"
			     ".pushsection .text.fixup, \"ax\"\n"
			     "3: xorl %2, %2\n"
			     "   jmp 2b\n"
			     ".popsection\n" _ASM_EXTABLE(1b, 3b)
			     : "=a"(lo), "=d"(hi), "+r"(ok)
			     : "c"(msr));
	*val = ((u64)hi << 32) | lo;
	return ok;
}

/* FPU/SSE/AVX for guests; CPUID faulting so guest cpuid shows the PV view. */
static void guest_facing_features_init(void)
{
	struct cpuid_regs r;
	u64 platform_info;

	cpuid_count(1, 0, &r);
	write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
	if (r.ecx & (1u << 26)) {
		u64 xcr0 = 3 | ((r.ecx & (1u << 28)) ? 4 : 0); /* x87, SSE, AVX */

		write_cr4(read_cr4() | X86_CR4_OSXSAVE);
		__asm__ __volatile__("xsetbv" ::"c"(0), "a"((u32)xcr0), "d"((u32)(xcr0 >> 32)));
	}
	if (rdmsr_safe(0xce, &platform_info) && (platform_info & (1ULL << 31))) {
		wrmsr(0x140, 1); /* MISC_FEATURES_ENABLES.CPUID_FAULTING */
		cpu_has_cpuid_faulting = true;
	}
}

static void cpu_features_init(void)
{
	struct cpuid_regs r;

	cpuid_count(7, 0, &r);
	if (r.ebx & (1u << 7))
		write_cr4(read_cr4() | X86_CR4_SMEP);
	if (r.ebx & (1u << 20)) {
		write_cr4(read_cr4() | X86_CR4_SMAP);
		cpu_has_smap = true;
	}
}

/* Per-CPU hardware state common to the boot CPU and the others. */
void cpu_init_common(unsigned int cpu)
{
	cpu_desc_init(cpu);
	cpu_features_init();
	guest_facing_features_init();
	pv_syscall_init_cpu(cpu);
}

void __noreturn __start_xeno(u32 magic, paddr_t info);
void __noreturn __start_xeno(u32 magic, paddr_t info)
{
	int loader_ok;

	boot_entry_tsc = rdtsc();
	loader_ok = bootinfo_parse(magic, info);

	get_cpu_info()->cpu_id = 0;
	cpu_info_of[0] = get_cpu_info();
	parse_cmdline();
	console_init_preirq();
	printk(XENO_BANNER);
	if (loader_ok < 0)
		panic("not started by a multiboot loader (magic %#x)", magic);
	printk("Loader: %s (%s)\n", bootinfo.loader,
	       bootinfo.loader_name[0] ? bootinfo.loader_name : "unnamed");
	printk("Command line: %s\n", bootinfo.cmdline);
	memory_init();
	idt_init();
	cpu_init_common(0);
	acpi_init();
	apic_init_bsp();
	time_init();
	pv_time_init();
	smp_boot_cpus();
	boot_done();
}
