/*
 * xenconsoled's console (cons_ring.c, console.c) on the fake device
 * backends of tools/libs, with a real pty and log file: guest output
 * reaches the log and the pty (across the ring's wrap), pty input reaches
 * the guest's in[] and notifies it, the page comes from grant ref 0 or the
 * ring-ref frame, a flood with no reader keeps the newest bytes without
 * blocking, corrupt indices stop the console, close releases everything;
 * the rate limit's bucket, a throttled console (ring left alone, port
 * held masked until it resumes) and log rotation at log_max.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "public/grant_table.h"
#include "xcons.h"
#include "../libs/call/xcall.h"
#include "../libs/call/xcall_fake.h"
#include "../libs/evtchn/xevtchn.h"
#include "../libs/evtchn/xevtchn_fake.h"
#include "../libs/gnttab/xgnttab.h"
#include "../libs/gnttab/xgnttab_fake.h"

static struct xcons_ctx ctx;
static struct xencons_interface *page;
static char dir[] = "/tmp/xcons-test.XXXXXX";

/* The daemon's clock in these tests: it moves only when a test moves it,
 * so the rate limit's arithmetic does not depend on the host's load. */
static uint64_t fake_now_ns = 1000000000;

static uint64_t fake_clock(void)
{
	return fake_now_ns;
}

static int setup(void **state)
{
	fake_evtchn_reset();
	fake_call_reset();
	fake_gnttab_reset();
	page = aligned_alloc(4096, 4096);
	memset(page, 0, 4096);
	assert_non_null(mkdtemp(strcpy(dir, "/tmp/xcons-test.XXXXXX")));
	ctx = (struct xcons_ctx){.evtchn = xevtchn_open(),
				 .call = xcall_open(),
				 .gnttab = xgnttab_open(),
				 .log_dir = dir,
				 .clock_ns = fake_clock};
	return 0;
}

