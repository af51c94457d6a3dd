/*
 * The client side of xend's API (docs/xend-api.md), for xm and for
 * `xend status|stop`: one connection, one request line, one reply line.
 */
#ifndef TOOLS_XEND_CLIENT_H
#define TOOLS_XEND_CLIENT_H

#include <stddef.h>

#include <json-c/json.h>

/* The socket: $XEND_SOCKET, else XEND_SOCKET (api.h). */
const char *xend_socket_path(void);
/* Send cmd with args (consumed; NULL for none). 0 and *result (the
 * caller's to put), or -errno with the message in err: the daemon's
 * error, or why it could not be reached (-ECONNREFUSED, -ENOENT...). */
int xend_call(const char *cmd, struct json_object *args, struct json_object **result, char *err,
	      size_t errlen);

/* The same, handing each progress line's object ({"what", "done",
 * "total"}) to fn before the reply (docs/xend-api.md). */
typedef void xend_progress_fn(void *arg, struct json_object *progress);
int xend_call_progress(const char *cmd, struct json_object *args, struct json_object **result,
		       char *err, size_t errlen, xend_progress_fn *fn, void *arg);

#endif /* TOOLS_XEND_CLIENT_H */
