/*
 * Bringing up the other CPUs listed in the MADT, one at a time:
 * INIT, then STARTUP IPIs pointing at the real-mode trampoline, then wait for
 * the AP to set its bit in cpu_online_map. The trampoline page and the AP
 * boot L4 (idle L4 + identity map of low memory) are taken below 1 MiB
 * before the boot allocator closes (smp_reserve_low_memory()).
 */
#include <xeno/bootinfo.h>
#include <xeno/irq.h>
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/percpu.h>
#include <xeno/setup.h>
#include <xeno/smp.h>
#include <xeno/string.h>
#include <xeno/time.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/processor.h>

extern const char trampoline_start[], trampoline_end[];
extern const u32 tramp32_off, tramp64_off, tramp_gdt_off;
extern char tramp_gdtr[], tramp_jmp32[], tramp_jmp64[], tramp_cr3[], tramp_stack[], tramp_entry[];
extern u64 boot_l4[];
extern void ap_entry64(void);

u32 cpu_apic_id[NR_CPUS];
static paddr_t tramp_pa, ap_l4_pa;

void smp_reserve_low_memory(void)
{
	tramp_pa = bootmem_alloc(PAGE_SIZE, PAGE_SIZE, 0x100000);
	ap_l4_pa = bootmem_alloc(PAGE_SIZE, PAGE_SIZE, 0x100000);
}

bool smp_is_trampoline_frame(unsigned long mfn)
{
	return mfn == tramp_pa >> PAGE_SHIFT || mfn == ap_l4_pa >> PAGE_SHIFT;
}

/* Address of trampoline symbol `sym` in the low-memory copy. */
static void *tramp_field(const char *sym)
{
	return maddr_to_virt(tramp_pa + (paddr_t)(sym - trampoline_start));
}

static void prepare_trampoline(void)
{
	u64 *ap_l4 = maddr_to_virt(ap_l4_pa);

	memcpy(maddr_to_virt(tramp_pa), trampoline_start,
	       (size_t)(trampoline_end - trampoline_start));
	*(u32 *)(tramp_field(tramp_gdtr) + 2) = (u32)(tramp_pa + tramp_gdt_off);
	*(u32 *)tramp_field(tramp_jmp32) = (u32)(tramp_pa + tramp32_off);
	*(u32 *)tramp_field(tramp_jmp64) = (u32)(tramp_pa + tramp64_off);
	memcpy(ap_l4, idle_pg_table, PAGE_SIZE);
	ap_l4[0] = boot_l4[0]; /* identity map of the low GiB (boot tables) */
	*(u64 *)tramp_field(tramp_cr3) = ap_l4_pa;
	*(u64 *)tramp_field(tramp_entry) = (u64)ap_entry64;
}

static void wake_bsp(void *data)
{
	(void)data;
}

/*
 * Halt (not spin) until the AP is online: the AP kicks us with an IPI, and a
 * timer bounds the wait. Under QEMU's round-robin TCG a spinning boot CPU
 * would delay the AP it is waiting for.
 */
static bool wait_online(unsigned int cpu, s_time_t timeout)
{
	s_time_t end = NOW() + timeout;
	struct timer t;

	init_timer(&t, wake_bsp, NULL, 0);
	set_timer(&t, end);
	while (!cpu_online(cpu) && NOW() < end) {
		local_irq_disable();
		if (!cpu_online(cpu))
			safe_halt();
		local_irq_enable();
	}
	local_irq_disable();
	stop_timer(&t);
	return cpu_online(cpu);
}

static bool boot_one_cpu(unsigned int cpu, u32 apic)
{
	char *stack = alloc_xenheap_pages(STACK_ORDER);
	struct cpu_info *ci = (struct cpu_info *)(stack + STACK_SIZE) - 1;
	u32 sipi = APIC_DM_STARTUP | (u32)(tramp_pa >> PAGE_SHIFT);

	memset(ci, 0, sizeof(*ci));
	ci->cpu_id = cpu;
	ci->stack_base = (u64)stack;
	cpu_info_of[cpu] = ci;
	cpu_apic_id[cpu] = apic;
	setup_percpu_area(cpu);
	*(u64 *)tramp_field(tramp_stack) = (u64)ci;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	/*
	 * INIT, STARTUP, a short pause, STARTUP again (as Linux does). An AP the
	 * firmware left halted may only act on the INIT when the first STARTUP
	 * wakes it, and then needs the second; a running AP ignores it.
	 */
	apic_send_ipi(apic, APIC_DM_INIT | (1u << 14));
	apic_send_ipi(apic, sipi);
	if (!wait_online(cpu, MICROSECS(200)))
		apic_send_ipi(apic, sipi);
	return wait_online(cpu, SECONDS(1));
}

void smp_boot_cpus(void)
{
	u32 self = apic_id();

	cpu_apic_id[0] = self;
	cpu_online_map = 1;
	smp_ipi_init();
	prepare_trampoline();
	for (unsigned int i = 0; i < acpi.nr_cpus && nr_cpu_ids < NR_CPUS; i++) {
		unsigned int cpu = nr_cpu_ids;

		if (acpi.apic_ids[i] == self)
			continue;
		nr_cpu_ids++;
		if (!boot_one_cpu(cpu, acpi.apic_ids[i]))
			printk(XENLOG_ERR "CPU%u (APIC id %u) did not start\n", cpu,
			       acpi.apic_ids[i]);
	}
	printk("Brought up %u CPUs\n", num_online_cpus());
}

void __noreturn start_secondary(void);
void __noreturn start_secondary(void)
{
	unsigned int cpu = get_cpu_info()->cpu_id;

	cpu_init_common(cpu);
	write_cr3(virt_to_maddr(idle_pg_table));
	write_cr4(read_cr4() | X86_CR4_PGE);
	apic_init_ap();
	time_init_ap();
	printk("CPU%u online (APIC id %u)\n", cpu, apic_id());
	__atomic_fetch_or(&cpu_online_map, 1ULL << cpu, __ATOMIC_SEQ_CST);
	arch_send_event_check(0);
	local_irq_enable();
	idle_loop();
}
