/*
 * xend's API core on a fake backend: framing (pieces, several lines per
 * read, the size limit), decoding (malformed, wrong version, unknown
 * command, wrong argument types: nothing called), domain arguments (id,
 * name, unique prefix, ambiguous prefix, unknown), each command's effect
 * on the fake (create's text and overrides, shutdown's reason, mem-set's
 * size, sched-credit keeping the field not given, rename, vcpu-list and
 * vcpu-pin: masks as CPU arrays, "all" vCPUs, refusals) and the state
 * files (save, load, remove; a corrupt file skipped).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "api.h"
#include "daemon.h"
#include "xend_private.h"

/* --- the fake backend: three domains and a log of the last call --- */
static struct fake {
	struct xend_dominfo doms[3];
	int n;
	char last[256];
	struct xctrl_sched sched;
	int fail; /* -errno for the next op */
} fk;

static void rec(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fk.last, sizeof(fk.last), fmt, ap);
	va_end(ap);
}

static int f_list(struct xend_api *a, struct xend_dominfo *out, int max)
{
	memcpy(out, fk.doms, sizeof(fk.doms[0]) * (size_t)fk.n);
	return fk.n;
}

static struct json_object *f_config(struct xend_api *a, uint16_t domid)
{
	return domid == 5 ? json_object_new_string("cfg-of-5") : NULL;
}

static int f_create(struct xend_api *a, struct xend_create_req *r)
{
	if (fk.fail) {
		snprintf(a->err, sizeof(a->err), "%s:2: unknown key 'memmory'", r->file);
		return fk.fail;
	}
	rec("create %s [%.*s] %d %s paused=%d dry=%d", r->file, (int)r->len, r->text,
	    r->nr_overrides, r->nr_overrides ? r->overrides[0] : "-", r->paused, r->dry_run);
	snprintf(r->name, sizeof(r->name), "new");
	snprintf(r->summary, sizeof(r->summary), "name: new\n");
	r->domid = 9;
	return 0;
}

static int f_destroy(struct xend_api *a, uint16_t d)
{
	rec("destroy %u", d);
	return 0;
}

static int f_shutdown(struct xend_api *a, uint16_t d, const char *how)
{
	rec("shutdown %u %s", d, how);
	return 0;
}

static int f_pause(struct xend_api *a, uint16_t d, bool p)
{
	rec("pause %u %d", d, p);
	return 0;
}

static int f_vcpu_set(struct xend_api *a, uint16_t d, unsigned int n)
{
	rec("vcpu-set %u %u", d, n);
	return 0;
}

static int f_mem_set(struct xend_api *a, uint16_t d, uint64_t kib)
{
	rec("mem-set %u %llu", d, (unsigned long long)kib);
	return 0;
}

static int f_mem_max(struct xend_api *a, uint16_t d, uint64_t kib)
{
	rec("mem-max %u %llu", d, (unsigned long long)kib);
	return 0;
}

static int f_sched_get(struct xend_api *a, uint16_t d, struct xctrl_sched *s)
{
	*s = fk.sched;
	return 0;
}

static int f_sched_set(struct xend_api *a, uint16_t d, const struct xctrl_sched *s)
{
	fk.sched = *s;
	rec("sched %u %u %u", d, s->weight, s->cap);
	return 0;
}

static int f_rename(struct xend_api *a, uint16_t d, const char *name)
{
	rec("rename %u %s", d, name);
	return 0;
}

static long f_dmesg(struct xend_api *a, char *buf, size_t size, bool clear)
{
	rec("dmesg %d", clear);
	memcpy(buf, "(XEN) hello\n", 12);
	return 12;
}

static int f_stop(struct xend_api *a)
{
	rec("stop");
	return 0;
}

static int f_save(struct xend_api *a, uint16_t d, const char *file, bool progress, uint64_t *pages)
{
	rec("save %u %s %d", d, file, progress);
	*pages = 32768;
	return 0;
}

static int f_restore(struct xend_api *a, const char *file, bool paused, bool progress,
		     uint16_t *domid, char name[64])
{
	rec("restore %s %d %d", file, paused, progress);
	*domid = 9;
	snprintf(name, 64, "web1");
	return 0;
}

