/*
 * Protocol framing and request validation of xenstored's core: headers
 * split anywhere, several messages per read, the payload limit, unknown
 * types, unterminated or extra strings, bad paths, reply limits,
 * DIRECTORY_PART paging, error replies echoing req_id and tx_id.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

#define OP(c, type, ...) h_op(c, type, 0, __VA_ARGS__, NULL)

static size_t msg(unsigned char *buf, uint32_t type, uint32_t req, uint32_t tx, const void *p,
		  uint32_t len)
{
	struct xsd_sockmsg hdr = {type, req, tx, len};

	memcpy(buf, &hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), p, len);
	return sizeof(hdr) + len;
}

static const char *reply(struct xs_conn *c, uint32_t *type, uint32_t *req)
{
	const char *r = h_reply(c, type, req, NULL);

	assert_non_null(r);
	return r;
}

static void test_byte_at_a_time_and_batches(void **state)
{
	unsigned char buf[256];
	struct xs_conn *c;
	uint32_t type, req;
	size_t n;

	h_store();
	c = h_dom0();
	n = msg(buf, XS_DIRECTORY, 7, 0, "/tool", 6);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(h_feed(c, buf + i, 1), 0);
	assert_string_equal(reply(c, &type, &req), "xenstored");
	assert_int_equal(req, 7);
	n = msg(buf, XS_READ, 8, 0, "/tool", 6);
	n += msg(buf + n, XS_GET_PERMS, 9, 0, "/tool", 6);
	n += msg(buf + n, XS_READ, 10, 0, "/missing", 9);
	assert_int_equal(h_feed(c, buf, n), 0);
	assert_string_equal(reply(c, &type, &req), "");
	assert_int_equal(type, XS_READ);
	assert_string_equal(reply(c, &type, &req), "n0");
	assert_int_equal(req, 9);
	assert_string_equal(reply(c, &type, &req), "ENOENT");
	assert_int_equal(type, XS_ERROR);
	assert_int_equal(req, 10);
	assert_null(h_reply(c, &type, NULL, NULL));
	h_store_free();
}

static void test_payload_limit(void **state)
{
	static unsigned char buf[2 * XENSTORE_PAYLOAD_MAX];
	static char payload[XENSTORE_PAYLOAD_MAX];
	struct xsd_sockmsg hdr = {XS_WRITE, 1, 0, XENSTORE_PAYLOAD_MAX + 1};
	struct xs_conn *c;
	uint32_t type;
	size_t n;

	h_store();
	c = h_dom0();
	memset(payload, 'x', sizeof(payload));
	memcpy(payload, "/big", 5);
	n = msg(buf, XS_WRITE, 1, 0, payload, XENSTORE_PAYLOAD_MAX);
	assert_int_equal(h_feed(c, buf, n), 0);
	assert_string_equal(reply(c, &type, NULL), "OK");
	assert_int_equal(strlen(OP(c, XS_READ, "/big")), XENSTORE_PAYLOAD_MAX - 5);
	assert_int_equal(h_feed(c, &hdr, sizeof(hdr)), -1);
	assert_null(h_reply(c, &type, NULL, NULL));
	c = h_dom0();
	hdr.len = 0xffffffff;
	assert_int_equal(h_feed(c, &hdr, 10), 0); /* not a header yet */
	assert_int_equal(h_feed(c, (char *)&hdr + 10, 6), -1);
	h_store_free();
}

static void test_unknown_types(void **state)
{
	static const uint32_t bad[] = {XS_WATCH_EVENT, XS_ERROR,     20,
				       XS_GET_FEATURE, XS_SET_QUOTA, XS_TYPE_COUNT,
				       1000,	       XS_INVALID,   0xffffffff};
	unsigned char buf[64];
	struct xs_conn *c;
	uint32_t type, req;

	h_store();
	c = h_dom0();
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(h_feed(c, buf, msg(buf, bad[i], (uint32_t)i, 0, "/\0", 2)), 0);
		assert_string_equal(reply(c, &type, &req), "ENOSYS");
		assert_int_equal(type, XS_ERROR);
		assert_int_equal(req, i);
	}
	h_store_free();
}

static void test_malformed_strings(void **state)
{
	unsigned char buf[64];
	struct xs_conn *c;
	uint32_t type, req, tx;

	h_store();
	c = h_dom0();
	assert_int_equal(h_feed(c, buf, msg(buf, XS_READ, 1, 0, "/tool", 5)), 0);
	assert_string_equal(reply(c, &type, NULL), "EINVAL"); /* no NUL */
	assert_int_equal(h_feed(c, buf, msg(buf, XS_READ, 2, 0, "/tool\0/x", 9)), 0);
	assert_string_equal(reply(c, &type, NULL), "EINVAL"); /* two strings */
	assert_int_equal(h_feed(c, buf, msg(buf, XS_READ, 3, 0, "", 0)), 0);
	assert_string_equal(reply(c, &type, NULL), "EINVAL");
	assert_int_equal(h_feed(c, buf, msg(buf, XS_WRITE, 4, 0, "/no-nul", 7)), 0);
	assert_string_equal(reply(c, &type, NULL), "EINVAL");
	assert_int_equal(h_feed(c, buf, msg(buf, XS_WATCH, 5, 0, "/w\0tok", 6)), 0);
	assert_string_equal(reply(c, &type, NULL), "EINVAL");
	assert_int_equal(h_feed(c, buf, msg(buf, XS_INTRODUCE, 6, 0, "1\0x\0", 4)), 0);
	assert_string_equal(reply(c, &type, NULL), "EINVAL");
	assert_int_equal(h_feed(c, buf, msg(buf, XS_READ, 77, 5, "/tool", 6)), 0);
	h_reply(c, &type, &req, &tx);
	assert_int_equal(type, XS_ERROR);
	assert_int_equal(req, 77);
	assert_int_equal(tx, 5); /* echoed */
	h_store_free();
}

