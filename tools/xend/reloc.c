/*
 * xend's relocation protocol: the lines (reloc.h). Nothing the peer sends
 * is trusted: a line is read a byte at a time up to XEND_RELOC_LINE_MAX,
 * must be one of the protocol's words with the argument it takes, and a
 * number must be a decimal in range; anything else is -EPROTO.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reloc.h"

#define MAGIC "xeno-relocate"

static const char *const words[] = {
	[XEND_RELOC_HELLO] = MAGIC,	  [XEND_RELOC_OK] = "ok",
	[XEND_RELOC_REFUSED] = "refused", [XEND_RELOC_READY] = "ready",
	[XEND_RELOC_GO] = "go",		  [XEND_RELOC_DONE] = "done",
	[XEND_RELOC_ERROR] = "error",	  [XEND_RELOC_SYNCED] = "synced",
};
#define NR_KINDS (sizeof(words) / sizeof(words[0]))

/* What follows a kind's word: nothing, a number, text, or a number and text. */
enum { ARG_NONE, ARG_NUM, ARG_TEXT, ARG_BOTH };
static const unsigned char args_of[] = {
	[XEND_RELOC_HELLO] = ARG_BOTH,	 [XEND_RELOC_OK] = ARG_NONE,
	[XEND_RELOC_REFUSED] = ARG_TEXT, [XEND_RELOC_READY] = ARG_NUM,
	[XEND_RELOC_GO] = ARG_NONE,	 [XEND_RELOC_DONE] = ARG_NUM,
	[XEND_RELOC_ERROR] = ARG_TEXT,	 [XEND_RELOC_SYNCED] = ARG_NONE,
};

static int proto(char *err, size_t errlen, const char *what, const char *line)
{
	snprintf(err, errlen, "relocation protocol: %s: \"%.80s\"", what, line);
	return -EPROTO;
}

int xend_reloc_format(char *out, size_t size, enum xend_reloc_kind kind, unsigned long num,
		      const char *text)
{
	int n;

	if ((size_t)kind >= NR_KINDS || size < 32)
		return -EINVAL;
	switch (args_of[kind]) {
	case ARG_NONE: n = snprintf(out, size, "%s", words[kind]); break;
	case ARG_NUM: n = snprintf(out, size, "%s %lu", words[kind], num); break;
	case ARG_TEXT: n = snprintf(out, size, "%s %s", words[kind], text ? text : ""); break;
	default: n = snprintf(out, size, "%s %lu %s", words[kind], num, text ? text : ""); break;
	}
	if (n < 0)
		return -EINVAL;
	if ((size_t)n >= size - 1)
		n = (int)size - 2;
	for (int i = 0; i < n; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
			out[i] = ' ';
	out[n] = '\n';
	out[n + 1] = '\0';
	return n + 1;
}

static int parse_num(const char *s, unsigned long *out, const char **rest)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoul(s, &end, 10);
	if (errno || *out > 0xffffffffUL || (*end && *end != ' '))
		return -1;
	*rest = *end ? end + 1 : end;
	return 0;
}

static int find_kind(const char *line, const char **rest)
{
	for (size_t k = 0; k < NR_KINDS; k++) {
		size_t n = strlen(words[k]);

		if (!strncmp(line, words[k], n) && (line[n] == '\0' || line[n] == ' ')) {
			*rest = line[n] ? line + n + 1 : line + n;
			return (int)k;
		}
	}
	return -1;
}

int xend_reloc_parse(const char *line, struct xend_reloc_msg *m, char *err, size_t errlen)
{
	const char *rest;
	int k = find_kind(line, &rest);

	memset(m, 0, sizeof(*m));
	if (k < 0)
		return proto(err, errlen, "unknown message", line);
	m->kind = (enum xend_reloc_kind)k;
	switch (args_of[k]) {
	case ARG_NONE:
		if (*rest)
			return proto(err, errlen, "unexpected argument", line);
		break;
	case ARG_NUM:
	case ARG_BOTH:
		if (parse_num(rest, &m->num, &rest))
			return proto(err, errlen, "bad number", line);
		if (args_of[k] == ARG_NUM && *rest)
			return proto(err, errlen, "unexpected argument", line);
		if (args_of[k] == ARG_NUM)
			break;
		/* fall through */
	default:
		if (!*rest)
			return proto(err, errlen, "missing text", line);
		snprintf(m->text, sizeof(m->text), "%s", rest);
	}
	return 0;
}