/* A move to host "refuser" fails as a target's refusal would. */
static int f_migrate(struct xend_api *a, uint16_t d, struct xend_migrate *m, bool progress)
{
	rec("migrate %u %s %d %d", d, m->host, m->port, progress);
	if (!strcmp(m->host, "refuser")) {
		snprintf(a->err, sizeof(a->err), "the target refused the migration: not allowed");
		return -ECONNREFUSED;
	}
	m->live = true;
	m->target_domid = 3;
	m->rounds = 4;
	m->pages = 40000;
	m->bytes = 40000ull * 4104;
	m->downtime_ns = 7500000;
	m->suspend_ns = 90000000;
	m->last_round_ns = 2000000;
	m->stream_end_ns = 500000;
	m->target_restore_ns = 4000000;
	m->target_start_ns = 1000000;
	m->total_ns = 3000000000ull;
	return 0;
}

/* vCPU 1 of a domain does not exist (never allocated); each pin is appended to last. */
static int f_vcpu_info(struct xend_api *a, uint16_t d, uint32_t vcpu, struct xend_vcpu *v)
{
	if (vcpu == 1)
		return -ESRCH;
	if (d == 5 && fk.fail)
		return fk.fail;
	*v = (struct xend_vcpu){.vcpu = vcpu,
				.cpu = 1,
				.online = true,
				.running = true,
				.cpu_time = 2500000000ULL,
				.hard = 0x2,
				.soft = ~0ULL};
	return 0;
}

static int f_vcpu_pin(struct xend_api *a, uint16_t d, uint32_t vcpu, const uint64_t *hard,
		      const uint64_t *soft)
{
	size_t n = strlen(fk.last);

	if (vcpu == 1)
		return -ESRCH;
	snprintf(fk.last + n, sizeof(fk.last) - n, "%spin %u %u %llx %llx", n ? "; " : "", d, vcpu,
		 hard ? (unsigned long long)*hard : 0ULL, soft ? (unsigned long long)*soft : 0ULL);
	return 0;
}

static int f_nr_cpus(struct xend_api *a)
{
	return 2;
}

static int f_dev_attach(struct xend_api *a, uint16_t d, bool nic, const char *spec)
{
	rec("attach %u %s %s", d, nic ? "vif" : "vbd", spec);
	return 0;
}

static int f_dev_detach(struct xend_api *a, uint16_t d, bool nic, const char *what)
{
	rec("detach %u %s %s", d, nic ? "vif" : "vbd", what);
	if (strcmp(what, "xvdb") && strcmp(what, "0")) {
		snprintf(a->err, sizeof(a->err), "Error: Device %s not connected.", what);
		return -ENODEV;
	}
	return 0;
}

/* web1 (5) has one device of each kind, connected; the others none. */
static int f_dev_list(struct xend_api *a, uint16_t d, bool nic, struct xend_device *out, int max)
{
	if (d != 5)
		return 0;
	out[0] = (struct xend_device){.devid = nic ? 0 : 51712,
				      .frontend_id = 5,
				      .state = 4,
				      .evtch = 9,
				      .ring_ref = 8,
				      .rx_ring_ref = nic ? 768 : -1};
	snprintf(out[0].mac, sizeof(out[0].mac), "%s", nic ? "00:16:3e:00:00:02" : "");
	snprintf(out[0].backend, sizeof(out[0].backend), "/local/domain/0/backend/%s/5/%d",
		 nic ? "vif" : "vbd", out[0].devid);
	return 1;
}

static const struct xend_ops fake_ops = {
	f_list,	    f_config,  f_create,     f_destroy,	   f_shutdown,	f_pause,
	f_vcpu_set, f_mem_set, f_mem_max,    f_sched_get,  f_sched_set, f_rename,
	f_dmesg,    f_stop,    f_save,	     f_restore,	   f_vcpu_info, f_vcpu_pin,
	f_nr_cpus,  f_migrate, f_dev_attach, f_dev_detach, f_dev_list};
static struct xend_api api = {.ops = &fake_ops};

static void add_dom(uint16_t id, const char *name)
{
	struct xend_dominfo *d = &fk.doms[fk.n++];

	memset(d, 0, sizeof(*d));
	d->info.domain = id;
	d->info.tot_pages = 32768;
	d->info.nr_online_vcpus = 1;
	d->info.flags = XEN_DOMINF_blocked;
	snprintf(d->name, sizeof(d->name), "%s", name);
}

static int setup(void **state)
{
	memset(&fk, 0, sizeof(fk));
	fk.sched = (struct xctrl_sched){256, 0};
	add_dom(0, "Domain-0");
	add_dom(5, "web1");
	add_dom(7, "web2");
	return 0;
}

