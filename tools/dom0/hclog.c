/*
 * hclog.so: an LD_PRELOAD debugging aid of the dom0 image (xeno.hclog=1 on
 * the dom0 kernel's command line, see tools/dom0/init). It wraps ioctl(2)
 * and, for every IOCTL_PRIVCMD_HYPERCALL the Xen tools issue through
 * /dev/xen/privcmd, appends one line to $XENO_HCLOG:
 *
 *     <comm> hc <op> sub <sub-op> rc <result>
 *
 * where <sub-op> is the command of domctl/sysctl (read from the argument
 * structure) or the first argument of the multiplexed hypercalls
 * (memory_op, xen_version, event_channel_op, ...), -1 for the others. The
 * calls inside a multicall follow it, one line each, as
 *
 *     <comm> mc <op> sub <first argument> rc <result>
 *
 * (Xen 4.17's libxenctrl issues every memory_op as a one-entry multicall, to
 * get a 64-bit result through the int-returning ioctl); and
 * every other privcmd, evtchn or gntdev ioctl that fails, as
 *
 *     <comm> ioctl <request> rc -<errno>
 *
 * Invariants: the wrapped call is made exactly as asked and its result and
 * errno are returned unchanged; the log is opened with O_APPEND per line so
 * that concurrent processes interleave whole lines. No locking needed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

struct hclog_privcmd_hypercall {
	uint64_t op;
	uint64_t arg[5];
};

/* _IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall)) */
#define HCLOG_PRIVCMD_HYPERCALL 0x305000UL
#define HCLOG_HC_SYSCTL 35
#define HCLOG_HC_DOMCTL 36
#define HCLOG_HC_MMU_UPDATE 1
#define HCLOG_HC_MULTICALL 13
#define HCLOG_HC_MMUEXT_OP 26

/* struct multicall_entry of the x86_64 ABI */
struct hclog_multicall_entry {
	uint64_t op;
	uint64_t result;
	uint64_t args[6];
};

typedef int (*hclog_ioctl_fn)(int, unsigned long, void *);

static void hclog_line(const char *fmt, ...)
{
	const char *path = getenv("XENO_HCLOG");
	char comm[32] = "?", line[256];
	va_list ap;
	int fd, n;

	if (!path)
		return;
	fd = open("/proc/self/comm", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = (int)read(fd, comm, sizeof(comm) - 1);
		comm[n > 0 ? n - 1 : 0] = '\0';
		close(fd);
	}
	n = snprintf(line, sizeof(line), "%s ", comm);
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	if (write(fd, line, strlen(line)) < 0)
		n = 0;
	close(fd);
}

static long hclog_sub_op(const struct hclog_privcmd_hypercall *h)
{
	switch (h->op) {
	case HCLOG_HC_SYSCTL:
	case HCLOG_HC_DOMCTL: return h->arg[0] ? (long)*(const uint32_t *)(uintptr_t)h->arg[0] : -1;
	case HCLOG_HC_MMU_UPDATE:
	case HCLOG_HC_MULTICALL:
	case HCLOG_HC_MMUEXT_OP: return -1;
	default: return (long)h->arg[0];
	}
}

static void hclog_multicall(const struct hclog_privcmd_hypercall *h)
{
	const struct hclog_multicall_entry *e = (const void *)(uintptr_t)h->arg[0];
	uint64_t i;

	for (i = 0; e && i < h->arg[1]; i++)
		hclog_line("mc %lu sub %ld rc %ld\n", (unsigned long)e[i].op, (long)e[i].args[0],
			   (long)e[i].result);
}

int ioctl(int fd, unsigned long request, ...)
{
	static hclog_ioctl_fn real;
	int saved, rc;
	void *arg;
	va_list ap;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (!real)
		real = (hclog_ioctl_fn)dlsym(RTLD_NEXT, "ioctl");
	rc = real(fd, request, arg);
	saved = errno;
	if (request == HCLOG_PRIVCMD_HYPERCALL && arg) {
		const struct hclog_privcmd_hypercall *h = arg;

		hclog_line("hc %lu sub %ld rc %d\n", (unsigned long)h->op, hclog_sub_op(h),
			   rc < 0 ? -saved : rc);
		if (h->op == HCLOG_HC_MULTICALL && rc >= 0)
			hclog_multicall(h);
	} else if (rc < 0 && (((request >> 8) & 0xff) == 'P' || ((request >> 8) & 0xff) == 'E' ||
			      ((request >> 8) & 0xff) == 'G')) {
		hclog_line("ioctl %#lx rc %d\n", request, -saved);
	}
	errno = saved;
	return rc;
}
