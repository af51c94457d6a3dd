/*
 * Host tests of xenstore clients: our xenstored (XENSTORED_BIN, the
 * daemon make builds) started on a socket in a fresh temporary directory,
 * stopped with SIGTERM. One daemon per test case: a clean store each time.
 */
#ifndef TOOLS_LIBS_STORE_TESTS_XSD_H
#define TOOLS_LIBS_STORE_TESTS_XSD_H

#include <sys/types.h>

struct test_xsd {
	pid_t pid;
	char dir[64];
	char sock[96];
};

/* 0, or -1 (and a message on stderr) when the daemon does not answer in 5 s. */
int test_xsd_start(struct test_xsd *d);
void test_xsd_stop(struct test_xsd *d);

#endif /* TOOLS_LIBS_STORE_TESTS_XSD_H */
