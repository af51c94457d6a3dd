/*
 * console: console_io write of a buffer (result 0) and of a bad pointer
 * (-EFAULT), read with no input pending (0 bytes), unknown sub-op
 * (-ENOSYS).
 */
#include <guest.h>

const char test_title[] = "console: console_io write and read";

void test_main(void)
{
	char buf[16];
	static const char msg[] = "console_io write: hello\n";

	check(hc_console_write(msg, sizeof(msg) - 1) == 0, "write returns 0");
	check(hc_console_write((const char *)0xffff800000000000UL, 8) == -XEN_EFAULT ||
		      hc_console_write((const char *)0x1000, 8) == -XEN_EFAULT,
	      "write from a bad pointer: -EFAULT");
	check(hc_console_write(msg, 0) == 0, "empty write");
	check(HC(console_io, CONSOLEIO_read, sizeof(buf), buf) == 0, "read with no input: 0 bytes");
	check(HC(console_io, 7, 0, buf) == -XEN_ENOSYS, "unknown sub-op: -ENOSYS");
}