/* path_max (2048) counts below a domain's home; relative names are below it. */
static void test_path_lengths(void **state)
{
	static char path[2200];
	struct xs_conn *c;

	h_store();
	c = h_dom0();
	path[0] = '/';
	memset(path + 1, 'a', 2047);
	assert_string_equal(h_write(c, 0, path, "v"), "OK");
	path[2048] = 'a';
	assert_string_equal(h_write(c, 0, path, "v"), "EINVAL");
	memset(path, 'b', 2048);
	path[2048] = '\0';
	assert_string_equal(h_write(c, 0, path, "v"), "OK");
	assert_string_equal(OP(c, XS_READ, path), "v");
	memmove(path + 16, path, 2049);
	memcpy(path, "/local/domain/0/", 16);
	assert_string_equal(OP(c, XS_READ, path), "v");
	path[2064] = 'b';
	path[2065] = '\0';
	assert_string_equal(OP(c, XS_READ, path + 16), "EINVAL");
	h_store_free();
}

static void test_bad_paths(void **state)
{
	static const char *const bad[] = {"//a", "/a/", "/a//b", "/a b", "/a\xff", "@x", "/a:b"};
	struct xs_conn *c;

	h_store();
	c = h_dom0();
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_string_equal(h_write(c, 0, bad[i], "v"), "EINVAL");
		assert_string_equal(OP(c, XS_READ, bad[i]), "EINVAL");
	}
	assert_string_equal(OP(c, XS_READ, ""), "EINVAL"); /* the home with a trailing / */
	assert_string_equal(h_write(c, 0, "/a-b_c@d/E9", "v"), "OK");
	h_store_free();
}

static void test_directory_limits_and_parts(void **state)
{
	char name[64], all[16384] = "", part[XENSTORE_PAYLOAD_MAX + 8], off[16];
	struct xs_conn *c;
	size_t got = 0;

	h_store();
	c = h_dom0();
	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "/d/child-with-a-long-name-%04d", i);
		assert_string_equal(OP(c, XS_MKDIR, name), "OK");
		strcat(all, name + 3);
		strcat(all, ",");
	}
	all[strlen(all) - 1] = '\0';
	assert_string_equal(OP(c, XS_DIRECTORY, "/d"), "E2BIG");
	for (;;) {
		const char *r, *names;

		snprintf(off, sizeof(off), "%zu", got);
		r = OP(c, XS_DIRECTORY_PART, "/d", off);
		names = strchr(r, ',');
		assert_non_null(names);
		snprintf(part, sizeof(part), "%s", names + 1);
		bool last = part[0] && part[strlen(part) - 1] == ','; /* an empty name ends it */

		if (last)
			part[strlen(part) - 1] = '\0';
		if (!part[0])
			break;
		assert_int_equal(strncmp(all + got, part, strlen(part)), 0);
		got += strlen(part) + 1;
		if (last)
			break;
	}
	assert_int_equal(got, strlen(all) + 1);
	assert_string_equal(OP(c, XS_DIRECTORY_PART, "/d", "x"), "EINVAL");
	assert_string_equal(OP(c, XS_DIRECTORY_PART, "/d"), "EINVAL");
	h_store_free();
}

static void test_domain_requests(void **state)
{
	struct xs_conn *c;

	h_store();
	c = h_dom0();
	assert_string_equal(OP(c, XS_GET_DOMAIN_PATH, "7"), "/local/domain/7");
	assert_string_equal(OP(c, XS_GET_DOMAIN_PATH, "7x"), "EINVAL");
	assert_string_equal(OP(c, XS_GET_DOMAIN_PATH, "65536"), "EINVAL");
	assert_string_equal(OP(c, XS_IS_DOMAIN_INTRODUCED, "4"), "F");
	assert_string_equal(OP(c, XS_INTRODUCE, "4", "-1", "9"), "OK");
	assert_string_equal(OP(c, XS_IS_DOMAIN_INTRODUCED, "4"), "T");
	assert_string_equal(OP(c, XS_IS_DOMAIN_INTRODUCED, "0"), "T");
	assert_string_equal(OP(c, XS_INTRODUCE, "0", "1", "9"), "EINVAL");
	assert_string_equal(OP(c, XS_INTRODUCE, "32752", "1", "9"), "EINVAL");
	assert_string_equal(OP(c, XS_INTRODUCE, "5", "1", "0"), "EINVAL");
	assert_string_equal(OP(c, XS_RELEASE, "0"), "EINVAL");
	assert_string_equal(OP(c, XS_RESUME, "5"), "ENOENT");
	assert_string_equal(OP(c, XS_CONTROL, "nosuch"), "EINVAL");
	assert_string_equal(OP(c, XS_CONTROL, "print", "hello"), "OK");
	assert_non_null(strstr(OP(c, XS_CONTROL, "help"), "check"));
	h_store_free();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_byte_at_a_time_and_batches),
		cmocka_unit_test(test_payload_limit),
		cmocka_unit_test(test_unknown_types),
		cmocka_unit_test(test_malformed_strings),
		cmocka_unit_test(test_bad_paths),
		cmocka_unit_test(test_path_lengths),
		cmocka_unit_test(test_directory_limits_and_parts),
		cmocka_unit_test(test_domain_requests),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
