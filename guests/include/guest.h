/*
 * The test-guest runtime (guests/runtime): what a test in guests/tests/<name>/
 * sees. A test defines test_title and test_main(); the runtime enters from
 * the start-of-day state, installs a trap table covering every exception,
 * registers the syscall and failsafe callbacks, runs test_main() in guest
 * kernel mode, prints exactly one verdict line and shuts the domain down
 * (poweroff). Single vCPU; nothing here is reentrant.
 */
#ifndef GUEST_GUEST_H
#define GUEST_GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "hypercall.h"

#define GUEST_VIRT_BASE 0xffffffff80000000UL
#define M2P_VIRT_START 0xffff800000000000UL
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* --- the test ------------------------------------------------------------ */
extern const char test_title[];
void test_main(void);

extern start_info_t *start_info;
extern uint64_t entry_tsc; /* TSC at the first guest instruction */
extern const char *cmdline;

/* Outcome: any error beats any failure beats a skip; none of them = success. */
void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define check(cond, ...)                   \
	do {                               \
		if (!(cond))               \
			fail(__VA_ARGS__); \
	} while (0)
#define check_eq(got, want, what)                                                  \
	do {                                                                       \
		uint64_t got_ = (uint64_t)(got), want_ = (uint64_t)(want);         \
		if (got_ != want_)                                                 \
			fail("%s: got %#lx, want %#lx", what, (unsigned long)got_, \
			     (unsigned long)want_);                                \
	} while (0)
/* Print the verdict now and shut down with `reason` (SHUTDOWN_*). */
void __attribute__((noreturn)) test_finish(unsigned int reason);

/* --- console ------------------------------------------------------------- */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void puts_raw(const char *s, size_t len);
/* Also called with everything printed, if set (e.g. a PV console ring writer). */
extern void (*console_mirror)(const char *s, size_t len);

/* --- small library ------------------------------------------------------- */
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
unsigned long strtoul(const char *s, const char **end, int base);
/* Value of `key=` on the command line (NULL if absent); `key` alone gives "". */
const char *cmdline_option(const char *key);

/* --- traps --------------------------------------------------------------- */
/* Registers as saved by the trap entry stubs (runtime/entry.S). */
struct cpu_regs {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	uint64_t rax, rcx, rdx, rsi, rdi;
	uint32_t error_code, entry_vector; /* entry_vector: 0-255, or VEC_SYSCALL */
	uint64_t rip, cs, rflags, rsp, ss;
};
#define VEC_SYSCALL 256
#define VEC_FAILSAFE 257
#define VEC_EVENT 258 /* the event upcall (guest_events.h) */

/* What the last trap handled through an exception-table fixup looked like. */
struct trap_record {
	uint64_t count;
	unsigned int vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
	uint64_t cr2; /* #PF only: the guest's view of CR2 at delivery */
};
extern struct trap_record last_trap;

/*
 * An instruction that may trap: EXTABLE(fault, fixup) in inline asm. The
 * trap is recorded in last_trap and execution resumes at fixup (kernel or
 * user mode alike). Handlers for other traps: trap_hook[]. A trap with
 * neither ends the test with ERROR and a register dump.
 */
#define EXTABLE(fault, fixup) \
	".pushsection ex_table, \"a\"\n.balign 8\n.quad " #fault ", " #fixup "\n.popsection\n"
typedef bool (*trap_hook_fn)(struct cpu_regs *regs);
extern trap_hook_fn trap_hook[VEC_EVENT + 1];
void trap_record_clear(void);
void dump_regs(const struct cpu_regs *regs);

/* 0 if nothing trapped since trap_record_clear(), else vector | error code << 8. */
static inline int trapped(void)
{
	return last_trap.count ? (int)(last_trap.vector | last_trap.error_code << 8) : 0;
}

/* rdmsr/wrmsr that may trap: 0, or what trapped (as trapped()). */
static inline int rdmsr_trap(uint32_t msr, uint64_t *val)
{
	uint32_t lo = 0, hi = 0;

	trap_record_clear();
	__asm__ __volatile__("1: rdmsr\n2:\n" EXTABLE(1b, 2b) : "+a"(lo), "+d"(hi) : "c"(msr));
	*val = (uint64_t)hi << 32 | lo;
	return trapped();
}

static inline int wrmsr_trap(uint32_t msr, uint64_t v)
{
	trap_record_clear();
	__asm__ __volatile__("1: wrmsr\n2:\n" EXTABLE(1b, 2b)::"c"(msr), "a"((uint32_t)v),
			     "d"((uint32_t)(v >> 32)));
	return trapped();
}

/* Entry stub for vector v (for a trap_info.address). */
extern char trap_entry_base[];
#define TRAP_ENTRY_SIZE 32
static inline unsigned long trap_entry(unsigned int v)
{
	return (unsigned long)trap_entry_base + v * TRAP_ENTRY_SIZE;
}
extern char syscall_entry[], failsafe_entry[], event_entry[];
extern uint64_t failsafe_ds, failsafe_es, failsafe_fs, failsafe_gs;
/* iret_context.flags of the next return from a trap (e.g. VGCF_in_syscall);
 * a hook sets it, the return path uses it once. */
extern volatile uint64_t iret_flags;

/* Install trap_info for one vector (flags = DPL). */
long set_trap(unsigned int vector, unsigned int dpl, unsigned long address);

/* --- user mode ----------------------------------------------------------- */
/*
 * Run fn in guest user mode (same address space: the runtime points the
 * user L4 at the kernel's) on a stack of its own; fn's return value comes
 * back through a SYSCALL the runtime recognises. Traps in fn are handled as
 * in kernel mode. Any other SYSCALL from user mode goes to trap_hook[VEC_SYSCALL].
 */
long exec_user(long (*fn)(void));
/* RFLAGS of the iret into user mode (0x202; IOPL bits matter under architectural IOPL). */
extern uint64_t exec_user_rflags;
extern char user_stack_top[];

/* --- machine view -------------------------------------------------------- */
static inline uint64_t pfn_to_mfn(uint64_t pfn)
{
	return ((uint64_t *)start_info->mfn_list)[pfn];
}
static inline uint64_t mfn_to_pfn(uint64_t mfn)
{
	return ((uint64_t *)M2P_VIRT_START)[mfn];
}
static inline uint64_t virt_to_mfn(const void *va)
{
	return pfn_to_mfn(((unsigned long)va - GUEST_VIRT_BASE) >> 12);
}
static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}
static inline void cpuid_count(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ __volatile__("cpuid"
			     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			     : "0"(leaf), "2"(sub));
}
/* CPUID through the hypervisor's forced-emulation prefix (ud2; "xen"; cpuid). */
static inline void cpuid_forced(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ __volatile__("ud2; .ascii \"xen\"; cpuid"
			     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			     : "0"(leaf), "2"(sub));
}
static inline uint64_t read_cr0(void)
{
	uint64_t v;

	__asm__ __volatile__("mov %%cr0, %0" : "=r"(v));
	return v;
}

/* CR4 as the guest sees it (emulated: a PV guest may toggle only a few bits). */
static inline uint64_t read_cr4(void)
{
	uint64_t v;

	__asm__ __volatile__("mov %%cr4, %0" : "=r"(v));
	return v;
}
static inline void write_cr4(uint64_t v)
{
	__asm__ __volatile__("mov %0, %%cr4" ::"r"(v));
}

#endif
