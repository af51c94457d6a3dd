/*
 * xend's relocation protocol (reloc.c) over a fake transport: a buffer
 * read back in pieces of 1..n bytes, a wire cut after k bytes, a peer
 * that writes short. Lines formatted and parsed back; nothing read past a
 * line's '\n' (the stream that follows stays intact); malformed lines,
 * overlong lines, a cut mid-line, refusals and errors of the target as
 * the source sees them (an error where "synced" was due); a whole
 * source <-> target exchange in order (with "synced"); the
 * allow-list.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "reloc.h"

/* One direction of the wire: what was written, read back in pieces. */
struct wire {
	char buf[8192];
	size_t len, pos;
	size_t piece; /* bytes per read or write (0: all) */
	size_t cut;   /* bytes after which the wire is cut (0: never) */
};

static ssize_t w_read(void *ctx, void *out, size_t n)
{
	struct wire *w = ctx;
	size_t left = w->len - w->pos;

	if (w->cut && w->pos >= w->cut)
		return 0;
	if (w->cut && left > w->cut - w->pos)
		left = w->cut - w->pos;
	if (w->piece && n > w->piece)
		n = w->piece;
	if (n > left)
		n = left;
	memcpy(out, w->buf + w->pos, n);
	w->pos += n;
	return (ssize_t)n;
}

static ssize_t w_write(void *ctx, const void *in, size_t n)
{
	struct wire *w = ctx;

	if (w->cut && w->len >= w->cut) {
		errno = EPIPE;
		return -1;
	}
	if (w->piece && n > w->piece)
		n = w->piece;
	if (n > sizeof(w->buf) - w->len)
		n = sizeof(w->buf) - w->len;
	memcpy(w->buf + w->len, in, n);
	w->len += n;
	return (ssize_t)n;
}

static struct xend_reloc_io io_of(struct wire *w)
{
	return (struct xend_reloc_io){w_read, w_write, w};
}

