/*
 * The per-CPU trace buffer (format and hooks: xeno/trace.h).
 *
 * Invariants: trace_on is 0 unless tbuf_size= gave every CPU a buffer at
 * boot; it is set in trace_init(), before any guest runs, and cleared only
 * by trace_dump(). Each
 * buffer is written only by its own CPU. head counts the slots ever
 * reserved; slot i lives at recs[i % nr]. Without tbuf_wrap a reservation at
 * or past nr is dropped and counted in lost, so the buffer keeps the start
 * of the run; with tbuf_wrap it keeps the last nr records.
 *
 * Locking: none. A hook in an interrupt handler may nest inside one in a
 * hypercall on the same CPU: the atomic add on head gives each its own slot,
 * and the event id, stored last, marks a slot complete. trace_dump() runs
 * with the other CPUs stopped.
 */
#include <xeno/arch.h>
#include <xeno/console.h>
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/param.h>
#include <xeno/percpu.h>
#include <xeno/sched.h>
#include <xeno/smp.h>
#include <xeno/string.h>
#include <xeno/trace.h>

u32 trace_on;
u8 trace_hypercalls;

static unsigned int opt_tbuf_size; /* pages per CPU; 0: off */
integer_param("tbuf_size", opt_tbuf_size);
static unsigned int opt_tbuf_mask = ~0u;
integer_param("tbuf_mask", opt_tbuf_mask);
static bool opt_tbuf_wrap;
boolean_param("tbuf_wrap", opt_tbuf_wrap);
static bool opt_tbuf_dump;
boolean_param("tbuf_dump", opt_tbuf_dump);

struct trace_buf {
	struct trace_rec *recs;
	u64 nr;	  /* slots */
	u64 head; /* slots reserved so far */
	u64 lost; /* records dropped (buffer full, no wrap) */
};

static struct trace_buf trace_bufs[NR_CPUS];
static u64 start_tsc; /* at trace_init(): the dump states the TSC's rate */
static s_time_t start_ns;

void trace_record(unsigned int event, u64 a, u64 b)
{
	unsigned int cpu = smp_processor_id();
	struct trace_buf *tb = &trace_bufs[cpu];
	struct vcpu *v = current;
	u64 i = __atomic_fetch_add(&tb->head, 1, __ATOMIC_RELAXED);
	struct trace_rec *r;

	if (i >= tb->nr && !opt_tbuf_wrap) {
		__atomic_fetch_add(&tb->lost, 1, __ATOMIC_RELAXED);
		return;
	}
	r = &tb->recs[i % tb->nr];
	r->event = 0;
	r->tsc = rdtsc();
	r->domid = v ? v->domain->domain_id : TRACE_IDLE_DOMID;
	r->vcpu = v ? (u16)v->vcpu_id : 0;
	r->cpu = (u16)cpu;
	r->a = a;
	r->b = b;
	__atomic_store_n(&r->event, (u16)event, __ATOMIC_RELEASE);
}

static unsigned int order_of(unsigned int pages)
{
	unsigned int order = 0;

	while ((1u << order) < pages && order < MAX_ORDER)
		order++;
	return order;
}

void trace_init(void)
{
	unsigned int order = order_of(opt_tbuf_size);

	if (!opt_tbuf_size || !(opt_tbuf_mask & ~1u))
		return;
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		void *p = alloc_xenheap_pages(order);

		if (!p) {
			printk(XENLOG_WARNING
			       "trace: no memory for %u pages on CPU%u; tracing off\n",
			       1u << order, cpu);
			return;
		}
		memset(p, 0, PAGE_SIZE << order);
		trace_bufs[cpu].recs = p;
		trace_bufs[cpu].nr = (PAGE_SIZE << order) / sizeof(struct trace_rec);
	}
	printk("trace: %u pages per CPU, mask %#x, %s when full\n", 1u << order, opt_tbuf_mask,
	       opt_tbuf_wrap ? "wrapping" : "stopping");
	start_tsc = rdtsc(), start_ns = NOW();
	trace_hypercalls = !!(opt_tbuf_mask & (1u << TRC_CAT_HYPERCALL));
	__atomic_store_n(&trace_on, opt_tbuf_mask & ~1u, __ATOMIC_RELEASE);
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* One "XT <base64>" line of len (at most 96) bytes, '='-padded. */
static void dump_line(const u8 *p, size_t len)
{
	char line[3 + 128 + 1], *o = line;

	*o++ = 'X', *o++ = 'T', *o++ = ' ';
	for (size_t i = 0; i < len; i += 3) {
		u32 w = (u32)p[i] << 16 | (i + 1 < len ? (u32)p[i + 1] << 8 : 0) |
			(i + 2 < len ? p[i + 2] : 0);

		*o++ = b64[w >> 18], *o++ = b64[(w >> 12) & 63];
		*o++ = i + 1 < len ? b64[(w >> 6) & 63] : '=';
		*o++ = i + 2 < len ? b64[w & 63] : '=';
	}
	*o++ = '\n';
	console_write(line, (size_t)(o - line));
}

static void dump_cpu(unsigned int cpu)
{
	const struct trace_buf *tb = &trace_bufs[cpu];
	u64 head = tb->head, n = MIN(head, tb->nr), first = opt_tbuf_wrap ? head - n : 0;
	const u64 per_line = 96 / sizeof(struct trace_rec);

	printk("XENO-TRACE-CPU %u records=%lu lost=%lu\n", cpu, (unsigned long)n,
	       (unsigned long)(tb->lost + (head > tb->nr && opt_tbuf_wrap ? head - tb->nr : 0)));
	for (u64 i = 0; i < n; i += per_line) {
		u64 k = MIN(per_line, n - i);
		u64 slot = (first + i) % tb->nr;

		if (slot + k > tb->nr) /* wraps inside the line: split it */
			k = tb->nr - slot;
		dump_line((const u8 *)&tb->recs[slot], (size_t)k * sizeof(struct trace_rec));
		i -= per_line - k;
	}
}

/* TSC ticks per millisecond, measured against system time since trace_init(). */
static unsigned long tsc_rate_khz(void)
{
	u64 us = (u64)(NOW() - start_ns) / 1000;

	return us ? (unsigned long)((rdtsc() - start_tsc) * 1000 / us) : 1000000;
}

void trace_dump(void)
{
	if (!trace_on || !opt_tbuf_dump)
		return;
	__atomic_store_n(&trace_on, 0, __ATOMIC_RELEASE);
	printk("XENO-TRACE-BEGIN 1 cpus=%u record=%u tsc_khz=%lu\n", nr_cpu_ids,
	       (unsigned int)sizeof(struct trace_rec), tsc_rate_khz());
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		dump_cpu(cpu);
	printk("XENO-TRACE-END\n");
}
