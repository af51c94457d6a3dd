/*
 * xend API client: connect, write the request line, read one reply line
 * (frame.c), decode it; progress lines before the reply go to a callback.
 * The connection is per call: xm makes one or a few.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "api.h"
#include "client.h"

const char *xend_socket_path(void)
{
	const char *p = getenv("XEND_SOCKET");

	return p && *p ? p : XEND_SOCKET;
}

static int connect_xend(char *err, size_t errlen)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	const char *path = xend_socket_path();
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (fd >= 0 && !connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
		return fd;
	int e = errno;

	if (fd >= 0)
		close(fd);
	snprintf(err, errlen, "cannot connect to xend at %s: %s (is xend running? `xend start`)",
		 path, strerror(e));
	return -e;
}

static char *read_line(int fd, struct xend_frame *f)
{
	char buf[65536], *line = xend_frame_next(f);

	while (!line) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || xend_frame_feed(f, buf, (size_t)n))
			break;
		line = xend_frame_next(f);
	}
	return line;
}

/* The reply, after handing any progress lines to fn. */
static struct json_object *read_reply(int fd, xend_progress_fn *fn, void *arg)
{
	struct xend_frame f = {0};
	struct json_object *r = NULL, *p;
	char *line;

	while ((line = read_line(fd, &f))) {
		r = json_tokener_parse(line);
		free(line);
		if (!r || !json_object_object_get_ex(r, "progress", &p))
			break;
		if (fn)
			fn(arg, p);
		json_object_put(r);
		r = NULL;
	}
	xend_frame_free(&f);
	return r;
}

static int decode(struct json_object *r, struct json_object **result, char *err, size_t errlen)
{
	struct json_object *ok, *v;

	if (!r || !json_object_object_get_ex(r, "ok", &ok)) {
		snprintf(err, errlen, "xend sent a malformed reply");
		return -EPROTO;
	}
	if (json_object_get_boolean(ok)) {
		json_object_object_get_ex(r, "result", &v);
		*result = json_object_get(v);
		return 0;
	}
	json_object_object_get_ex(r, "error", &v);
	snprintf(err, errlen, "%s", v ? json_object_get_string(v) : "xend: unknown error");
	json_object_object_get_ex(r, "errno", &v);
	return v && json_object_get_int(v) > 0 ? -json_object_get_int(v) : -EIO;
}

int xend_call(const char *cmd, struct json_object *args, struct json_object **result, char *err,
	      size_t errlen)
{
	return xend_call_progress(cmd, args, result, err, errlen, NULL, NULL);
}

int xend_call_progress(const char *cmd, struct json_object *args, struct json_object **result,
		       char *err, size_t errlen, xend_progress_fn *fn, void *arg)
{
	struct json_object *req = json_object_new_object(), *r;
	int fd = connect_xend(err, errlen), rc = -EPIPE;
	const char *s;

	json_object_object_add(req, "version", json_object_new_int(XEND_API_VERSION));
	json_object_object_add(req, "cmd", json_object_new_string(cmd));
	if (args)
		json_object_object_add(req, "args", args);
	*result = NULL;
	if (fd < 0) {
		json_object_put(req);
		return fd;
	}
	s = json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN);
	if (write(fd, s, strlen(s)) == (ssize_t)strlen(s) && write(fd, "\n", 1) == 1) {
		r = read_reply(fd, fn, arg);
		rc = decode(r, result, err, errlen);
		json_object_put(r);
	} else {
		snprintf(err, errlen, "xend closed the connection");
	}
	json_object_put(req);
	close(fd);
	return rc;
}
