/*
 * The hostile guest's PV console ring writer and xenstore client, over the
 * rings named by start_info (console.domU.mfn/evtchn, store_mfn/evtchn).
 * Both map their ring page once, write bytes at the producer index, publish
 * it with a release store and notify the port; readers wait by SCHEDOP_poll
 * on the port with a 10 ms timeout. One request at a time: a reply is read
 * whole before the next request is sent. Single vCPU, no locking.
 */
#include "hostile.h"
#include <public/io/console.h>
#include <public/io/xs_wire.h>

static struct xencons_interface *cons;
static evtchn_port_t cons_port;
static struct xenstore_domain_interface *xs;
static evtchn_port_t xs_port;
static uint32_t xs_req_id;

static void *map_ring(uint64_t mfn)
{
	void *va = alloc_page();

	if (!va || hc_update_va_mapping((unsigned long)va,
					mfn << 12 | PTE_P | PTE_RW | PTE_A | PTE_D, UVMF_INVLPG))
		return NULL;
	return va;
}

void wait_a_little(evtchn_port_t port)
{
	poll_ports(&port, 1, system_time() + 10000000UL);
	port_clear_pending(port);
}

/* Everything written so far read by the console daemon, or 2 s passed. */
void cons_flush(void)
{
	uint64_t end = system_time() + 2 * SECOND;

	while (cons && __atomic_load_n(&cons->out_cons, __ATOMIC_ACQUIRE) != cons->out_prod &&
	       system_time() < end)
		wait_a_little(cons_port);
}

static void cons_write(const char *s, size_t len)
{
	uint64_t end = system_time() + 2 * SECOND;

	while (len) {
		XENCONS_RING_IDX prod = cons->out_prod;
		XENCONS_RING_IDX used = prod - __atomic_load_n(&cons->out_cons, __ATOMIC_ACQUIRE);

		if (used >= sizeof(cons->out)) {
			if (system_time() > end)
				return; /* nobody reads: drop the rest */
			wait_a_little(cons_port);
			continue;
		}
		for (; len && used < sizeof(cons->out); len--, used++)
			cons->out[MASK_XENCONS_IDX(prod++, cons->out)] = *s++;
		__atomic_store_n(&cons->out_prod, prod, __ATOMIC_RELEASE);
		evtchn_send(cons_port);
	}
	cons_flush();
}

bool cons_init(void)
{
	cons = map_ring(start_info->console.domU.mfn);
	cons_port = start_info->console.domU.evtchn;
	if (cons)
		console_mirror = cons_write;
	return cons != NULL;
}

bool xs_init(void)
{
	xs = map_ring(start_info->store_mfn);
	xs_port = start_info->store_evtchn;
	return xs != NULL;
}

static bool xs_put(const void *data, size_t len, uint64_t end)
{
	const char *p = data;

	while (len) {
		XENSTORE_RING_IDX prod = xs->req_prod;
		XENSTORE_RING_IDX used = prod - __atomic_load_n(&xs->req_cons, __ATOMIC_ACQUIRE);

		if (used >= XENSTORE_RING_SIZE) {
			if (system_time() > end)
				return false;
			wait_a_little(xs_port);
			continue;
		}
		for (; len && used < XENSTORE_RING_SIZE; len--, used++)
			xs->req[MASK_XENSTORE_IDX(prod++)] = *p++;
		__atomic_store_n(&xs->req_prod, prod, __ATOMIC_RELEASE);
		evtchn_send(xs_port);
	}
	return true;
}

/* Read len bytes of the reply (into out, or dropped if out is NULL). */
static bool xs_get(void *out, size_t len, uint64_t end)
{
	char *p = out;

	while (len) {
		XENSTORE_RING_IDX cons = xs->rsp_cons;
		XENSTORE_RING_IDX avail = __atomic_load_n(&xs->rsp_prod, __ATOMIC_ACQUIRE) - cons;

		if (!avail) {
			if (system_time() > end)
				return false;
			wait_a_little(xs_port);
			continue;
		}
		for (; len && avail; len--, avail--, cons++)
			if (p)
				*p++ = xs->rsp[MASK_XENSTORE_IDX(cons)];
		__atomic_store_n(&xs->rsp_cons, cons, __ATOMIC_RELEASE);
		evtchn_send(xs_port);
	}
	return true;
}

/* One request (payload a, then b without its NUL if given); the reply's
 * payload in out (NUL-terminated, truncated to len): its length, or -1. */
static int xs_talk(uint32_t type, const char *a, const char *b, char *out, size_t len)
{
	uint64_t end = system_time() + 10 * SECOND;
	struct xsd_sockmsg m = {.type = type, .req_id = ++xs_req_id};
	size_t la = strlen(a) + 1, lb = b ? strlen(b) : 0;

	m.len = (uint32_t)(la + lb);
	if (!xs_put(&m, sizeof(m), end) || !xs_put(a, la, end) || !xs_put(b, lb, end))
		return -1;
	do { /* no watches are set: every message is our reply */
		if (!xs_get(&m, sizeof(m), end))
			return -1;
	} while (m.type == XS_WATCH_EVENT && xs_get(NULL, m.len, end));
	size_t keep = m.len < len ? m.len : len - 1;

	if (!xs_get(out, keep, end) || !xs_get(NULL, m.len - keep, end))
		return -1;
	out[keep] = 0;
	return m.type == XS_ERROR ? -1 : (int)keep;
}

int xs_read(const char *path, char *buf, size_t len)
{
	return xs_talk(XS_READ, path, NULL, buf, len);
}

int xs_write(const char *path, const char *value)
{
	char ok[8];

	return xs_talk(XS_WRITE, path, value, ok, sizeof(ok)) < 0 ? -1 : 0;
}

int xs_directory(const char *path, char *buf, size_t len)
{
	int n = xs_talk(XS_DIRECTORY, path, NULL, buf, len), count = 0;

	for (int i = 0; i < n; i++)
		count += !buf[i];
	return n < 0 ? -1 : count;
}

const char *xs_at(const char *dir, const char *leaf)
{
	static char p[160];

	snprintf(p, sizeof(p), "%s/%s", dir, leaf);
	return p;
}

int xs_wait_state(const char *path, const char *want, uint64_t timeout_ns)
{
	uint64_t end = system_time() + timeout_ns;
	char v[16];
	int state = -1;

	do {
		if (xs_read(path, v, sizeof(v)) > 0) {
			state = (int)strtoul(v, NULL, 10);
			for (const char *w = want; *w; w++)
				if (state == *w - '0')
					return state;
		}
		poll_ports(&xs_port, 1, system_time() + 20000000UL);
		port_clear_pending(xs_port);
	} while (system_time() < end);
	return state;
}
