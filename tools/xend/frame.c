/*
 * xend's framing: a request or reply is one line of JSON (json-c never
 * writes a raw newline: they are escaped inside strings). Bytes arrive in
 * any pieces; complete lines come out in order. A line longer than
 * XEND_FRAME_MAX poisons the stream (the peer is closed), so a client
 * cannot make xend buffer without bound.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"

int xend_frame_feed(struct xend_frame *f, const void *data, size_t n)
{
	if (f->overflow)
		return -EMSGSIZE;
	if (f->len + n > f->cap) {
		size_t cap = f->cap ? f->cap : 4096;
		char *p;

		while (cap < f->len + n)
			cap *= 2;
		if (cap > 2 * XEND_FRAME_MAX + 2)
			cap = f->len + n;
		p = realloc(f->buf, cap);
		if (!p)
			return -ENOMEM;
		f->buf = p;
		f->cap = cap;
	}
	memcpy(f->buf + f->len, data, n);
	f->len += n;
	if (!memchr(f->buf, '\n', f->len) && f->len > XEND_FRAME_MAX) {
		f->overflow = true;
		return -EMSGSIZE;
	}
	return 0;
}

char *xend_frame_next(struct xend_frame *f)
{
	char *nl = f->overflow ? NULL : memchr(f->buf, '\n', f->len);
	size_t n;
	char *line;

	if (!nl) {
		if (f->len > XEND_FRAME_MAX)
			f->overflow = true;
		return NULL;
	}
	n = (size_t)(nl - f->buf);
	if (n > XEND_FRAME_MAX) {
		f->overflow = true;
		return NULL;
	}
	line = malloc(n + 1);
	if (!line)
		return NULL;
	memcpy(line, f->buf, n);
	line[n] = '\0';
	f->len -= n + 1;
	memmove(f->buf, nl + 1, f->len);
	return line;
}

void xend_frame_free(struct xend_frame *f)
{
	free(f->buf);
	memset(f, 0, sizeof(*f));
}
