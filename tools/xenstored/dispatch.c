/*
 * Request dispatch: one table, one handler shape.
 *
 * Every request type has a row {name, handler, flags}. xs_dispatch looks
 * the row up (no handler: ENOSYS), refuses privileged-only types to
 * unprivileged domains (EACCES), finds the transaction named by tx_id
 * unless the type ignores it (unknown id: ENOENT), then calls the handler,
 * which copies in and validates its arguments, mutates, and replies; a
 * non-zero return becomes an XS_ERROR reply with the error's name.
 *
 * Invariant: exactly one reply per request (the handler's, or the error),
 * queued before any watch event the request caused on its own connection
 * except WATCH's initial event, which follows its reply.
 */
#include <string.h>

#include "xs_internal.h"

#define F_PRIV 1u  /* privileged connections only */
#define F_NOTID 2u /* tx_id is ignored */

struct xs_handler {
	const char *name;
	xs_handler_fn *fn;
	unsigned int flags;
};

static const struct xs_handler handlers[XS_TYPE_COUNT] = {
	[XS_CONTROL] = {"CONTROL", xs_do_control, F_PRIV},
	[XS_DIRECTORY] = {"DIRECTORY", xs_do_directory, 0},
	[XS_READ] = {"READ", xs_do_read, 0},
	[XS_GET_PERMS] = {"GET_PERMS", xs_do_get_perms, 0},
	[XS_WATCH] = {"WATCH", xs_do_watch, F_NOTID},
	[XS_UNWATCH] = {"UNWATCH", xs_do_unwatch, F_NOTID},
	[XS_TRANSACTION_START] = {"TRANSACTION_START", xs_do_txn_start, 0},
	[XS_TRANSACTION_END] = {"TRANSACTION_END", xs_do_txn_end, 0},
	[XS_INTRODUCE] = {"INTRODUCE", xs_do_introduce, F_PRIV},
	[XS_RELEASE] = {"RELEASE", xs_do_release, F_PRIV},
	[XS_GET_DOMAIN_PATH] = {"GET_DOMAIN_PATH", xs_do_get_domain_path, 0},
	[XS_WRITE] = {"WRITE", xs_do_write, 0},
	[XS_MKDIR] = {"MKDIR", xs_do_mkdir, 0},
	[XS_RM] = {"RM", xs_do_rm, 0},
	[XS_SET_PERMS] = {"SET_PERMS", xs_do_set_perms, 0},
	[XS_IS_DOMAIN_INTRODUCED] = {"IS_DOMAIN_INTRODUCED", xs_do_is_domain_introduced, F_PRIV},
	[XS_RESUME] = {"RESUME", xs_do_resume, F_PRIV},
	[XS_SET_TARGET] = {"SET_TARGET", xs_do_set_target, F_PRIV},
	[XS_RESET_WATCHES] = {"RESET_WATCHES", xs_do_reset_watches, 0},
	[XS_DIRECTORY_PART] = {"DIRECTORY_PART", xs_do_directory_part, 0},
};

void xs_reply_error(struct xs_conn *c, const struct xsd_sockmsg *hdr, int err)
{
	const char *name = xs_error_name(err);

	xs_conn_queue(c, XS_ERROR, hdr->req_id, hdr->tx_id, name, (uint32_t)strlen(name) + 1,
		      false);
}

/* A reply over XENSTORE_PAYLOAD_MAX is E2BIG instead. */
void xs_reply(struct xs_req *r, const void *payload, uint32_t len)
{
	if (len > XENSTORE_PAYLOAD_MAX) {
		xs_reply_error(r->op.conn, &r->hdr, XEN_E2BIG);
		return;
	}
	xs_conn_queue(r->op.conn, r->hdr.type, r->hdr.req_id, r->hdr.tx_id, payload, len, false);
}

void xs_reply_ok(struct xs_req *r)
{
	xs_reply(r, "OK", 3);
}

/* The payload is one string and nothing else (Xen's "onearg"). */
const char *xs_req_onearg(const struct xs_req *r)
{
	uint32_t len = r->hdr.len;

	if (!len || memchr(r->payload, '\0', len) != r->payload + len - 1)
		return NULL;
	return r->payload;
}

/* r->path receives the canonical form of name. */
int xs_req_path(struct xs_req *r, const char *name)
{
	if (!name)
		return XEN_EINVAL;
	return xs_canonical(r->op.conn, name, r->path);
}

static const struct xs_handler *handler_of(uint32_t type)
{
	if (type >= XS_TYPE_COUNT || !handlers[type].fn)
		return NULL;
	return &handlers[type];
}

/* payload has hdr->len bytes and a NUL after them. */
void xs_dispatch(struct xs_conn *c, const struct xsd_sockmsg *hdr, char *payload)
{
	const struct xs_handler *h = handler_of(hdr->type);
	struct xs_req r;
	int err = 0;

	if (!h) {
		xs_reply_error(c, hdr, XEN_ENOSYS);
		return;
	}
	if ((h->flags & F_PRIV) && !xs_conn_privileged(c)) {
		xs_reply_error(c, hdr, XEN_EACCES);
		return;
	}
	r.op = (struct xs_op){c->store, c, NULL};
	r.hdr = *hdr;
	r.payload = payload;
	if (!(h->flags & F_NOTID))
		r.op.txn = xs_txn_lookup(c, hdr->tx_id, &err);
	if (!err)
		err = h->fn(&r);
	if (err)
		xs_reply_error(c, hdr, err);
}
