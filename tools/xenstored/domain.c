/*
 * Domains: INTRODUCE, RELEASE, RESUME, SET_TARGET, GET_DOMAIN_PATH,
 * IS_DOMAIN_INTRODUCED, and the core calls a front end makes when the
 * hypervisor reports a domain's shutdown or death (VIRQ_DOM_EXC).
 *
 * An introduced domain is a connection with is_domain set, one per domid
 * (dom0 is always there and needs no introduction). Introducing a new
 * domain fires @introduceDomain; introducing it again only resets its
 * connection (watches, transactions), as Xen does for a reconnecting
 * guest. Releasing it frees its connection, removes the nodes it owns
 * with their subtrees, drops it from the special permission lists, clears
 * SET_TARGETs naming it and fires @releaseDomain. A shutdown fires
 * @releaseDomain once, until RESUME re-arms it.
 */
#include <stdio.h>
#include <string.h>

#include "xs_internal.h"

struct xs_conn *xs_domain_conn(struct xs_store *s, uint16_t domid)
{
	for (struct xs_conn *c = s->conns; c; c = c->next)
		if (c->is_domain && c->domid == domid)
			return c;
	return NULL;
}

static void fire_special(struct xs_store *s, const char *name)
{
	struct xs_op op = {s, NULL, NULL};

	xs_fire_watches(&op, name, true, NULL);
}

int xs_domain_introduce(struct xs_store *s, uint16_t domid, int64_t gfn, uint32_t port)
{
	const struct xs_io_ops *ops = s->ops;
	struct xs_conn *c;
	int err = 0;

	if (domid == 0 || domid >= XS_DOMID_FIRST_RESERVED || port == 0)
		return XEN_EINVAL;
	c = xs_domain_conn(s, domid);
	if (c) {
		if (ops && ops->introduce)
			err = ops->introduce(s->opaque, c, gfn, port);
		xs_watch_free_all(c);
		xs_txn_free_all(c);
		return err;
	}
	c = xs_conn_alloc(s, domid, true);
	if (ops && ops->introduce)
		err = ops->introduce(s->opaque, c, gfn, port);
	if (err) {
		xs_conn_free(c);
		return err;
	}
	fire_special(s, "@introduceDomain");
	return 0;
}

int xs_domain_release(struct xs_store *s, uint16_t domid)
{
	struct xs_conn *c = domid ? xs_domain_conn(s, domid) : NULL;

	if (domid == 0)
		return XEN_EINVAL;
	if (!c)
		return XEN_ENOENT;
	if (s->ops && s->ops->release)
		s->ops->release(s->opaque, c);
	xs_conn_free(c);
	for (c = s->conns; c; c = c->next)
		if (c->target == domid)
			c->target = -1;
	xs_rm_owned_by(s, domid);
	for (int i = 0; i < XS_SPECIAL_COUNT; i++)
		xs_perms_forget_domid(&s->special[i], domid);
	fire_special(s, "@releaseDomain");
	return 0;
}

void xs_domain_shutdown(struct xs_store *s, uint16_t domid)
{
	struct xs_conn *c = xs_domain_conn(s, domid);

	if (!c || c->shutdown_fired)
		return;
	c->shutdown_fired = true;
	fire_special(s, "@releaseDomain");
}

static int parse_domid(const char *s, uint16_t *domid)
{
	unsigned long v;
	int err = s ? xs_parse_uint(s, 0xffff, &v) : XEN_EINVAL;

	if (!err)
		*domid = (uint16_t)v;
	return err;
}

/* The gfn is signed decimal on the wire (xenstore.txt). */
static int parse_gfn(const char *s, int64_t *gfn)
{
	unsigned long v;
	bool neg = s[0] == '-';
	int err = xs_parse_uint(s + neg, INT64_MAX, &v);

	if (!err)
		*gfn = neg ? -(int64_t)v : (int64_t)v;
	return err;
}

int xs_do_introduce(struct xs_req *r)
{
	char *vec[3];
	uint16_t domid;
	int64_t gfn;
	unsigned long port;
	int err;

	if (xs_split_strings(r->payload, r->hdr.len, vec, 3) < 3)
		return XEN_EINVAL;
	err = parse_domid(vec[0], &domid);
	if (!err)
		err = parse_gfn(vec[1], &gfn);
	if (!err)
		err = xs_parse_uint(vec[2], UINT32_MAX, &port);
	if (!err)
		err = xs_domain_introduce(r->op.s, domid, gfn, (uint32_t)port);
	if (err)
		return err;
	xs_reply_ok(r);
	return 0;
}

/* The introduced domain named by the only argument. */
static int onearg_domain(struct xs_req *r, struct xs_conn **c)
{
	uint16_t domid;
	int err = parse_domid(xs_req_onearg(r), &domid);

	if (err)
		return err;
	if (domid == 0)
		return XEN_EINVAL;
	*c = xs_domain_conn(r->op.s, domid);
	return *c ? 0 : XEN_ENOENT;
}

int xs_do_release(struct xs_req *r)
{
	struct xs_conn *c;
	int err = onearg_domain(r, &c);

	if (!err)
		err = xs_domain_release(r->op.s, c->domid);
	if (err)
		return err;
	xs_reply_ok(r);
	return 0;
}

int xs_do_resume(struct xs_req *r)
{
	struct xs_conn *c;
	int err = onearg_domain(r, &c);

	if (err)
		return err;
	c->shutdown_fired = false;
	xs_reply_ok(r);
	return 0;
}

int xs_do_get_domain_path(struct xs_req *r)
{
	char path[32];
	uint16_t domid;
	int err = parse_domid(xs_req_onearg(r), &domid);

	if (err)
		return err;
	xs_home_path(domid, path, sizeof(path));
	xs_reply(r, path, (uint32_t)strlen(path) + 1);
	return 0;
}

int xs_do_is_domain_introduced(struct xs_req *r)
{
	uint16_t domid;
	int err = parse_domid(xs_req_onearg(r), &domid);
	bool yes;

	if (err)
		return err;
	yes = domid == XS_DOMID_SELF || domid == 0 || xs_domain_conn(r->op.s, domid);
	xs_reply(r, yes ? "T" : "F", 2);
	return 0;
}

int xs_do_set_target(struct xs_req *r)
{
	char *vec[2];
	uint16_t domid, tdomid;
	struct xs_conn *c;
	int err;

	if (xs_split_strings(r->payload, r->hdr.len, vec, 2) < 2)
		return XEN_EINVAL;
	err = parse_domid(vec[0], &domid);
	if (!err)
		err = parse_domid(vec[1], &tdomid);
	if (err)
		return err;
	c = xs_domain_conn(r->op.s, domid);
	if (!c || !xs_domain_conn(r->op.s, tdomid))
		return XEN_ENOENT;
	c->target = tdomid;
	xs_reply_ok(r);
	return 0;
}
