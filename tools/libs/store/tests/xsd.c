/*
 * xsd.h: fork + exec of the daemon, then connect() until its socket
 * answers (it binds before it serves, so a connection that succeeds is
 * served).
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "xsd.h"

static bool answers(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool ok;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	ok = fd >= 0 && !connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	if (fd >= 0)
		close(fd);
	return ok;
}

int test_xsd_start(struct test_xsd *d)
{
	struct timespec ms10 = {0, 10000000L};

	snprintf(d->dir, sizeof(d->dir), "/tmp/xstore-test.XXXXXX");
	if (!mkdtemp(d->dir)) {
		perror("mkdtemp");
		return -1;
	}
	snprintf(d->sock, sizeof(d->sock), "%s/socket", d->dir);
	d->pid = fork();
	if (d->pid == 0) {
		execl(XENSTORED_BIN, XENSTORED_BIN, "--socket", d->sock, "--no-domains",
		      (char *)NULL);
		perror("exec " XENSTORED_BIN);
		_exit(127);
	}
	for (int i = 0; d->pid > 0 && i < 500; i++) {
		if (answers(d->sock))
			return 0;
		nanosleep(&ms10, NULL);
	}
	fprintf(stderr, "%s did not answer on %s\n", XENSTORED_BIN, d->sock);
	test_xsd_stop(d);
	return -1;
}

void test_xsd_stop(struct test_xsd *d)
{
	if (d->pid > 0) {
		kill(d->pid, SIGTERM);
		waitpid(d->pid, NULL, 0);
		d->pid = 0;
	}
	unlink(d->sock);
	rmdir(d->dir);
}
