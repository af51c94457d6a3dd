/*
 * Process microbenchmarks of the lmbench kinds, run by the benchmark /init
 * after the boot figures, in the same boot: natively on bare QEMU and in
 * dom0 on xeno and on Xen 4.17. Each kind runs once untimed (warm-up: the
 * first fork, fault or pipe pays for one-time set-up), then N times between
 * two TSC reads; under -icount the TSC is virtual time, so the figures
 * repeat exactly. Prints, per kind,
 *   BENCH proc_<kind> <TSC cycles per operation> cycles
 * or BENCH-NA proc_<kind> <why> when a system call failed. With the word
 * "procbench_marks" on the kernel command line, each timed loop is also
 * bracketed by two console writes outside its TSC reads,
 *   PHASE proc_<kind> begin / PHASE proc_<kind> end
 * (each a console_io hypercall in dom0: the points where a hypervisor
 * trace or a QEMU exec log of the run is cut; docs/performance.md, "Figure
 * 9's floor").
 * Invariant: no child returns into its parent's code (each ends in exit),
 * and every child is reaped before the next kind, so /init (pid 1) runs
 * alone between kinds.
 */
#include "sys.h"

#define SYS_close 3
#define PROT_RW 3 /* PROT_READ | PROT_WRITE */
#define MAP_PRIVATE 0x02
#define MAP_ANONYMOUS 0x20
#define MAP_POPULATE 0x8000
#define MADV_NOHUGEPAGE 15
#define PAGE_SIZE 4096
#define MMAP_LEN (1L << 20)

static char *const true_argv[] = {"/true", 0};
static char *const no_env[] = {0};

/* A phase mark (key 0: none): one console write, outside the TSC reads. */
static void mark(const char *key, const char *what)
{
	char buf[96], *p;

	if (!key)
		return;
	p = put_str(put_str(put_str(put_str(buf, "\nPHASE "), key), " "), what);
	p = put_str(p, "\n");
	sys3(SYS_write, 1, (long)buf, p - buf);
}

static uint64_t tsc_begin(const char *key)
{
	mark(key, "begin");
	return rdtsc();
}

static uint64_t tsc_end(const char *key)
{
	uint64_t t = rdtsc();

	mark(key, "end");
	return t;
}

struct proc_kind {
	const char *key;
	long iters;
	/*
	 * Runs n operations; returns the TSC cycles they took, or -errno.
	 * key: this kind's key to mark the timed loop with, or 0.
	 */
	int64_t (*run)(long n, const char *key);
};

static int is_err(long ret)
{
	return ret < 0 && ret >= -4095;
}

static void child_exit(long status) __attribute__((noreturn));
static void child_exit(long status)
{
	sys3(SYS_exit, status, 0, 0);
	for (;;)
		__asm__ __volatile__("pause");
}

/* Reap child pid; 0 if it exited with status 0, else -1 or -errno. */
static long reap(long pid)
{
	int status = -1;
	long ret = sys6(SYS_wait4, pid, (long)&status, 0, 0, 0, 0);

	if (is_err(ret))
		return ret;
	return status == 0 ? 0 : -1;
}

/* fork; the child exits at once, or execs /true first. */
static long fork_and_reap(int exec)
{
	long pid = sys0(SYS_fork);

	if (pid == 0) {
		if (exec)
			sys3(SYS_execve, (long)true_argv[0], (long)true_argv, (long)no_env);
		child_exit(exec ? 127 : 0);
	}
	return is_err(pid) ? pid : reap(pid);
}

static int64_t bench_null_syscall(long n, const char *key)
{
	uint64_t t0 = tsc_begin(key);

	for (long i = 0; i < n; i++)
		sys0(SYS_getppid);
	return (int64_t)(tsc_end(key) - t0);
}

static int64_t bench_forks(long n, int exec, const char *key)
{
	uint64_t t0 = tsc_begin(key);

	for (long i = 0; i < n; i++) {
		long ret = fork_and_reap(exec);

		if (ret < 0)
			return ret;
	}
	return (int64_t)(tsc_end(key) - t0);
}

static int64_t bench_fork_exit(long n, const char *key)
{
	return bench_forks(n, 0, key);
}

static int64_t bench_fork_exec(long n, const char *key)
{
	return bench_forks(n, 1, key);
}

