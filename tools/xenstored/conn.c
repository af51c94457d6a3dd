/*
 * Connections: a domid, the framing of incoming bytes, and a queue of
 * outgoing messages.
 *
 * Framing: a message is a struct xsd_sockmsg and hdr.len payload bytes.
 * Bytes accumulate in c->in_hdr, then c->in_payload; when a message is
 * complete it is handled at once (replies and events are queued), and
 * framing starts over. A header announcing more than XENSTORE_PAYLOAD_MAX
 * bytes breaks the protocol (Xen kills such a connection): input stops and
 * xs_conn_input() answers -1. The payload buffer keeps one spare byte,
 * always NUL after the payload, so handlers may treat it as a C string.
 *
 * Invariants: c->in_have <= sizeof(hdr) + XENSTORE_PAYLOAD_MAX; c->out_tail
 * points at the last next pointer of c->out; c->nevents counts the queued
 * XS_WATCH_EVENTs; a connection is on its store's list from xs_conn_alloc
 * to xs_conn_free.
 */
#include <stdlib.h>
#include <string.h>

#include "xs_internal.h"

#define HDR_SIZE ((uint32_t)sizeof(struct xsd_sockmsg))

struct xs_conn *xs_conn_alloc(struct xs_store *s, uint16_t domid, bool is_domain)
{
	struct xs_conn *c = xs_xzalloc(sizeof(*c));

	c->store = s;
	c->domid = domid;
	c->is_domain = is_domain;
	c->target = -1;
	c->next_txid = 1;
	c->out_tail = &c->out;
	c->next = s->conns;
	s->conns = c;
	return c;
}

struct xs_conn *xs_conn_new_socket(struct xs_store *s)
{
	return xs_conn_alloc(s, 0, false);
}

static void conn_drop_output(struct xs_conn *c)
{
	while (c->out)
		xs_conn_output_pop(c);
}

void xs_conn_free(struct xs_conn *c)
{
	struct xs_conn **pp = &c->store->conns;

	while (*pp != c)
		pp = &(*pp)->next;
	*pp = c->next;
	xs_watch_free_all(c);
	xs_txn_free_all(c);
	conn_drop_output(c);
	free(c);
}

void xs_conn_reset(struct xs_conn *c)
{
	xs_watch_free_all(c);
	xs_txn_free_all(c);
	conn_drop_output(c);
	c->in_have = 0;
}

void xs_conn_queue(struct xs_conn *c, uint32_t type, uint32_t req_id, uint32_t tx_id,
		   const void *payload, uint32_t len, bool event)
{
	struct xs_out *o = xs_xmalloc(sizeof(*o) + HDR_SIZE + len);
	struct xsd_sockmsg hdr = {.type = type, .req_id = req_id, .tx_id = tx_id, .len = len};

	o->next = NULL;
	o->size = HDR_SIZE + len;
	o->event = event;
	memcpy(o->data, &hdr, HDR_SIZE);
	if (len)
		memcpy(o->data + HDR_SIZE, payload, len);
	*c->out_tail = o;
	c->out_tail = &o->next;
	c->nevents += event;
	if (c->store->ops && c->store->ops->kick)
		c->store->ops->kick(c->store->opaque, c);
}

const struct xs_out *xs_conn_output(const struct xs_conn *c)
{
	return c->out;
}

void xs_conn_output_pop(struct xs_conn *c)
{
	struct xs_out *o = c->out;

	if (!o)
		return;
	c->out = o->next;
	if (!c->out)
		c->out_tail = &c->out;
	c->nevents -= o->event;
	free(o);
}

uint16_t xs_conn_domid(const struct xs_conn *c)
{
	return c->domid;
}

void *xs_conn_priv(const struct xs_conn *c)
{
	return c->priv;
}

void xs_conn_set_priv(struct xs_conn *c, void *priv)
{
	c->priv = priv;
}

/* Takes what it can of buf; 1 when a message is complete, -1 on a bad header. */
static int frame_take(struct xs_conn *c, const unsigned char **buf, size_t *len)
{
	struct xsd_sockmsg hdr;
	uint32_t want;
	size_t n;

	if (c->in_have < HDR_SIZE) {
		n = HDR_SIZE - c->in_have < *len ? HDR_SIZE - c->in_have : *len;
		memcpy(c->in_hdr + c->in_have, *buf, n);
		c->in_have += (uint32_t)n;
		*buf += n;
		*len -= n;
		if (c->in_have < HDR_SIZE)
			return 0;
	}
	memcpy(&hdr, c->in_hdr, HDR_SIZE);
	if (hdr.len > XENSTORE_PAYLOAD_MAX)
		return -1;
	want = HDR_SIZE + hdr.len - c->in_have;
	n = want < *len ? want : *len;
	memcpy(c->in_payload + (c->in_have - HDR_SIZE), *buf, n);
	c->in_have += (uint32_t)n;
	*buf += n;
	*len -= n;
	return c->in_have == HDR_SIZE + hdr.len;
}

int xs_conn_input(struct xs_conn *c, const void *data, size_t len)
{
	const unsigned char *buf = data;

	while (len || c->in_have >= HDR_SIZE) {
		struct xsd_sockmsg hdr;
		int r = frame_take(c, &buf, &len);

		if (r < 0)
			return -1;
		if (r == 0)
			break;
		memcpy(&hdr, c->in_hdr, HDR_SIZE);
		c->in_payload[hdr.len] = '\0';
		c->in_have = 0;
		xs_dispatch(c, &hdr, c->in_payload);
	}
	return 0;
}