/* The reply to line: ok, and errno (0 if ok); *result borrowed until the reply is put. */
static struct json_object *call(const char *line, int *err)
{
	struct json_object *r = xend_dispatch(&api, line), *v;

	assert_true(json_object_object_get_ex(r, "version", &v));
	assert_int_equal(json_object_get_int(v), XEND_API_VERSION);
	assert_true(json_object_object_get_ex(r, "ok", &v));
	*err = 0;
	if (!json_object_get_boolean(v)) {
		assert_true(json_object_object_get_ex(r, "errno", &v));
		*err = json_object_get_int(v);
		assert_true(json_object_object_get_ex(r, "error", &v));
		snprintf(api.err, sizeof(api.err), "%s", json_object_get_string(v));
	}
	return r;
}

static void expect_err(const char *line, int e, const char *msg)
{
	int err;
	struct json_object *r;

	fk.last[0] = '\0';
	r = call(line, &err);
	assert_int_equal(err, e);
	if (msg && !strstr(api.err, msg))
		fail_msg("'%s' lacks '%s'", api.err, msg);
	assert_string_equal(fk.last, ""); /* nothing called */
	json_object_put(r);
}

static void expect_call(const char *line, const char *effect)
{
	int err;
	struct json_object *r = call(line, &err);

	if (err)
		fail_msg("%s: %s", line, api.err);
	assert_string_equal(fk.last, effect);
	json_object_put(r);
}

static void test_frame(void **state)
{
	struct xend_frame f = {0};
	char *l;

	assert_int_equal(xend_frame_feed(&f, "{\"a\"", 4), 0);
	assert_null(xend_frame_next(&f));
	assert_int_equal(xend_frame_feed(&f, ":1}\n{}\n{", 8), 0);
	l = xend_frame_next(&f);
	assert_string_equal(l, "{\"a\":1}");
	free(l);
	l = xend_frame_next(&f);
	assert_string_equal(l, "{}");
	free(l);
	assert_null(xend_frame_next(&f));
	assert_int_equal(xend_frame_feed(&f, "}\n", 2), 0);
	l = xend_frame_next(&f);
	assert_string_equal(l, "{}");
	free(l);
	xend_frame_free(&f);
}

static void test_frame_limit(void **state)
{
	struct xend_frame f = {0};
	size_t n = XEND_FRAME_MAX;
	char *big = malloc(n + 2), *l;

	memset(big, 'x', n + 1);
	big[n] = '\n'; /* exactly the limit: accepted */
	assert_int_equal(xend_frame_feed(&f, big, n + 1), 0);
	l = xend_frame_next(&f);
	assert_non_null(l);
	assert_int_equal(strlen(l), n);
	free(l);
	big[n] = 'x'; /* one more byte without a newline: the stream is refused */
	assert_int_equal(xend_frame_feed(&f, big, n + 1), -EMSGSIZE);
	assert_null(xend_frame_next(&f));
	assert_int_equal(xend_frame_feed(&f, "\n", 1), -EMSGSIZE);
	xend_frame_free(&f);
	free(big);
}

static void test_decode(void **state)
{
	expect_err("", EINVAL, "not a JSON object");
	expect_err("{\"version\":1,\"cmd\":\"list\"", EINVAL, "not a JSON object");
	expect_err("[1,2]", EINVAL, "not a JSON object");
	expect_err("{\"cmd\":\"destroy\"}", EINVAL, "no \"version\"");
	expect_err("{\"version\":\"1\",\"cmd\":\"destroy\"}", EINVAL, "no \"version\"");
	expect_err("{\"version\":2,\"cmd\":\"destroy\",\"args\":{\"dom\":\"5\"}}", EPROTONOSUPPORT,
		   "API version 2 not supported");
	expect_err("{\"version\":1}", EINVAL, "no \"cmd\"");
	expect_err("{\"version\":1,\"cmd\":\"format-disk\"}", EOPNOTSUPP, "unknown command");
	expect_err("{\"version\":1,\"cmd\":\"destroy\",\"args\":[\"5\"]}", EINVAL,
		   "\"args\" is not an object");
	expect_err("{\"version\":1,\"cmd\":\"destroy\",\"args\":{\"dom\":5}}", EINVAL,
		   "\"dom\" must be a string");
	expect_err("{\"version\":1,\"cmd\":\"destroy\"}", EINVAL, "missing argument \"dom\"");
	expect_err("{\"version\":1,\"cmd\":\"mem-set\",\"args\":{\"dom\":\"5\",\"kib\":\"1\"}}",
		   EINVAL, "\"kib\" must be an integer");
	expect_err("{\"version\":1,\"cmd\":\"mem-set\",\"args\":{\"dom\":\"5\",\"kib\":12}}",
		   EINVAL, "out of range");
	expect_err("{\"version\":1,\"cmd\":\"create\",\"args\":{\"config\":\"x\",\"paused\":1}}",
		   EINVAL, "\"paused\" must be true or false");
	expect_err("{\"version\":1,\"cmd\":\"create\",\"args\":{\"config\":\"x\","
		   "\"overrides\":[1]}}",
		   EINVAL, "must hold strings");
}