/* One write fault on each of n fresh anonymous pages (no huge pages). */
static int64_t bench_page_fault(long n, const char *key)
{
	long len = n * PAGE_SIZE;
	long p = sys6(SYS_mmap, 0, len, PROT_RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t t0, t1;

	if (is_err(p))
		return p;
	sys3(SYS_madvise, p, len, MADV_NOHUGEPAGE);
	t0 = tsc_begin(key);
	for (long i = 0; i < n; i++)
		((volatile char *)p)[i * PAGE_SIZE] = 1;
	t1 = tsc_end(key);
	sys3(SYS_munmap, p, len, 0);
	return (int64_t)(t1 - t0);
}

/* The child's side of the ping-pong: echo n bytes from ping to pong. */
static void pong_child(const int *ping, const int *pong, long n)
{
	char c;

	for (long i = 0; i < n; i++)
		if (sys3(SYS_read, ping[0], (long)&c, 1) != 1 ||
		    sys3(SYS_write, pong[1], (long)&c, 1) != 1)
			child_exit(1);
	child_exit(0);
}

static void close_pair(const int *fds)
{
	sys3(SYS_close, fds[0], 0, 0);
	sys3(SYS_close, fds[1], 0, 0);
}

/* n one-byte round trips between two processes through two pipes. */
static int64_t bench_pipe_rtt(long n, const char *key)
{
	int ping[2], pong[2];
	long pid, ok = 1;
	uint64_t t0, t1;
	char c = 'x';

	if (is_err(sys3(SYS_pipe, (long)ping, 0, 0)) || is_err(sys3(SYS_pipe, (long)pong, 0, 0)))
		return -1;
	pid = sys0(SYS_fork);
	if (pid == 0)
		pong_child(ping, pong, n);
	t0 = tsc_begin(key);
	for (long i = 0; i < n && !is_err(pid) && ok; i++)
		ok = sys3(SYS_write, ping[1], (long)&c, 1) == 1 &&
		     sys3(SYS_read, pong[0], (long)&c, 1) == 1;
	t1 = tsc_end(key);
	close_pair(ping); /* on a failure the child sees EOF and exits */
	close_pair(pong);
	if (is_err(pid))
		return pid;
	if (reap(pid) < 0 || !ok)
		return -1;
	return (int64_t)(t1 - t0);
}

/* n times: mmap 1 MiB with MAP_POPULATE (kernel fills 256 PTEs), munmap. */
static int64_t bench_mmap_populate(long n, const char *key)
{
	uint64_t t0 = tsc_begin(key);

	for (long i = 0; i < n; i++) {
		long p = sys6(SYS_mmap, 0, MMAP_LEN, PROT_RW,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

		if (is_err(p))
			return p;
		sys3(SYS_munmap, p, MMAP_LEN, 0);
	}
	return (int64_t)(tsc_end(key) - t0);
}

/* Iterations: each kind takes well under a second of virtual time on Xen. */
static const struct proc_kind kinds[] = {
	{"proc_null_syscall", 10000, bench_null_syscall},
	{"proc_fork_exit", 200, bench_fork_exit},
	{"proc_fork_exec", 100, bench_fork_exec},
	{"proc_page_fault", 2048, bench_page_fault},
	{"proc_pipe_rtt", 1000, bench_pipe_rtt},
	{"proc_mmap_1m", 50, bench_mmap_populate},
};

static void say(const char *a, const char *key, const char *mid, int64_t v, const char *b)
{
	char buf[128], *p = put_str(put_str(put_str(buf, a), key), mid);

	p = v < 0 ? put_u64(put_str(p, "-"), (uint64_t)-v) : put_u64(p, (uint64_t)v);
	p = put_str(p, b);
	sys3(SYS_write, 1, (long)buf, p - buf);
}

void procbench_run(int marks)
{
	for (unsigned i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		const struct proc_kind *k = &kinds[i];
		int64_t warm = k->run(1, 0);
		int64_t cycles = warm < 0 ? warm : k->run(k->iters, marks ? k->key : 0);

		if (cycles < 0)
			say("\nBENCH-NA ", k->key, " a system call failed: ", cycles, "\n");
		else
			say("\nBENCH ", k->key, " ", (cycles + k->iters / 2) / k->iters,
			    " cycles\n");
	}
}
