/*
 * The sub-op tables of every multiplexed hypercall, generated from
 * xeno/hypercalls.def, and the one dispatcher they share (xeno/subop.h).
 *
 * Each table is indexed by sub-op number; a row without a handler is
 * listed as not implemented. An unknown or unimplemented sub-op is logged
 * once per (hypercall, sub-op) by name. The tables are constant; the only
 * shared state is the logged bitmap (atomic bit operations, no lock).
 */
#include <xeno/errno.h>
#include <xeno/lib.h>
#include <xeno/sched.h>
#include <xeno/subop.h>
#include <xeno/trace.h>
#include <public/platform.h>
#include <public/sysctl.h>

/* One adapter per implemented row: the table holds untyped handlers. */
#define SUBOP_THUNK_IMPL(thunk, type, handler)            \
	static long thunk(void *arg, struct subop_call c) \
	{                                                 \
		return handler(arg, c);                   \
	}
#define SUBOP_THUNK_PARTIAL SUBOP_THUNK_IMPL
#define SUBOP_THUNK_ENOSYS(thunk, type, handler)
#define SUBOP(hypercall, number, status, type, who, handler, copy) \
	SUBOP_THUNK_##status(thunk_##hypercall##_##number, type, handler)
#include <xeno/hypercalls.def>

/* The bytes the dispatcher copies (0 for none); never above SUBOP_MAX_ARG. */
#define SUBOP_BYTES(type) (sizeof(type) + 0 * sizeof(char[1 - 2 * (sizeof(type) > SUBOP_MAX_ARG)]))
#define SUBOP_SIZE_NONE(type) 0
#define SUBOP_SIZE_IN SUBOP_BYTES
#define SUBOP_SIZE_OUT SUBOP_BYTES
#define SUBOP_SIZE_INOUT SUBOP_BYTES
#define SUBOP_SIZE_INOUTX SUBOP_BYTES
#define SUBOP_SIZE_BATCH(type) sizeof(type)

#define SUBOP_ROW_IMPL(name, thunk, size, who, copy) \
	{                                            \
		thunk, name, size, who, copy         \
	}
#define SUBOP_ROW_PARTIAL SUBOP_ROW_IMPL
#define SUBOP_ROW_ENOSYS(name, thunk, size, who, copy) \
	{                                              \
		NULL, name, 0, who, copy               \
	}

const struct subop_tables subop_tables = {
#define SUBOP(hypercall, number, status, type, who, handler, copy)                                 \
	.hypercall[number] =                                                                       \
		SUBOP_ROW_##status(#number, thunk_##hypercall##_##number, SUBOP_SIZE_##copy(type), \
				   SUBOP_##who, SUBOP_##copy),
#include <xeno/hypercalls.def>
};

static const struct {
	const char *name;
	const struct subop *rows;
	unsigned int nr;
} families[NR_SUBOP_FAMILIES] = {
#define FAMILY(hypercall, entries) \
	[SUBOPS_##hypercall] = {#hypercall, subop_tables.hypercall, entries},
#include <xeno/hypercalls.def>
};

#define LOGGED_BITS 128 /* sub-ops at or above 127 share the last bit */
static u64 logged[NR_SUBOP_FAMILIES][LOGGED_BITS / 64];

static void __attribute__((noinline, cold)) log_unimplemented(enum subop_family f, u64 op)
{
	unsigned int bit = op < LOGGED_BITS - 1 ? (unsigned int)op : LOGGED_BITS - 1;
	u64 mask = 1ULL << (bit % 64);
	const char *name = op < families[f].nr ? families[f].rows[op].name : NULL;

	if (__atomic_fetch_or(&logged[f][bit / 64], mask, __ATOMIC_RELAXED) & mask)
		return;
	if (name)
		printk(XENLOG_WARNING "d%u: %s %s (%lu) not implemented\n",
		       current->domain->domain_id, families[f].name, name, (unsigned long)op);
	else
		printk(XENLOG_WARNING "d%u: %s sub-op %lu not implemented\n",
		       current->domain->domain_id, families[f].name, (unsigned long)op);
}

long subop_unimplemented(enum subop_family f, u64 op)
{
	log_unimplemented(f, op);
	return -ENOSYS;
}

static inline const struct subop *lookup(enum subop_family f, u64 op)
{
	if (op < families[f].nr && families[f].rows[op].fn)
		return &families[f].rows[op];
	log_unimplemented(f, op);
	return NULL;
}

/* Traced: out of line, so that the hook costs the lookup no stack frame. */
static const struct subop *__attribute__((noinline)) lookup_traced(enum subop_family f, u64 op)
{
	trace_record(TRC_HC_SUBOP, f, op);
	return lookup(f, op);
}

static inline __attribute__((always_inline)) const struct subop *lookup_hooked(enum subop_family f,
									       u64 op)
{
	if (unlikely(trace_on & (1u << TRC_CAT_HYPERCALL)))
		return lookup_traced(f, op);
	return lookup(f, op);
}

const struct subop *subop_lookup(enum subop_family f, u64 op)
{
	return lookup_hooked(f, op);
}

long subop_permitted(const struct subop *s)
{
	return s->who == SUBOP_CTRL && !current->domain->is_privileged ? -EPERM : 0;
}

long subop_invoke(enum subop_family f, u64 op, void *arg, struct subop_call c)
{
	const struct subop *s = lookup_hooked(f, op);
	long rc;

	if (!s)
		return -ENOSYS;
	if ((rc = subop_permitted(s)))
		return rc;
	return s->fn(arg, c);
}

/* A row anyone may use whose argument is only copied in. */
long subop_dispatch_in_only(const struct subop *s, struct subop_call c)
{
	u64 arg[SUBOP_MAX_ARG / sizeof(u64)];

	if (copy_from_guest_raw(arg, guest_handle_addr(c.arg), s->size))
		return -EFAULT;
	return s->fn(arg, c);
}

/* A row anyone may use whose argument is an array the handler walks. */
long subop_dispatch_batch(const struct subop *s, struct subop_call c)
{
	if (!guest_range_ok(guest_handle_addr(c.arg), (size_t)c.count * s->size))
		return -EFAULT;
	return s->fn(NULL, c);
}

/* Any other row: a privilege check, an argument to copy in and out. */
long subop_dispatch_checked(const struct subop *s, struct subop_call c)
{
	u64 arg[SUBOP_MAX_ARG / sizeof(u64)];
	unsigned long va = guest_handle_addr(c.arg);
	long rc;

	if ((rc = subop_permitted(s)))
		return rc;
	if ((s->copy & SUBOP_IN) && copy_from_guest_raw(arg, va, s->size))
		return -EFAULT;
	if ((s->copy & SUBOP_BATCH) && !guest_range_ok(va, (size_t)c.count * s->size))
		return -EFAULT;
	rc = s->fn(arg, c);
	if (subop_copies_back(s, rc) && copy_to_guest_raw(va, arg, s->size))
		return -EFAULT;
	return rc;
}