static void test_domains(void **state)
{
	expect_call("{\"version\":1,\"cmd\":\"destroy\",\"args\":{\"dom\":\"7\"}}", "destroy 7");
	expect_call("{\"version\":1,\"cmd\":\"destroy\",\"args\":{\"dom\":\"web1\"}}", "destroy 5");
	expect_call("{\"version\":1,\"cmd\":\"pause\",\"args\":{\"dom\":\"Dom\"}}", "pause 0 1");
	expect_call("{\"version\":1,\"cmd\":\"unpause\",\"args\":{\"dom\":\"web2\"}}", "pause 7 0");
	expect_err("{\"version\":1,\"cmd\":\"destroy\",\"args\":{\"dom\":\"web\"}}", ESRCH,
		   "ambiguous");
	expect_err("{\"version\":1,\"cmd\":\"destroy\",\"args\":{\"dom\":\"6\"}}", ESRCH,
		   "6 is an invalid domain identifier");
	expect_err("{\"version\":1,\"cmd\":\"destroy\",\"args\":{\"dom\":\"\"}}", ESRCH, NULL);
	expect_call("{\"version\":1,\"cmd\":\"shutdown\",\"args\":{\"dom\":\"web2\"}}",
		    "shutdown 7 poweroff");
	expect_call("{\"version\":1,\"cmd\":\"reboot\",\"args\":{\"dom\":\"5\"}}",
		    "shutdown 5 reboot");
}

static void test_list(void **state)
{
	int err;
	struct json_object *r = call("{\"version\":1,\"cmd\":\"list\",\"args\":{\"doms\":[\"web2\","
				     "\"0\"],\"long\":true}}",
				     &err),
			   *res, *d, *v;

	assert_int_equal(err, 0);
	assert_true(json_object_object_get_ex(r, "result", &res));
	assert_int_equal(json_object_array_length(res), 2);
	d = json_object_array_get_idx(res, 0);
	assert_true(json_object_object_get_ex(d, "domid", &v));
	assert_int_equal(json_object_get_int(v), 7);
	assert_true(json_object_object_get_ex(d, "state", &v));
	assert_string_equal(json_object_get_string(v), "-b----");
	assert_true(json_object_object_get_ex(d, "memory_kib", &v));
	assert_int_equal(json_object_get_int(v), 131072);
	assert_false(json_object_object_get_ex(d, "config", NULL));
	json_object_put(r);
	r = call("{\"version\":1,\"cmd\":\"list\",\"args\":{\"long\":true}}", &err);
	assert_true(json_object_object_get_ex(r, "result", &res));
	assert_int_equal(json_object_array_length(res), 3);
	assert_true(json_object_object_get_ex(json_object_array_get_idx(res, 1), "config", &v));
	assert_string_equal(json_object_get_string(v), "cfg-of-5");
	json_object_put(r);
	expect_err("{\"version\":1,\"cmd\":\"list\",\"args\":{\"doms\":[\"nope\"]}}", ESRCH,
		   "nope is an invalid domain identifier");
}

static void test_create(void **state)
{
	int err;
	struct json_object *r, *res, *v;

	expect_call(
		"{\"version\":1,\"cmd\":\"create\",\"args\":{\"file\":\"/etc/xen/a.cfg\","
		"\"config\":\"name=\\\"a\\\"\\n\",\"overrides\":[\"vcpus=2\"],\"paused\":true}}",
		"create /etc/xen/a.cfg [name=\"a\"\n] 1 vcpus=2 paused=1 dry=0");
	r = call("{\"version\":1,\"cmd\":\"create\",\"args\":{\"config\":\"x\",\"dry_run\":true}}",
		 &err);
	assert_int_equal(err, 0);
	assert_true(json_object_object_get_ex(r, "result", &res));
	assert_true(json_object_object_get_ex(res, "summary", &v));
	assert_string_equal(json_object_get_string(v), "name: new\n");
	assert_false(json_object_object_get_ex(res, "domid", NULL));
	json_object_put(r);
	fk.fail = -EINVAL;
	expect_err(
		"{\"version\":1,\"cmd\":\"create\",\"args\":{\"file\":\"t.cfg\",\"config\":\"x\"}}",
		EINVAL, "t.cfg:2: unknown key 'memmory'");
}

