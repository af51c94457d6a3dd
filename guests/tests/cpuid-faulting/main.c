/*
 * cpuid-faulting: CPUID faulting for a PV guest's user mode, as Xen 4.17
 * offers it. MSR_PLATFORM_INFO (0xce) reads bit 31 when the CPU can fault
 * CPUID and nothing else, and is read-only (#GP on write);
 * MSR_MISC_FEATURES_ENABLES (0x140) reads 0 at start, takes bit 0 only if
 * offered (any other bit: #GP). With bit 0 set, CPUID in guest user mode is
 * #GP(0) (native at the instruction; forced-emulation at the cpuid after the
 * ud2;"xen" prefix) while the guest kernel's CPUID still works; clearing it
 * restores user CPUID. Without the CPU feature (QEMU TCG has none), setting
 * bit 0 is #GP and user CPUID keeps working.
 */
#include <guest.h>

const char test_title[] = "cpuid-faulting: PLATFORM_INFO, MISC_FEATURES_ENABLES, user CPUID #GP";

#define MSR_PLATFORM_INFO 0xce
#define MSR_MISC_FEATURES_ENABLES 0x140
#define CPUID_FAULTING (1UL << 31)

extern char native_cpuid[], forced_cpuid[];

/* CPUID leaf 0 in the current mode: 1 if it ran (max leaf >= 1), else the trap. */
static __attribute__((noinline)) long try_cpuid(void)
{
	uint32_t a = 0, b, c = 0, d;

	trap_record_clear();
	__asm__ __volatile__(
		".globl native_cpuid\nnative_cpuid: cpuid\n2:\n" EXTABLE(native_cpuid, 2b)
		: "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return last_trap.count ? trapped() : a >= 1;
}

static __attribute__((noinline)) long try_forced_cpuid(void)
{
	uint32_t a = 0, b, c = 0, d;

	trap_record_clear();
	__asm__ __volatile__(
		"ud2; .ascii \"xen\"\n.globl forced_cpuid\nforced_cpuid: cpuid\n2:\n" EXTABLE(
			forced_cpuid, 2b)
		: "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return last_trap.count ? trapped() : a >= 1;
}

static void faulting(void)
{
	uint64_t v = 0;

	check_eq(wrmsr_trap(MSR_MISC_FEATURES_ENABLES, 1), 0, "enable CPUID faulting");
	check_eq(rdmsr_trap(MSR_MISC_FEATURES_ENABLES, &v) | v, 1, "MISC_FEATURES_ENABLES reads 1");
	check_eq(try_cpuid(), 1, "kernel CPUID with faulting on");
	check_eq(try_forced_cpuid(), 1, "kernel forced CPUID with faulting on");
	check_eq(exec_user(try_cpuid), 13, "user CPUID with faulting on: #GP(0)");
	check_eq(last_trap.rip, (uint64_t)native_cpuid, "the #GP is at the cpuid");
	check_eq(exec_user(try_forced_cpuid), 13, "user forced CPUID with faulting on: #GP(0)");
	check_eq(last_trap.rip, (uint64_t)forced_cpuid, "the #GP is at the cpuid after the prefix");
	check_eq(wrmsr_trap(MSR_MISC_FEATURES_ENABLES, 0), 0, "disable CPUID faulting");
	check_eq(exec_user(try_cpuid), 1, "user CPUID with faulting off");
}

void test_main(void)
{
	uint64_t platform = 0, misc = 0x5a;

	check_eq(rdmsr_trap(MSR_PLATFORM_INFO, &platform), 0, "rdmsr PLATFORM_INFO");
	printf("PLATFORM_INFO %#lx: CPUID faulting %s\n", (unsigned long)platform,
	       platform & CPUID_FAULTING ? "offered" : "not offered");
	check_eq(platform & ~CPUID_FAULTING, 0, "PLATFORM_INFO has no other bits");
	check_eq(wrmsr_trap(MSR_PLATFORM_INFO, platform), 13, "wrmsr PLATFORM_INFO: #GP(0)");
	check_eq(rdmsr_trap(MSR_MISC_FEATURES_ENABLES, &misc), 0, "rdmsr MISC_FEATURES_ENABLES");
	check_eq(misc, 0, "MISC_FEATURES_ENABLES at start");
	check_eq(wrmsr_trap(MSR_MISC_FEATURES_ENABLES, 0), 0, "wrmsr MISC_FEATURES_ENABLES 0");
	check_eq(wrmsr_trap(MSR_MISC_FEATURES_ENABLES, 2), 13, "wrmsr MISC_FEATURES_ENABLES bit 1");
	check_eq(exec_user(try_cpuid), 1, "user CPUID with faulting off");
	check_eq(exec_user(try_forced_cpuid), 1, "user forced CPUID with faulting off");
	if (platform & CPUID_FAULTING) {
		faulting();
		return;
	}
	check_eq(wrmsr_trap(MSR_MISC_FEATURES_ENABLES, 1), 13,
		 "not offered: enabling CPUID faulting is #GP(0)");
	check_eq(exec_user(try_cpuid), 1, "user CPUID still works");
}
