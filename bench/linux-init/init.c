/*
 * The whole userland of the Linux boot benchmark (figure 7): a static /init
 * without libc. Its first instruction reads the TSC, which under QEMU
 * -icount is virtual time since power-on on bare QEMU, on Xen and on xeno
 * alike (dom0 reads the TSC natively); then the kernel's own view
 * (CLOCK_BOOTTIME, what /proc/uptime shows). Prints
 *   BENCH linux_init_tsc <ticks> tsc
 *   BENCH linux_init_uptime <ns> ns
 * on the console; then, if the kernel command line holds the word
 * "procbench", runs the process microbenchmarks (procbench.c, figure 9;
 * "procbench_marks" marks their timed loops on the console);
 * then prints "bench-init: done" and powers the machine off.
 */
#include "sys.h"

#define CLOCK_BOOTTIME 7
#define REBOOT_MAGIC1 0xfee1dead
#define REBOOT_MAGIC2 0x28121969
#define REBOOT_POWER_OFF 0x4321fedc

struct timespec64 {
	long sec, nsec;
};

char *put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

char *put_u64(char *p, uint64_t v)
{
	char tmp[24];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static void report(uint64_t tsc)
{
	struct timespec64 ts = {0, 0};
	char buf[128], *p = buf;

	sys3(SYS_clock_gettime, CLOCK_BOOTTIME, (long)&ts, 0);
	p = put_u64(put_str(p, "\nBENCH linux_init_tsc "), tsc);
	p = put_u64(put_str(p, " tsc\nBENCH linux_init_uptime "),
		    (uint64_t)ts.sec * 1000000000u + (uint64_t)ts.nsec);
	p = put_str(p, " ns\n");
	sys3(SYS_write, 1, (long)buf, p - buf);
}

static int str_eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* A word of the kernel command line reaches /init as an argument. */
static int has_word(const long *sp, const char *word)
{
	char *const *argv = (char *const *)(sp + 1);

	for (long i = 1; i < sp[0]; i++)
		if (str_eq(argv[i], word))
			return 1;
	return 0;
}

/* sp: the initial stack (argc, then argv). */
void init_main(uint64_t tsc, const long *sp) __attribute__((noreturn));
void init_main(uint64_t tsc, const long *sp)
{
	static const char done[] = "\nbench-init: done\n";

	report(tsc);
	if (has_word(sp, "procbench"))
		procbench_run(has_word(sp, "procbench_marks"));
	sys3(SYS_write, 1, (long)done, sizeof(done) - 1);
	sys6(SYS_reboot, REBOOT_MAGIC1, REBOOT_MAGIC2, REBOOT_POWER_OFF, 0, 0, 0);
	for (;;)
		__asm__ __volatile__("pause");
}

/* Entry: the TSC first, before anything else runs. */
__asm__(".globl _start\n"
	"_start:\n"
	"	rdtsc\n"
	"	shl $32, %rdx\n"
	"	or %rdx, %rax\n"
	"	mov %rax, %rdi\n"
	"	mov %rsp, %rsi\n"
	"	and $-16, %rsp\n"
	"	call init_main\n");