static void test_format_parse(void **state)
{
	char line[XEND_RELOC_LINE_MAX], err[256];
	struct xend_reloc_msg m;

	assert_int_equal(xend_reloc_format(line, sizeof(line), XEND_RELOC_HELLO, 1, "demo"), 21);
	assert_string_equal(line, "xeno-relocate 1 demo\n");
	line[20] = '\0';
	assert_int_equal(xend_reloc_parse(line, &m, err, sizeof(err)), 0);
	assert_int_equal(m.kind, XEND_RELOC_HELLO);
	assert_int_equal(m.num, 1);
	assert_string_equal(m.text, "demo");
	/* A newline in text cannot end the line early. */
	xend_reloc_format(line, sizeof(line), XEND_RELOC_ERROR, 0, "bad\nready 3");
	assert_string_equal(line, "error bad ready 3\n");
	/* Text is cut to the line's size, the '\n' kept. */
	char big[2000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(xend_reloc_format(line, sizeof(line), XEND_RELOC_REFUSED, 0, big),
			 XEND_RELOC_LINE_MAX - 1);
	assert_int_equal(line[XEND_RELOC_LINE_MAX - 2], '\n');
	static const struct {
		const char *line;
		int rc;
		enum xend_reloc_kind kind;
		unsigned long num;
	} cases[] = {
		{"ok", 0, XEND_RELOC_OK, 0},
		{"go", 0, XEND_RELOC_GO, 0},
		{"synced", 0, XEND_RELOC_SYNCED, 0},
		{"synced 1", -EPROTO, 0, 0},
		{"ready 7", 0, XEND_RELOC_READY, 7},
		{"done 4294967295", 0, XEND_RELOC_DONE, 4294967295ul},
		{"done 4294967296", -EPROTO, 0, 0},
		{"ready", -EPROTO, 0, 0},
		{"ready x", -EPROTO, 0, 0},
		{"ready 7 more", -EPROTO, 0, 0},
		{"ready -1", -EPROTO, 0, 0},
		{"ok then", -EPROTO, 0, 0},
		{"okay", -EPROTO, 0, 0},
		{"refused", -EPROTO, 0, 0},
		{"xeno-relocate 1", -EPROTO, 0, 0},
		{"xeno-relocate one demo", -EPROTO, 0, 0},
		{"", -EPROTO, 0, 0},
		{"GO", -EPROTO, 0, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = xend_reloc_parse(cases[i].line, &m, err, sizeof(err));

		if (rc != cases[i].rc)
			fail_msg("\"%s\": %d, wanted %d", cases[i].line, rc, cases[i].rc);
		if (!rc && (m.kind != cases[i].kind || m.num != cases[i].num))
			fail_msg("\"%s\": kind %d num %lu", cases[i].line, m.kind, m.num);
	}
}

/* Messages then stream bytes: each piece size reads the lines and leaves the stream. */
static void test_pieces(void **state)
{
	for (size_t piece = 1; piece <= 9; piece += 4) {
		struct wire w = {.piece = piece};
		struct xend_reloc_io io = io_of(&w);
		struct xend_reloc_msg m;
		char err[256], rest[16] = "";

		assert_int_equal(
			xend_reloc_send(&io, XEND_RELOC_HELLO, 1, "demo", err, sizeof(err)), 0);
		assert_int_equal(xend_reloc_send(&io, XEND_RELOC_READY, 12, NULL, err, sizeof(err)),
				 0);
		memcpy(w.buf + w.len, "STREAM", 6);
		w.len += 6;
		assert_int_equal(xend_reloc_recv(&io, &m, err, sizeof(err)), 0);
		assert_int_equal(m.kind, XEND_RELOC_HELLO);
		assert_string_equal(m.text, "demo");
		assert_int_equal(xend_reloc_recv(&io, &m, err, sizeof(err)), 0);
		assert_int_equal(m.num, 12);
		w.piece = 0;
		assert_int_equal(w_read(&w, rest, sizeof(rest)), 6);
		assert_string_equal(rest, "STREAM");
		assert_int_equal(xend_reloc_recv(&io, &m, err, sizeof(err)), -EPIPE);
		assert_non_null(strstr(err, "closed"));
	}
}

static void test_broken(void **state)
{
	struct wire w = {0};
	struct xend_reloc_io io = io_of(&w);
	struct xend_reloc_msg m;
	char err[256];

	/* Cut mid-line. */
	memcpy(w.buf, "ready 12\n", 9);
	w.len = 9;
	w.cut = 4;
	assert_int_equal(xend_reloc_recv(&io, &m, err, sizeof(err)), -EPIPE);
	assert_non_null(strstr(err, "mid-line"));
	/* A line that never ends. */
	w = (struct wire){0};
	memset(w.buf, 'a', 4000);
	w.len = 4000;
	assert_int_equal(xend_reloc_recv(&io, &m, err, sizeof(err)), -EPROTO);
	assert_non_null(strstr(err, "too long"));
	assert_int_equal(w.pos, XEND_RELOC_LINE_MAX);
	/* A write to a cut wire. */
	w = (struct wire){.cut = 3, .len = 3};
	assert_int_equal(xend_reloc_send(&io, XEND_RELOC_GO, 0, NULL, err, sizeof(err)), -EPIPE);
	assert_non_null(strstr(err, "go"));
}

/* The target's answers as the source's expect() reports them. */
static void test_expect(void **state)
{
	struct wire w = {0};
	struct xend_reloc_io io = io_of(&w);
	struct xend_reloc_msg m;
	char err[256];

	xend_reloc_send(&io, XEND_RELOC_REFUSED, 0, "10.0.0.9 is not allowed", err, sizeof(err));
	assert_int_equal(xend_reloc_expect(&io, XEND_RELOC_OK, &m, err, sizeof(err)),
			 -ECONNREFUSED);
	assert_string_equal(err, "the target refused the migration: 10.0.0.9 is not allowed");
	xend_reloc_send(&io, XEND_RELOC_ERROR, 0, "domain with name \"demo\" already exists.", err,
			sizeof(err));
	assert_int_equal(xend_reloc_expect(&io, XEND_RELOC_READY, &m, err, sizeof(err)),
			 -EREMOTEIO);
	assert_non_null(strstr(err, "already exists"));
	/* A stream the target rejected before the SYNC: its reason, not "synced". */
	xend_reloc_send(&io, XEND_RELOC_ERROR, 0, "corrupt save file: PAGE_DATA length", err,
			sizeof(err));
	assert_int_equal(xend_reloc_expect(&io, XEND_RELOC_SYNCED, &m, err, sizeof(err)),
			 -EREMOTEIO);
	assert_string_equal(err, "the target failed: corrupt save file: PAGE_DATA length");
	xend_reloc_send(&io, XEND_RELOC_DONE, 3, NULL, err, sizeof(err));
	assert_int_equal(xend_reloc_expect(&io, XEND_RELOC_READY, &m, err, sizeof(err)), -EPROTO);
	assert_non_null(strstr(err, "\"done\" where \"ready\""));
	xend_reloc_send(&io, XEND_RELOC_DONE, 3, NULL, err, sizeof(err));
	assert_int_equal(xend_reloc_expect(&io, XEND_RELOC_DONE, &m, err, sizeof(err)), 0);
	assert_int_equal(m.num, 3);
}

/* Both sides in order over two wires (source -> target, target -> source). */
static void test_exchange(void **state)
{
	struct wire st = {.piece = 5}, ts = {.piece = 3};
	struct xend_reloc_io src_out = io_of(&st), tgt_in = io_of(&st);
	struct xend_reloc_io tgt_out = io_of(&ts), src_in = io_of(&ts);
	struct xend_reloc_msg m;
	char err[256];

	assert_int_equal(xend_reloc_send(&src_out, XEND_RELOC_HELLO, XEND_RELOC_VERSION, "demo",
					 err, sizeof(err)),
			 0);
	assert_int_equal(xend_reloc_expect(&tgt_in, XEND_RELOC_HELLO, &m, err, sizeof(err)), 0);
	assert_int_equal(m.num, XEND_RELOC_VERSION);
	xend_reloc_send(&tgt_out, XEND_RELOC_OK, 0, NULL, err, sizeof(err));
	assert_int_equal(xend_reloc_expect(&src_in, XEND_RELOC_OK, &m, err, sizeof(err)), 0);
	xend_reloc_send(&tgt_out, XEND_RELOC_SYNCED, 0, NULL, err, sizeof(err));
	assert_int_equal(xend_reloc_expect(&src_in, XEND_RELOC_SYNCED, &m, err, sizeof(err)), 0);
	xend_reloc_send(&tgt_out, XEND_RELOC_READY, 5, NULL, err, sizeof(err));
	assert_int_equal(xend_reloc_expect(&src_in, XEND_RELOC_READY, &m, err, sizeof(err)), 0);
	xend_reloc_send(&src_out, XEND_RELOC_GO, 0, NULL, err, sizeof(err));
	assert_int_equal(xend_reloc_expect(&tgt_in, XEND_RELOC_GO, &m, err, sizeof(err)), 0);
	xend_reloc_send(&tgt_out, XEND_RELOC_DONE, 5, NULL, err, sizeof(err));
	assert_int_equal(xend_reloc_expect(&src_in, XEND_RELOC_DONE, &m, err, sizeof(err)), 0);
	assert_int_equal(m.num, 5);
	assert_int_equal(st.pos, st.len);
	assert_int_equal(ts.pos, ts.len);
}

static void test_allowed(void **state)
{
	assert_true(xend_reloc_allowed("", "127.0.0.1"));
	assert_true(xend_reloc_allowed(NULL, "::1"));
	assert_false(xend_reloc_allowed("", "10.9.0.1"));
	assert_true(xend_reloc_allowed("10.9.0.1", "10.9.0.1"));
	assert_true(xend_reloc_allowed("10.9.0.1", "::ffff:10.9.0.1"));
	assert_false(xend_reloc_allowed("10.9.0.1", "10.9.0.10"));
	assert_false(xend_reloc_allowed("10.9.0.1", "127.0.0.1")); /* a list: no loopback default */
	assert_true(xend_reloc_allowed("192.168.0.0/16, 10.9.0.0/24", "10.9.0.77"));
	assert_false(xend_reloc_allowed("10.9.0.0/24", "10.9.1.1"));
	assert_false(xend_reloc_allowed("10.9.0.0/33 10.9.0.0/x", "10.9.0.1"));
	assert_true(xend_reloc_allowed("any", "203.0.113.5"));
	assert_true(xend_reloc_allowed("0.0.0.0/0", "203.0.113.5"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_parse), cmocka_unit_test(test_pieces),
		cmocka_unit_test(test_broken),	     cmocka_unit_test(test_expect),
		cmocka_unit_test(test_exchange),     cmocka_unit_test(test_allowed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
