/*
 * libFuzzer harness for xenstored's framing and core (make fuzz-xenstored).
 *
 * One store per input, with dom0 (a socket connection) and domains 1-3
 * (introduced, each owning its home). The input is a list of chunks
 * [selector][length][bytes]:
 *  - selector & 3 == 1..3: raw bytes on that domain's stream (framing and
 *    every request an unprivileged domain can send);
 *  - selector & 3 == 0: one well-formed dom0 request, type = first byte,
 *    payload = the rest (dom0 may do anything but name the canary);
 *  - selector & 0x80: the hypervisor reports domain (length % 4) shut down.
 *
 * After every chunk: no reply or event to a domain carries the canary's
 * secret, and the canary node (/canary, "n0") is unchanged. After the
 * input: xs_store_check passes. Any violation aborts (a crash for
 * libFuzzer), as do the sanitizers.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs_internal.h"

#define SECRET "canary-secret-3f9a"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *why)
{
	fprintf(stderr, "fuzz_xenstored: %s\n", why);
	abort();
}

static void send_msg(struct xs_conn *c, uint32_t type, const void *p, uint32_t len)
{
	unsigned char buf[sizeof(struct xsd_sockmsg) + 256];
	struct xsd_sockmsg hdr = {type, 1, 0, len};

	memcpy(buf, &hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), p, len);
	if (xs_conn_input(c, buf, sizeof(hdr) + len))
		die("well-formed message refused");
}

static void dom0_op(struct xs_conn *d0, uint32_t type, const char *a, const char *b)
{
	char p[256];
	size_t la = strlen(a) + 1, lb = b ? strlen(b) + 1 : 0;

	memcpy(p, a, la);
	if (b)
		memcpy(p + la, b, lb);
	send_msg(d0, type, p, (uint32_t)(la + lb));
}

static void setup(struct xs_store *s, struct xs_conn *d0)
{
	char home[32], perm[8];

	dom0_op(d0, XS_WRITE, "/canary", NULL);
	send_msg(d0, XS_WRITE, "/canary\0" SECRET, sizeof("/canary\0" SECRET) - 1);
	for (uint16_t d = 1; d <= 3; d++) {
		if (xs_domain_introduce(s, d, 0, 1))
			die("introduce");
		xs_home_path(d, home, sizeof(home));
		snprintf(perm, sizeof(perm), "n%u", d);
		dom0_op(d0, XS_MKDIR, home, NULL);
		dom0_op(d0, XS_SET_PERMS, home, perm);
	}
}

/* Replies and events of every connection: none to a domain may carry the secret. */
static void drain(struct xs_store *s)
{
	for (struct xs_conn *c = s->conns; c; c = c->next) {
		const struct xs_out *o;

		while ((o = xs_conn_output(c))) {
			if (c->domid && memmem(o->data, o->size, SECRET, sizeof(SECRET) - 1))
				die("secret leaked to a domain");
			xs_conn_output_pop(c);
		}
	}
}

static void check_canary(struct xs_store *s)
{
	const struct xs_node *n = xs_map_get(&s->nodes, "/canary");

	if (!n || n->vlen != sizeof(SECRET) - 1 || memcmp(n->value, SECRET, n->vlen))
		die("canary value changed");
	if (n->perms.num != 1 || n->perms.p[0].id != 0 || n->perms.p[0].perms != XS_PERM_NONE)
		die("canary permissions changed");
}

static void dom0_chunk(struct xs_conn *d0, const uint8_t *p, size_t len)
{
	if (!len || memmem(p, len, "canary", 6))
		return;
	send_msg(d0, p[0], p + 1, (uint32_t)(len - 1));
}

static void run(struct xs_store *s, struct xs_conn *d0, const uint8_t *data, size_t size)
{
	bool dead[4] = {false};

	while (size >= 2) {
		uint8_t sel = data[0];
		size_t len = data[1] < size - 2 ? data[1] : size - 2;
		const uint8_t *p = data + 2;
		struct xs_conn *c;

		data += 2 + len;
		size -= 2 + len;
		if (sel & 0x80)
			xs_domain_shutdown(s, (uint16_t)(len % 4));
		else if ((sel & 3) == 0)
			dom0_chunk(d0, p, len);
		else if ((c = xs_domain_conn(s, sel & 3)) && !dead[sel & 3])
			dead[sel & 3] = xs_conn_input(c, p, len) != 0;
		drain(s);
		check_canary(s);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xs_store *s = xs_store_new(NULL, NULL);
	struct xs_conn *d0 = xs_conn_new_socket(s);
	const char *why;

	setup(s, d0);
	drain(s);
	run(s, d0, data, size);
	if (xs_store_check(s, &why))
		die(why);
	xs_store_free(s);
	return 0;
}
