/*
 * xend's relocation protocol (docs/xend-api.md "Relocation"): `xm migrate`
 * makes the source xend connect to the target xend's relocation port (TCP,
 * 8002 as Xen 2.0's) and the two exchange short text lines around the
 * save file's stream (tools/libs/guest/xstream.h, sent live):
 *
 *   source                          target
 *   xeno-relocate 3 <name>    ->     (or 2: reloc.h's versions)
 *                             <-    ok | refused <why>
 *   <the stream, to its SYNC> ->
 *                             <-    synced | error <why>   (all of it read)
 *   <the rest, up to END>     ->
 *                             <-    ready <domid> | error <why>   (built, paused)
 *   go                        ->
 *                             <-    done <domid> | error <why>    (unpaused next | destroyed)
 *
 * The SYNC record (xstream.h) comes once, after the rounds made while the
 * domain runs: the source asks the domain to suspend only after "synced",
 * when nothing of the stream is left queued in the two kernels' socket
 * buffers (the last round would wait behind it).
 * The target says "ready" as soon as the domain is built, then introduces
 * it to xenstore while "go" is on the wire; an error there is its answer
 * to "go". The source destroys its copy only after "done"; before "go" any
 * failure (the wire cut, a refusal, an error) resumes it and the target
 * destroys what it built, and so does an "error" answering "go". This
 * file is pure (no sockets): lines go through a transport of two
 * callbacks, a socket's or a host test's fake.
 */
#ifndef TOOLS_XEND_RELOC_H
#define TOOLS_XEND_RELOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define XEND_RELOC_PORT 8002
/* 2: synced; 3: the stream may carry PAGE_DELTA records (xdelta.h). A
 * target takes 2 and 3 and says "ok"; the source says 3 first and, if an
 * older target refuses the version, 2 again on a new connection: the
 * version of the accepted hello is the one agreed. */
#define XEND_RELOC_VERSION 3
#define XEND_RELOC_VERSION_MIN 2
#define XEND_RELOC_LINE_MAX 512

/* read: bytes read (0 at end of stream) or -1 with errno; write: bytes written or -1. */
struct xend_reloc_io {
	ssize_t (*read)(void *ctx, void *buf, size_t n);
	ssize_t (*write)(void *ctx, const void *buf, size_t n);
	void *ctx;
};

enum xend_reloc_kind {
	XEND_RELOC_HELLO, /* num: version, text: the domain's name */
	XEND_RELOC_OK,
	XEND_RELOC_REFUSED, /* text: why */
	XEND_RELOC_READY,   /* num: the target's domid */
	XEND_RELOC_GO,
	XEND_RELOC_DONE,  /* num: the target's domid */
	XEND_RELOC_ERROR, /* text: why */
	XEND_RELOC_SYNCED,
};

struct xend_reloc_msg {
	enum xend_reloc_kind kind;
	unsigned long num;
	char text[XEND_RELOC_LINE_MAX];
};

/* A message as its line (with '\n'; control characters of text made
 * spaces, text cut to fit): the length, or -EINVAL. */
int xend_reloc_format(char *out, size_t size, enum xend_reloc_kind kind, unsigned long num,
		      const char *text);
/* One line (without '\n') into m: 0, or -EPROTO with the reason in err. */
int xend_reloc_parse(const char *line, struct xend_reloc_msg *m, char *err, size_t errlen);
/* Send one message: 0 or -errno (err says so). */
int xend_reloc_send(const struct xend_reloc_io *io, enum xend_reloc_kind kind, unsigned long num,
		    const char *text, char *err, size_t errlen);
/* Receive one message, reading no byte past its '\n' (the stream may
 * follow): 0, -EPIPE (the peer closed or the wire was cut), -EPROTO (a
 * line too long or not of the protocol) or -errno; err says which. */
int xend_reloc_recv(const struct xend_reloc_io *io, struct xend_reloc_msg *m, char *err,
		    size_t errlen);
/* The same, wanting kind: a REFUSED or ERROR instead gives -ECONNREFUSED
 * or -EREMOTEIO with the peer's words in err; another kind -EPROTO. */
int xend_reloc_expect(const struct xend_reloc_io *io, enum xend_reloc_kind kind,
		      struct xend_reloc_msg *m, char *err, size_t errlen);

/* Whether a peer address (numeric IPv4 or IPv6 text) is in the
 * allow-list: words separated by spaces or commas, each an address, an
 * IPv4 prefix a.b.c.d/n, or "any". An empty list allows loopback only. */
bool xend_reloc_allowed(const char *list, const char *addr);

#endif /* TOOLS_XEND_RELOC_H */