static void test_tune(void **state)
{
	int err;
	struct json_object *r, *res, *v;

	expect_call("{\"version\":1,\"cmd\":\"mem-set\",\"args\":{\"dom\":\"web1\",\"kib\":98304}}",
		    "mem-set 5 98304");
	expect_call("{\"version\":1,\"cmd\":\"mem-max\",\"args\":{\"dom\":\"7\",\"kib\":262144}}",
		    "mem-max 7 262144");
	expect_call("{\"version\":1,\"cmd\":\"vcpu-set\",\"args\":{\"dom\":\"7\",\"vcpus\":2}}",
		    "vcpu-set 7 2");
	expect_call(
		"{\"version\":1,\"cmd\":\"sched-credit\",\"args\":{\"dom\":\"7\",\"weight\":512}}",
		"sched 7 512 0");
	expect_call("{\"version\":1,\"cmd\":\"sched-credit\",\"args\":{\"dom\":\"7\",\"cap\":50}}",
		    "sched 7 512 50");
	expect_err("{\"version\":1,\"cmd\":\"sched-credit\",\"args\":{\"dom\":\"7\",\"weight\":0}}",
		   EINVAL, "out of range");
	expect_err("{\"version\":1,\"cmd\":\"sched-credit\",\"args\":{\"weight\":9}}", EINVAL,
		   "needs a domain");
	r = call("{\"version\":1,\"cmd\":\"sched-credit\"}", &err);
	assert_true(json_object_object_get_ex(r, "result", &res));
	assert_int_equal(json_object_array_length(res), 3);
	assert_true(json_object_object_get_ex(json_object_array_get_idx(res, 2), "weight", &v));
	assert_int_equal(json_object_get_int(v), 512);
	json_object_put(r);
	expect_call(
		"{\"version\":1,\"cmd\":\"rename\",\"args\":{\"dom\":\"web2\",\"name\":\"db\"}}",
		"rename 7 db");
	r = call("{\"version\":1,\"cmd\":\"dmesg\",\"args\":{\"clear\":true}}", &err);
	assert_string_equal(fk.last, "dmesg 1");
	assert_true(json_object_object_get_ex(r, "result", &res));
	assert_true(json_object_object_get_ex(res, "text", &v));
	assert_string_equal(json_object_get_string(v), "(XEN) hello\n");
	json_object_put(r);
	expect_call("{\"version\":1,\"cmd\":\"stop\"}", "stop");
}

static void test_save(void **state)
{
	int err;
	struct json_object *r, *res, *v;

	r = call("{\"version\":1,\"cmd\":\"save\",\"args\":{\"dom\":\"web1\","
		 "\"file\":\"/tmp/w.xm\"}}",
		 &err);
	assert_int_equal(err, 0);
	assert_string_equal(fk.last, "save 5 /tmp/w.xm 0");
	assert_true(json_object_object_get_ex(r, "result", &res));
	assert_true(json_object_object_get_ex(res, "pages", &v));
	assert_int_equal(json_object_get_int(v), 32768);
	json_object_put(r);
	expect_call("{\"version\":1,\"cmd\":\"restore\",\"args\":{\"file\":\"/tmp/w.xm\","
		    "\"paused\":true,\"progress\":true}}",
		    "restore /tmp/w.xm 1 1");
	expect_err("{\"version\":1,\"cmd\":\"save\",\"args\":{\"dom\":\"web1\","
		   "\"file\":\"w.xm\"}}",
		   EINVAL, "absolute path");
	expect_err("{\"version\":1,\"cmd\":\"save\",\"args\":{\"dom\":\"nosuch\","
		   "\"file\":\"/w.xm\"}}",
		   ESRCH, "invalid domain");
	expect_err("{\"version\":1,\"cmd\":\"save\",\"args\":{\"dom\":\"web1\"}}", EINVAL,
		   "missing argument \"file\"");
	expect_err("{\"version\":1,\"cmd\":\"restore\",\"args\":{\"file\":7}}", EINVAL,
		   "must be a string");
	expect_err("{\"version\":1,\"cmd\":\"restore\",\"args\":{\"file\":\"/x\","
		   "\"paused\":1}}",
		   EINVAL, "true or false");
}

