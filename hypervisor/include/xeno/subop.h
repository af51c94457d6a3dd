/*
 * Sub-op dispatch: every multiplexed hypercall has the same shape. Its
 * do_<hypercall> decodes what is particular to it (a vCPU id, a batch
 * count, an interface version) into a struct subop_call and hands the
 * sub-op to subop_dispatch(), which looks the row up in the hypercall's
 * table (generated from xeno/hypercalls.def), refuses an unknown or
 * unimplemented sub-op (-ENOSYS, logged once by name), checks who may call
 * it (-EPERM), copies the argument in (its size from the table), calls the
 * handler, and copies the argument out again when the row says so.
 *
 * A handler receives the argument already in hypervisor memory, validates
 * the rest, then acts; it returns >= 0 or -errno. Handlers that take an
 * array or copy part of the argument back use c.arg themselves (the
 * struct, two registers, is passed by value).
 */
#ifndef XENO_SUBOP_H
#define XENO_SUBOP_H

#include <xeno/guest_access.h>
#include <xeno/lib.h>
#include <xeno/types.h>
#include <public/callback.h>
#include <public/domctl.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include <public/physdev.h>
#include <public/platform.h>
#include <public/sched.h>
#include <public/sysctl.h>
#include <public/vcpu.h>
#include <public/version.h>
#include <public/xen.h>

struct vcpu;
struct domain;

enum subop_who {
	SUBOP_ANY,  /* any domain */
	SUBOP_CTRL, /* the control domain only (others -EPERM) */
};

enum subop_copy {		    /* bits */
		  SUBOP_NONE = 0,   /* the dispatcher copies nothing */
		  SUBOP_IN = 1,	    /* in before the handler */
		  SUBOP_OUT = 2,    /* out after success (0) */
		  SUBOP_INOUT = 3,  /* in, and out after success */
		  SUBOP_ALWAYS = 4, /* (with OUT: whatever the result) */
		  SUBOP_INOUTX = 7, /* in, and out whatever the result */
		  SUBOP_BATCH = 8,  /* an array of c->count entries, checked whole */
};

/* What a handler gets beside its argument: two registers, passed by value. */
struct subop_call {
	XEN_GUEST_HANDLE(void) arg; /* the argument in guest memory */
	union {
		struct vcpu *v; /* vcpu_op, mmuext_op: the vCPU acted on */
		struct domain
			*d; /* domctl: the domain named (getdomaininfo: the first at or above) */
		unsigned int count; /* grant_table_op: entries at arg */
	};
};

typedef long (*subop_fn)(void *arg, struct subop_call c);

struct subop {
	subop_fn fn; /* NULL: not implemented */
	const char *name;
	u16 size; /* of the argument, bytes */
	u8 who;	  /* enum subop_who */
	u8 copy;  /* enum subop_copy */
};

#define SUBOP_MAX_ARG 1024 /* largest argument copied in or out (xen_commandline_t) */

enum subop_family {
#define FAMILY(hypercall, entries) SUBOPS_##hypercall,
#include <xeno/hypercalls.def>
	NR_SUBOP_FAMILIES
};

/* The tables (common/subop.c), one member per multiplexed hypercall. */
struct subop_tables {
#define FAMILY(hypercall, entries) struct subop hypercall[entries];
#include <xeno/hypercalls.def>
};
extern const struct subop_tables subop_tables;

/* The handlers, typed by their argument. */
#define SUBOP_PROTO_IMPL(type, handler) long handler(type *arg, struct subop_call c);
#define SUBOP_PROTO_PARTIAL SUBOP_PROTO_IMPL
#define SUBOP_PROTO_ENOSYS(type, handler)
#define SUBOP(hypercall, number, status, type, who, handler, copy) \
	SUBOP_PROTO_##status(type, handler)
#include <xeno/hypercalls.def>

/* Sub-op op of the multiplexed hypercall hc with c: the whole shape above. */
#define subop_dispatch(hc, op, c) \
	subop_dispatch_in(SUBOPS_##hc, subop_tables.hc, ARRAY_SIZE(subop_tables.hc), (op), (c))

long subop_unimplemented(enum subop_family f, u64 op); /* logs once; -ENOSYS */
/* Does s's row copy its argument back after the handler returned rc? */
static inline bool subop_copies_back(const struct subop *s, long rc)
{
	return (s->copy & SUBOP_OUT) && (!rc || (s->copy & SUBOP_ALWAYS));
}
long subop_dispatch_in_only(const struct subop *s, struct subop_call c);
long subop_dispatch_batch(const struct subop *s, struct subop_call c);
long subop_dispatch_checked(const struct subop *s, struct subop_call c);

/* Inline and short: the null hypercall (xen_version) comes this way. */
static inline long subop_dispatch_in(enum subop_family f, const struct subop *rows, unsigned int nr,
				     u64 op, struct subop_call c)
{
	if (op >= nr || !rows[op].fn)
		return subop_unimplemented(f, op);
	if (rows[op].who == SUBOP_ANY && rows[op].copy == SUBOP_NONE)
		return rows[op].fn(NULL, c); /* no argument, anyone */
	if (rows[op].who == SUBOP_ANY && rows[op].copy == SUBOP_IN)
		return subop_dispatch_in_only(&rows[op], c); /* the common cases, kept short */
	if (rows[op].who == SUBOP_ANY && rows[op].copy == SUBOP_BATCH)
		return subop_dispatch_batch(&rows[op], c);
	return subop_dispatch_checked(&rows[op], c);
}

/*
 * For hypercalls that copy their argument themselves (a batch entry, a
 * domctl's whole request): the row of op, or NULL after logging it once.
 */
const struct subop *subop_lookup(enum subop_family f, u64 op);
/* 0, or -EPERM if the caller may not use row s. */
long subop_permitted(const struct subop *s);
/* Sub-op op with its argument already in hypervisor memory (a batch entry). */
long subop_invoke(enum subop_family f, u64 op, void *arg, struct subop_call c);

#endif