int xend_reloc_send(const struct xend_reloc_io *io, enum xend_reloc_kind kind, unsigned long num,
		    const char *text, char *err, size_t errlen)
{
	char line[XEND_RELOC_LINE_MAX];
	int n = xend_reloc_format(line, sizeof(line), kind, num, text);
	const char *p = line;

	while (n > 0) {
		ssize_t w = io->write(io->ctx, p, (size_t)n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = w < 0 ? errno : EPIPE;

			snprintf(err, errlen, "relocation: sending \"%s\": %s", words[kind],
				 strerror(e));
			return -e;
		}
		p += w;
		n -= (int)w;
	}
	return 0;
}

static int read_line(const struct xend_reloc_io *io, char *line, char *err, size_t errlen)
{
	size_t n = 0;

	for (;;) {
		ssize_t got = io->read(io->ctx, line + n, 1);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno == EAGAIN ? ETIMEDOUT : errno;

			snprintf(err, errlen, "relocation: reading from the peer: %s", strerror(e));
			return -e;
		}
		if (got == 0) {
			snprintf(err, errlen, "relocation: the peer closed the connection%s",
				 n ? " mid-line" : "");
			return -EPIPE;
		}
		if (line[n] == '\n') {
			line[n] = '\0';
			return 0;
		}
		if (++n == XEND_RELOC_LINE_MAX) {
			line[n - 1] = '\0';
			return proto(err, errlen, "line too long", line);
		}
	}
}

int xend_reloc_recv(const struct xend_reloc_io *io, struct xend_reloc_msg *m, char *err,
		    size_t errlen)
{
	char line[XEND_RELOC_LINE_MAX];
	int rc = read_line(io, line, err, errlen);

	return rc ? rc : xend_reloc_parse(line, m, err, errlen);
}

int xend_reloc_expect(const struct xend_reloc_io *io, enum xend_reloc_kind kind,
		      struct xend_reloc_msg *m, char *err, size_t errlen)
{
	int rc = xend_reloc_recv(io, m, err, errlen);

	if (rc || m->kind == kind)
		return rc;
	if (m->kind == XEND_RELOC_REFUSED) {
		snprintf(err, errlen, "the target refused the migration: %s", m->text);
		return -ECONNREFUSED;
	}
	if (m->kind == XEND_RELOC_ERROR) {
		snprintf(err, errlen, "the target failed: %s", m->text);
		return -EREMOTEIO;
	}
	snprintf(err, errlen, "relocation protocol: \"%s\" where \"%s\" was due", words[m->kind],
		 words[kind]);
	return -EPROTO;
}

static bool in_prefix(const char *word, const char *addr)
{
	char net[64];
	const char *slash = strchr(word, '/');
	struct in_addr a, n;
	uint32_t mask;
	long bits;
	char *end;

	if (!slash || (size_t)(slash - word) >= sizeof(net))
		return false;
	memcpy(net, word, (size_t)(slash - word));
	net[slash - word] = '\0';
	bits = strtol(slash + 1, &end, 10);
	if (*end || bits < 0 || bits > 32 || inet_pton(AF_INET, net, &n) != 1 ||
	    inet_pton(AF_INET, addr, &a) != 1)
		return false;
	if (bits == 0)
		return true;
	mask = htonl(~0u << (32 - bits));
	return (a.s_addr & mask) == (n.s_addr & mask);
}

static bool loopback(const char *addr)
{
	return !strncmp(addr, "127.", 4) || !strcmp(addr, "::1") ||
	       !strncmp(addr, "::ffff:127.", 11);
}

bool xend_reloc_allowed(const char *list, const char *addr)
{
	char buf[1024], *save = NULL;
	bool any_word = false;

	if (!strncmp(addr, "::ffff:", 7) && strchr(addr, '.'))
		addr += 7; /* an IPv4 peer on a dual-stack socket */
	snprintf(buf, sizeof(buf), "%s", list ? list : "");
	for (char *w = strtok_r(buf, " ,", &save); w; w = strtok_r(NULL, " ,", &save)) {
		any_word = true;
		if (!strcmp(w, "any") || !strcmp(w, addr) || in_prefix(w, addr))
			return true;
	}
	return !any_word && loopback(addr);
}