static void test_migrate(void **state)
{
	int err;
	struct json_object *r, *res, *v, *parts[4];

	r = call("{\"version\":1,\"cmd\":\"migrate\",\"args\":{\"dom\":\"web1\","
		 "\"host\":\"10.9.0.2\"}}",
		 &err);
	assert_int_equal(err, 0);
	assert_string_equal(fk.last, "migrate 5 10.9.0.2 8002 0");
	assert_true(json_object_object_get_ex(r, "result", &res));
	assert_true(json_object_object_get_ex(res, "target_domid", &v));
	assert_int_equal(json_object_get_int(v), 3);
	assert_true(json_object_object_get_ex(res, "live", &v));
	assert_true(json_object_get_boolean(v));
	assert_true(json_object_object_get_ex(res, "rounds", &v));
	assert_int_equal(json_object_get_int(v), 4);
	assert_true(json_object_object_get_ex(res, "bytes", &v));
	assert_int_equal(json_object_get_int64(v), 40000ll * 4104);
	assert_true(json_object_object_get_ex(res, "downtime_ms", &v));
	assert_true(json_object_get_double(v) == 7.5);
	assert_true(json_object_object_get_ex(res, "total_ms", &v));
	assert_true(json_object_get_double(v) == 3000.0);
	assert_true(json_object_object_get_ex(res, "suspend_ms", &v));
	assert_true(json_object_get_double(v) == 90.0);
	assert_true(json_object_object_get_ex(res, "downtime_parts", &v));
	assert_true(json_object_object_get_ex(v, "last_round_ms", &parts[0]));
	assert_true(json_object_object_get_ex(v, "stream_end_ms", &parts[1]));
	assert_true(json_object_object_get_ex(v, "target_restore_ms", &parts[2]));
	assert_true(json_object_object_get_ex(v, "target_start_ms", &parts[3]));
	assert_true(json_object_get_double(parts[0]) == 2.0);
	assert_true(json_object_get_double(parts[1]) == 0.5);
	assert_true(json_object_get_double(parts[2]) == 4.0);
	assert_true(json_object_get_double(parts[3]) == 1.0);
	json_object_put(r);
	expect_call("{\"version\":1,\"cmd\":\"migrate\",\"args\":{\"dom\":\"5\","
		    "\"host\":\"b\",\"port\":9000,\"progress\":true}}",
		    "migrate 5 b 9000 1");
	r = call("{\"version\":1,\"cmd\":\"migrate\",\"args\":{\"dom\":\"web1\","
		 "\"host\":\"refuser\"}}",
		 &err);
	assert_int_equal(err, ECONNREFUSED);
	assert_non_null(strstr(api.err, "refused the migration"));
	json_object_put(r);
	fk.last[0] = '\0';
	expect_err("{\"version\":1,\"cmd\":\"migrate\",\"args\":{\"dom\":\"web1\"}}", EINVAL,
		   "missing argument \"host\"");
	expect_err("{\"version\":1,\"cmd\":\"migrate\",\"args\":{\"dom\":\"web1\","
		   "\"host\":\"b\",\"port\":70000}}",
		   EINVAL, "out of range");
	expect_err("{\"version\":1,\"cmd\":\"migrate\",\"args\":{\"dom\":\"nosuch\","
		   "\"host\":\"b\"}}",
		   ESRCH, "invalid domain");
}

static void test_uuid(void **state)
{
	uint8_t u[16], back[16];
	char s[40];

	xend_new_uuid(u);
	xend_uuid_str(u, s);
	assert_int_equal(xend_uuid_parse(s, back), 0);
	assert_memory_equal(u, back, 16);
	assert_int_equal(xend_uuid_parse("not-a-uuid", back), -EINVAL);
	s[8] = 'x';
	assert_int_equal(xend_uuid_parse(s, back), -EINVAL);
}