static int teardown(void **state)
{
	char path[256];

	xevtchn_close(ctx.evtchn);
	xcall_close(ctx.call);
	xgnttab_close(ctx.gnttab);
	assert_int_equal(fake_evtchn_bound_count(), 0);
	assert_int_equal(fake_gnttab_mapped(), 0);
	assert_int_equal(fake_call_mapped(), 0);
	snprintf(path, sizeof(path), "%s/guest-demo.log", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/guest-demo.log.1", dir);
	unlink(path);
	rmdir(dir);
	free(page);
	return 0;
}

static void guest_write(const char *s)
{
	for (; *s; s++)
		page->out[MASK_XENCONS_IDX(page->out_prod++, page->out)] = *s;
}

static void kick(struct xcons *x)
{
	fake_evtchn_fire(xcons_port(x));
	xcons_service(x);
}

static const char *log_text(void)
{
	static char buf[8192];
	char path[256];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/guest-demo.log", dir);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

/*
 * Linux hands pty bytes to the other side from a workqueue: read until
 * want has arrived (or 5 s passed), never assume one read() has it all.
 */
static void read_until(int fd, char *buf, size_t size, const char *want)
{
	size_t len = 0;
	struct pollfd p = {.fd = fd, .events = POLLIN};

	buf[0] = '\0';
	while (!strstr(buf, want) && len < size - 1 && poll(&p, 1, 5000) == 1) {
		ssize_t n = read(fd, buf + len, size - 1 - len);

		assert_true(n > 0);
		len += n;
		buf[len] = '\0';
	}
}

/* Service until the guest's in[] holds n bytes (or 5 s passed). */
static void service_until_in(struct xcons *x, unsigned int n)
{
	for (int i = 0; i < 500 && page->in_prod < n; i++) {
		usleep(10000);
		xcons_service(x);
	}
}

static void test_output_input_by_grant(void **state)
{
	struct xcons *x;
	int err, slave;
	char buf[64];

	fake_gnttab_grant(3, GNTTAB_RESERVED_CONSOLE, page);
	guest_write("early ");
	x = xcons_open(&ctx, 3, "demo", 999, 2, &err);
	assert_non_null(x);
	assert_int_equal(fake_gnttab_mapped(), 1);
	assert_int_equal(fake_evtchn_port_of(3, 2), (int)xcons_port(x));
	slave = open(xcons_tty(x), O_RDWR | O_NOCTTY);
	assert_true(slave >= 0);
	page->out_cons = page->out_prod = 0xfffffffcu; /* wrap the indices */
	guest_write("hello\n");
	kick(x);
	assert_string_equal(log_text(), "early hello\n");
	read_until(slave, buf, sizeof(buf), "hello");
	assert_non_null(strstr(buf, "hello"));
	assert_true(fake_evtchn_take_notifies(xcons_port(x)) >= 1);
	/* Typed on the pty: into in[], the guest told. */
	assert_int_equal(write(slave, "ls\r", 3), 3);
	service_until_in(x, 3);
	assert_int_equal(page->in_prod, 3);
	assert_memory_equal(page->in, "ls\r", 3);
	assert_int_equal(fake_evtchn_take_notifies(xcons_port(x)), 1);
	close(slave);
	xcons_close(x);
}

static void test_foreign_map_and_failures(void **state)
{
	struct xcons *x;
	int err;

	fake_call_set_frame(4, 0x777, page);
	x = xcons_open(&ctx, 4, "demo", 0x777, 5, &err);
	assert_non_null(x);
	assert_int_equal(fake_call_mapped(), 1);
	xcons_close(x);
	assert_null(xcons_open(&ctx, 4, "demo", 0x778, 5, &err)); /* no such frame */
	assert_true(err < 0);
	fake_evtchn_fail_binds(22);
	assert_null(xcons_open(&ctx, 4, "demo", 0x777, 5, &err));
	fake_evtchn_fail_binds(0);
	assert_int_equal(err, -22);
	assert_int_equal(fake_call_mapped(), 0);
}

/* No one reads the pty: output keeps flowing, the newest bytes kept. */
static void test_flood_and_corruption(void **state)
{
	static char line[1001];
	struct xcons *x;
	int err;

	fake_gnttab_grant(3, GNTTAB_RESERVED_CONSOLE, page);
	x = xcons_open(&ctx, 3, "demo", 0, 2, &err);
	assert_non_null(x);
	memset(line, 'x', 1000);
	for (int i = 0; i < 200; i++) {
		guest_write(line);
		kick(x);
		assert_int_equal(page->out_cons, page->out_prod);
	}
	assert_int_equal(strlen(log_text()) > 4000, 1);
	page->out_prod = page->out_cons + XENCONS_OUT_SIZE + 1;
	kick(x);
	assert_int_not_equal(page->out_cons, page->out_prod);
	xcons_close(x);
}

#define MS 1000000ULL

static void test_bucket(void **state)
{
	struct xcons_bucket b;

	xcons_bucket_init(&b, 1000, 5 * MS);
	assert_int_equal(xcons_bucket_avail(&b, 1000, 5 * MS), 1000); /* a full second's worth */
	xcons_bucket_spend(&b, 1000);
	assert_int_equal(xcons_bucket_avail(&b, 1000, 5 * MS), 0);
	assert_int_equal(xcons_bucket_wait_ns(&b, 1000, 5 * MS, 100), 100 * MS);
	assert_int_equal(xcons_bucket_avail(&b, 1000, 5 * MS + 500000), 0); /* half a byte */
	assert_int_equal(xcons_bucket_avail(&b, 1000, 6 * MS), 1);	    /* the half kept */
	assert_int_equal(xcons_bucket_avail(&b, 1000, 55 * MS), 50);
	xcons_bucket_spend(&b, 80); /* more than there is: empty */
	assert_int_equal(xcons_bucket_avail(&b, 1000, 55 * MS), 0);
	assert_int_equal(xcons_bucket_wait_ns(&b, 1000, 55 * MS, 5000), 1000 * MS); /* capped */
	assert_int_equal(xcons_bucket_avail(&b, 1000, 10000 * MS), 1000); /* never above */
	assert_int_equal(xcons_bucket_wait_ns(&b, 1000, 10000 * MS, 10), 0);
	assert_true(xcons_bucket_avail(&b, 0, 0) == UINT64_MAX); /* no limit */
	assert_int_equal(xcons_bucket_wait_ns(&b, 0, 0, 10), 0);
}

/* A flood past the bucket: the ring is left full, the port held masked,
 * the daemon told when to come back; then the console resumes. */
static void test_rate_limit(void **state)
{
	static char line[1001];
	struct xcons *x;
	uint32_t before, port;
	int err, t;

	ctx.rate = 4096;
	fake_gnttab_grant(3, GNTTAB_RESERVED_CONSOLE, page);
	x = xcons_open(&ctx, 3, "demo", 0, 2, &err);
	assert_non_null(x);
	assert_int_equal(xcons_timeout_ms(x), -1);
	memset(line, 'y', 1000);
	for (int i = 0; i < 5; i++) {
		guest_write(line);
		kick(x);
	}
	assert_int_equal(page->out_cons,
			 4096 - 3 * XCONS_EVENT_COST); /* the burst, 3 events paid */
	assert_true(xcons_throttled(x));
	t = xcons_timeout_ms(x);
	assert_true(t >= 1 && t <= 126); /* an eighth of the rate: 512 bytes, 125 ms */
	before = page->out_cons;
	/* Its port fires: the daemon takes the event and holds the port masked. */
	fake_evtchn_fire(xcons_port(x));
	assert_int_equal(xevtchn_pending(ctx.evtchn, &port, 1), 1);
	xcons_hold(x);
	xcons_service(x);
	assert_int_equal(page->out_cons, before); /* still throttled */
	assert_true(fake_evtchn_masked(port));
	fake_now_ns += (uint64_t)t * 1000000 + 20000000;
	xcons_service(x);
	assert_false(xcons_throttled(x) && page->out_cons == before);
	/* Exactly what the time earned: the wait (at least the eighth) and 20 ms more. */
	assert_int_equal(page->out_cons - before, ((uint64_t)t + 20) * 4096 / 1000);
	assert_false(fake_evtchn_masked(port)); /* resumed: unmasked */
	assert_int_equal(strlen(log_text()), page->out_cons);
	xcons_close(x);
}

/* A guest notifying for every few bytes pays XCONS_EVENT_COST each time. */
static void test_event_cost(void **state)
{
	struct xcons *x;
	int err, kicks = 0;

	ctx.rate = 4096;
	fake_gnttab_grant(3, GNTTAB_RESERVED_CONSOLE, page);
	x = xcons_open(&ctx, 3, "demo", 0, 2, &err);
	assert_non_null(x);
	while (!xcons_throttled(x) && kicks < 100) {
		guest_write("0123456789");
		kick(x);
		kicks++;
	}
	assert_true(xcons_throttled(x));
	assert_true(kicks >= 28 && kicks <= 31); /* 4096 / (10 + 128) */
	assert_int_equal(page->out_cons, 10 * kicks);
	xcons_close(x);
}

static void test_log_rotation(void **state)
{
	static char line[1001];
	char path[256];
	struct stat st;
	struct xcons *x;
	int err;

	ctx.log_max = 3000;
	fake_gnttab_grant(3, GNTTAB_RESERVED_CONSOLE, page);
	x = xcons_open(&ctx, 3, "demo", 0, 2, &err);
	assert_non_null(x);
	memset(line, 'z', 1000);
	for (int i = 0; i < 7; i++) {
		guest_write(line);
		kick(x);
	}
	assert_int_equal(page->out_cons, 7000); /* no rate limit here */
	assert_int_equal(strlen(log_text()), 1000);
	snprintf(path, sizeof(path), "%s/guest-demo.log.1", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 3000);
	xcons_close(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_output_input_by_grant, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_map_and_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flood_and_corruption, setup, teardown),
		cmocka_unit_test(test_bucket),
		cmocka_unit_test_setup_teardown(test_rate_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_event_cost, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_rotation, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
