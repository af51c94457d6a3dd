/*
 * xend's small helpers: domain uuids (version 4, from /dev/urandom) and
 * their text form, and the daemon's log lines ("[monotonic s] xend: ...").
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"
#include "xend_private.h"

void xend_new_uuid(uint8_t uuid[16])
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd < 0 || read(fd, uuid, 16) != 16) {
		uint64_t t = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);

		memcpy(uuid, &t, 8);
		memcpy(uuid + 8, &t, 8);
	}
	if (fd >= 0)
		close(fd);
	uuid[6] = (uint8_t)((uuid[6] & 0x0f) | 0x40); /* version 4 */
	uuid[8] = (uint8_t)((uuid[8] & 0x3f) | 0x80);
}

void xend_uuid_str(const uint8_t u[16], char *s)
{
	sprintf(s, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0],
		u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13],
		u[14], u[15]);
}

int xend_uuid_parse(const char *s, uint8_t u[16])
{
	char canon[37];

	if (strlen(s) != 36)
		return -EINVAL;
	for (int i = 0; i < 16; i++)
		if (sscanf(s + 2 * i + (i >= 4) + (i >= 6) + (i >= 8) + (i >= 10), "%2hhx",
			   &u[i]) != 1)
			return -EINVAL;
	xend_uuid_str(u, canon);
	return strcasecmp(canon, s) ? -EINVAL : 0;
}

void xend_log(const char *fmt, ...)
{
	struct timespec t;
	va_list ap;

	clock_gettime(CLOCK_MONOTONIC, &t);
	fprintf(stderr, "[%5ld.%03ld] xend: ", (long)t.tv_sec, t.tv_nsec / 1000000);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
