/*
 * libxguest: reading a save file's outer layers from an fd (xstream.h,
 * xguest.h): exact reads that call a short file truncated, xl's header and
 * its configuration, libxl's header and records up to LIBXC_CONTEXT or
 * END. No hypercall: host-tested on pipes (tests/test_stream.c).
 *
 * Invariants: every length is checked (stream.c) before anything is
 * allocated or read for it; on failure nothing stays allocated.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xguest.h"
#include "xstream.h"

/* Exactly n bytes, or -EINVAL for a file that ends first. */
int xs_get(int fd, void *p, size_t n, char *err, size_t errlen)
{
	uint8_t *b = p;

	while (n) {
		ssize_t got = read(fd, b, n);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			snprintf(err, errlen, "reading the save file: %s", strerror(errno));
			return -errno;
		}
		if (got == 0) {
			snprintf(err, errlen, "save file is truncated");
			return -EINVAL;
		}
		b += got;
		n -= (size_t)got;
	}
	return 0;
}

/* Past n bytes of fd (an optional record's body). */
static int skip(int fd, uint32_t n, char *err, size_t errlen)
{
	uint8_t buf[512];
	int rc = 0;

	while (n && !rc) {
		uint32_t k = n < sizeof(buf) ? n : (uint32_t)sizeof(buf);

		rc = xs_get(fd, buf, k, err, errlen);
		n -= k;
	}
	return rc;
}

/* libxl's records up to `until` (LIBXC_CONTEXT or END), optional ones skipped. */
int xs_libxl_records(int fd, uint32_t until, char *err, size_t errlen)
{
	uint8_t h[8];
	uint32_t type, len;
	int rc;

	for (;;) {
		if ((rc = xs_get(fd, h, 8, err, errlen)) ||
		    (rc = xs_rec_decode(h, &type, &len, err, errlen)) ||
		    (rc = xs_lrec_check(type, len, err, errlen)) < 0)
			return rc;
		if (rc == 1 && (rc = skip(fd, xs_pad8(len), err, errlen)))
			return rc;
		if (type == until)
			return 0;
		if (type == XS_LREC_END || type == XS_LREC_LIBXC_CONTEXT) {
			snprintf(err, errlen, "corrupt save file: libxl record %u where %u was due",
				 type, until);
			return -EINVAL;
		}
	}
}

/* xl's optional data: the config (NUL-terminated) out of it. */
static int read_optdata(int fd, uint32_t opt_len, char **config, char *err, size_t errlen)
{
	uint8_t *opt = malloc(opt_len + 1);
	uint32_t len;
	int rc = opt ? xs_get(fd, opt, opt_len, err, errlen) : -ENOMEM;

	if (!rc && !(rc = xs_optdata_config(opt, opt_len, &len, err, errlen))) {
		*config = calloc(1, len + 1);
		if (*config)
			memcpy(*config, opt + 4, len);
		else
			rc = -ENOMEM;
	}
	free(opt);
	if (!rc && strlen(*config) + 1 < len) { /* a NUL inside, beyond xl's terminator */
		snprintf(err, errlen, "save file's configuration is corrupt");
		rc = -EINVAL;
	}
	return rc;
}

int xguest_restore_config(int fd, char **config, char *err, size_t errlen)
{
	uint8_t head[XS_HEAD_LEN], libxl[XS_LIBXL_HEAD_LEN];
	uint32_t flags, opt_len;
	int rc = xs_get(fd, head, sizeof(head), err, errlen);

	*config = NULL;
	if (rc || (rc = xs_head_decode(head, &flags, &opt_len, err, errlen)) ||
	    (rc = read_optdata(fd, opt_len, config, err, errlen)))
		goto out;
	if ((flags & XS_XL_JSON) != ((*config)[0] == '{')) {
		snprintf(err, errlen,
			 "save file's configuration is not in the format its "
			 "header says (JSON or xl.cfg text)");
		rc = -EINVAL;
	} else if (!(rc = xs_get(fd, libxl, sizeof(libxl), err, errlen)) &&
		   !(rc = xs_libxl_decode(libxl, err, errlen))) {
		rc = xs_libxl_records(fd, XS_LREC_LIBXC_CONTEXT, err, errlen);
	}
out:
	if (rc) {
		free(*config);
		*config = NULL;
	}
	return rc;
}
