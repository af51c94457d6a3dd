/*
 * Raw Linux x86_64 system calls for the benchmark /init (no libc: the
 * whole userland is bench/linux-init, built -nostdlib -static), and the
 * few output helpers shared by init.c and procbench.c.
 */
#ifndef BENCH_LINUX_INIT_SYS_H
#define BENCH_LINUX_INIT_SYS_H

#include <stdint.h>

#define SYS_read 0
#define SYS_write 1
#define SYS_mmap 9
#define SYS_munmap 11
#define SYS_pipe 22
#define SYS_madvise 28
#define SYS_fork 57
#define SYS_execve 59
#define SYS_exit 60
#define SYS_wait4 61
#define SYS_getppid 110
#define SYS_reboot 169
#define SYS_clock_gettime 228

static inline long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ __volatile__("syscall"
			     : "=a"(ret)
			     : "0"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			     : "rcx", "r11", "memory");
	return ret;
}

static inline long sys3(long nr, long a, long b, long c)
{
	return sys6(nr, a, b, c, 0, 0, 0);
}

static inline long sys0(long nr)
{
	return sys6(nr, 0, 0, 0, 0, 0, 0);
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

char *put_str(char *p, const char *s);
char *put_u64(char *p, uint64_t v);

/* The process microbenchmarks (procbench.c), run after the boot figures. */
void procbench_run(int marks); /* marks: "procbench_marks" on the command line */

#endif