/* block-/network-attach, -detach, -list: arguments checked, the backend's answers passed on. */
static void test_devices(void **state)
{
	struct json_object *r, *res, *v;
	int err;

	r = call("{\"version\":1,\"cmd\":\"block-attach\",\"args\":{\"dom\":\"web2\","
		 "\"spec\":\"file:/tmp/a.img,xvdb,r\"}}",
		 &err);
	assert_int_equal(err, 0);
	assert_string_equal(fk.last, "attach 7 vbd file:/tmp/a.img,xvdb,r");
	json_object_put(r);
	r = call("{\"version\":1,\"cmd\":\"network-attach\",\"args\":{\"dom\":\"web1\","
		 "\"spec\":\"bridge=xenbr0\"}}",
		 &err);
	assert_int_equal(err, 0);
	assert_string_equal(fk.last, "attach 5 vif bridge=xenbr0");
	json_object_put(r);
	r = call("{\"version\":1,\"cmd\":\"block-detach\",\"args\":{\"dom\":\"web1\","
		 "\"dev\":\"xvdc\"}}",
		 &err);
	assert_int_equal(err, ENODEV);
	assert_string_equal(api.err, "Error: Device xvdc not connected.");
	json_object_put(r);
	expect_err("{\"version\":1,\"cmd\":\"block-attach\",\"args\":{\"dom\":\"web1\"}}", EINVAL,
		   "spec");
	expect_err("{\"version\":1,\"cmd\":\"network-detach\",\"args\":{\"dom\":\"Domain-0\","
		   "\"dev\":\"0\"}}",
		   EINVAL, "domain 0 has no virtual devices");
	expect_err("{\"version\":1,\"cmd\":\"block-list\",\"args\":{\"dom\":\"nosuch\"}}", ESRCH,
		   NULL);
	r = call("{\"version\":1,\"cmd\":\"network-list\",\"args\":{\"dom\":\"web1\"}}", &err);
	assert_int_equal(err, 0);
	assert_true(json_object_object_get_ex(r, "result", &res));
	assert_true(json_object_object_get_ex(res, "devices", &v));
	assert_string_equal(json_object_to_json_string(json_object_array_get_idx(v, 0)),
			    "{ \"devid\": 0, \"backend_id\": 0, \"frontend_id\": 5, \"state\": 4, "
			    "\"evtch\": 9, \"ring_ref\": 8, \"rx_ring_ref\": 768, \"mac\": "
			    "\"00:16:3e:00:00:02\", \"backend\": \"\\/local\\/domain\\/0\\/backend"
			    "\\/vif\\/5\\/0\" }");
	json_object_put(r);
}

static void test_vcpu(void **state)
{
	struct json_object *r, *res, *v, *row;
	int err;

	fk.doms[2].info.max_vcpu_id = 2; /* web2: vCPUs 0 and 2 */
	r = call("{\"version\":1,\"cmd\":\"vcpu-list\",\"args\":{\"doms\":[\"web2\"]}}", &err);
	assert_int_equal(err, 0);
	assert_true(json_object_object_get_ex(r, "result", &res));
	assert_true(json_object_object_get_ex(res, "nr_cpus", &v));
	assert_int_equal(json_object_get_int(v), 2);
	assert_true(json_object_object_get_ex(res, "vcpus", &v));
	assert_int_equal(json_object_array_length(v), 2);
	row = json_object_array_get_idx(v, 1);
	assert_string_equal(
		json_object_to_json_string(row),
		"{ \"domid\": 7, \"name\": \"web2\", \"vcpu\": 2, \"online\": true, "
		"\"running\": true, \"blocked\": false, \"cpu\": 1, \"cpu_time\": 2.5, "
		"\"hard\": [ 1 ], \"soft\": [ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, "
		"14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, "
		"33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, "
		"52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63 ] }");
	json_object_put(r);
	r = call("{\"version\":1,\"cmd\":\"vcpu-list\"}", &err);
	assert_true(json_object_object_get_ex(r, "result", &res));
	assert_true(json_object_object_get_ex(res, "vcpus", &v));
	assert_int_equal(json_object_array_length(v), 4); /* 1 + 1 + 2 */
	json_object_put(r);
	fk.fail = -EIO; /* web1 fails: skipped in a full list, an error when named */
	r = call("{\"version\":1,\"cmd\":\"vcpu-list\"}", &err);
	assert_true(json_object_object_get_ex(r, "result", &res));
	assert_true(json_object_object_get_ex(res, "vcpus", &v));
	assert_int_equal(json_object_array_length(v), 3);
	json_object_put(r);
	expect_err("{\"version\":1,\"cmd\":\"vcpu-list\",\"args\":{\"doms\":[\"web1\"]}}", EIO,
		   NULL);
	fk.fail = 0;
	expect_call("{\"version\":1,\"cmd\":\"vcpu-pin\",\"args\":{\"dom\":\"web2\",\"vcpu\":0,"
		    "\"hard\":[0,1]}}",
		    "pin 7 0 3 0");
	fk.last[0] = '\0';
	expect_call("{\"version\":1,\"cmd\":\"vcpu-pin\",\"args\":{\"dom\":\"web2\",\"vcpu\":-1,"
		    "\"hard\":[1],\"soft\":[0]}}",
		    "pin 7 0 2 1; pin 7 2 2 1"); /* all: vCPU 1 skipped */
	expect_err("{\"version\":1,\"cmd\":\"vcpu-pin\",\"args\":{\"dom\":\"web2\",\"vcpu\":3,"
		   "\"hard\":[1]}}",
		   EINVAL, "out of range");
	expect_err("{\"version\":1,\"cmd\":\"vcpu-pin\",\"args\":{\"dom\":\"web2\",\"vcpu\":0,"
		   "\"hard\":[64]}}",
		   EINVAL, "CPU numbers 0..63");
	expect_err("{\"version\":1,\"cmd\":\"vcpu-pin\",\"args\":{\"dom\":\"web2\",\"vcpu\":0,"
		   "\"hard\":[]}}",
		   EINVAL, "non-empty array");
	expect_err("{\"version\":1,\"cmd\":\"vcpu-pin\",\"args\":{\"dom\":\"web2\",\"vcpu\":0}}",
		   EINVAL, "needs \"hard\" or \"soft\"");
	expect_err("{\"version\":1,\"cmd\":\"vcpu-pin\",\"args\":{\"dom\":\"nope\",\"vcpu\":0,"
		   "\"hard\":[0]}}",
		   ESRCH, "invalid domain identifier");
}

