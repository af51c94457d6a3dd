/*
 * The harness of harness.h. One store per test (h_store() makes a fresh
 * one, h_store_free() ends it); replies are read out of a connection's
 * queue in order, skipping (and keeping) the watch events before them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct xs_store *store;
static char text[2 * XENSTORE_PAYLOAD_MAX + 16];
static uint32_t next_req = 100;

struct xs_store *h_store(void)
{
	if (store)
		xs_store_free(store);
	store = xs_store_new(NULL, NULL);
	return store;
}

struct xs_store *h_store_for_test(void)
{
	return store;
}

void h_store_free(void)
{
	h_check();
	xs_store_free(store);
	store = NULL;
}

void h_check(void)
{
	const char *why = NULL;

	if (xs_store_check(store, &why))
		fail_msg("store check: %s", why);
}

struct xs_conn *h_dom0(void)
{
	return xs_conn_new_socket(store);
}

struct xs_conn *h_domu(uint16_t domid)
{
	assert_int_equal(xs_domain_introduce(store, domid, 0, 1), 0);
	return xs_domain_conn(store, domid);
}

int h_feed(struct xs_conn *c, const void *buf, size_t len)
{
	return xs_conn_input(c, buf, len);
}

/* Payload bytes as text: NULs become ',' and a final NUL is dropped. */
static const char *as_text(const unsigned char *p, uint32_t len)
{
	if (len && p[len - 1] == '\0')
		len--;
	for (uint32_t i = 0; i < len; i++)
		text[i] = p[i] ? (char)p[i] : ',';
	text[len] = '\0';
	return text;
}

const char *h_reply(struct xs_conn *c, uint32_t *type, uint32_t *req_id, uint32_t *tx_id)
{
	struct xs_out **pp = &c->out, *o;
	struct xsd_sockmsg hdr;

	while (*pp && (*pp)->event)
		pp = &(*pp)->next;
	o = *pp;
	if (!o)
		return NULL;
	*pp = o->next;
	if (c->out_tail == &o->next)
		c->out_tail = pp;
	memcpy(&hdr, o->data, sizeof(hdr));
	assert_int_equal(hdr.len + sizeof(hdr), o->size);
	*type = hdr.type;
	if (req_id)
		*req_id = hdr.req_id;
	if (tx_id)
		*tx_id = hdr.tx_id;
	as_text(o->data + sizeof(hdr), hdr.len);
	free(o);
	return text;
}

static const char *send(struct xs_conn *c, uint32_t type, uint32_t tx, const char *payload,
			uint32_t len)
{
	unsigned char buf[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
	struct xsd_sockmsg hdr = {type, next_req++, tx, len};
	uint32_t rtype, rid;
	const char *r;

	assert_true(len <= XENSTORE_PAYLOAD_MAX);
	memcpy(buf, &hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), payload, len);
	assert_int_equal(h_feed(c, buf, sizeof(hdr) + len), 0);
	r = h_reply(c, &rtype, &rid, NULL);
	assert_non_null(r);
	assert_int_equal(rid, hdr.req_id);
	if (rtype != XS_ERROR)
		assert_int_equal(rtype, type);
	h_check();
	return r;
}

const char *h_op(struct xs_conn *c, uint32_t type, uint32_t tx, ...)
{
	char payload[XENSTORE_PAYLOAD_MAX];
	uint32_t len = 0;
	const char *s;
	va_list ap;

	va_start(ap, tx);
	while ((s = va_arg(ap, const char *))) {
		size_t n = strlen(s) + 1;

		assert_true(len + n <= sizeof(payload));
		memcpy(payload + len, s, n);
		len += (uint32_t)n;
	}
	va_end(ap);
	return send(c, type, tx, payload, len);
}

const char *h_write(struct xs_conn *c, uint32_t tx, const char *path, const char *value)
{
	char payload[XENSTORE_PAYLOAD_MAX];
	size_t pl = strlen(path) + 1, vl = strlen(value);

	assert_true(pl + vl <= sizeof(payload));
	memcpy(payload, path, pl);
	memcpy(payload + pl, value, vl);
	return send(c, XS_WRITE, tx, payload, (uint32_t)(pl + vl));
}

const char *h_event(struct xs_conn *c)
{
	const struct xs_out *o = xs_conn_output(c);
	const char *t;
	char *bar;

	if (!o)
		return NULL;
	assert_true(o->event);
	t = as_text(o->data + sizeof(struct xsd_sockmsg), o->size - sizeof(struct xsd_sockmsg));
	bar = strchr(text, ',');
	if (bar)
		*bar = '|';
	xs_conn_output_pop(c);
	return t;
}

void h_drain_events(struct xs_conn *c)
{
	while (h_event(c))
		;
}

unsigned int store_owned_for_test(uint16_t domid)
{
	return store->owned[domid];
}