/* --- state files --- */
static struct xend_record loaded[4];
static int nr_loaded;

static void collect(void *arg, struct xend_record *r)
{
	loaded[nr_loaded++] = *r;
}

static void test_state(void **state)
{
	char dir[] = "/tmp/xend-test.XXXXXX", path[600];
	struct xend_record r = {.used = true, .domid = 12, .name = "demo", .start_time = 17.0};
	FILE *f;

	assert_non_null(mkdtemp(dir));
	for (int i = 0; i < 16; i++)
		r.uuid[i] = (uint8_t)(i * 17);
	strcpy(r.actions[XEND_ON_POWEROFF], "destroy");
	strcpy(r.actions[XEND_ON_REBOOT], "restart");
	strcpy(r.actions[XEND_ON_CRASH], "preserve");
	strcpy(r.actions[XEND_ON_WATCHDOG], "destroy");
	r.request = json_tokener_parse("{\"file\":\"d.cfg\",\"config\":\"name=1\","
				       "\"overrides\":[]}");
	assert_int_equal(xend_state_save(dir, &r), 0);
	snprintf(path, sizeof(path), "%s/domains/junk.json", dir);
	f = fopen(path, "w");
	fputs("{\"version\":1,\"domid\":\"x\"}", f);
	fclose(f);
	nr_loaded = 0;
	xend_state_load(dir, collect, NULL);
	assert_int_equal(nr_loaded, 1);
	assert_int_equal(loaded[0].domid, 12);
	assert_string_equal(loaded[0].name, "demo");
	assert_memory_equal(loaded[0].uuid, r.uuid, 16);
	assert_string_equal(loaded[0].actions[XEND_ON_CRASH], "preserve");
	assert_true(json_object_equal(loaded[0].request, r.request));
	json_object_put(loaded[0].request);
	xend_state_remove(dir, r.uuid);
	nr_loaded = 0;
	xend_state_load(dir, collect, NULL);
	assert_int_equal(nr_loaded, 0);
	unlink(path);
	snprintf(path, sizeof(path), "%s/domains", dir);
	rmdir(path);
	rmdir(dir);
	json_object_put(r.request);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frame),
		cmocka_unit_test(test_frame_limit),
		cmocka_unit_test_setup(test_decode, setup),
		cmocka_unit_test_setup(test_domains, setup),
		cmocka_unit_test_setup(test_list, setup),
		cmocka_unit_test_setup(test_create, setup),
		cmocka_unit_test_setup(test_tune, setup),
		cmocka_unit_test_setup(test_save, setup),
		cmocka_unit_test_setup(test_migrate, setup),
		cmocka_unit_test(test_uuid),
		cmocka_unit_test_setup(test_vcpu, setup),
		cmocka_unit_test_setup(test_devices, setup),
		cmocka_unit_test(test_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
