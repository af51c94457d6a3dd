/* panic(), BUG() and failed assertions: report, then machine_crash(). */
#include <xeno/console.h>
#include <xeno/lib.h>
#include <xeno/shutdown.h>
#include <asm/processor.h>
#include <xeno/traps.h>

void panic(const char *fmt, ...)
{
	va_list ap;

	local_irq_disable();
	console_force_unlock();
	printk(XENLOG_ERR "\n****************************************\n");
	printk(XENLOG_ERR "Panic: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk(XENLOG_ERR "\n****************************************\n");
	{
		unsigned long *fp = __builtin_frame_address(0);

		show_stack_trace(fp[1], fp[0]); /* from panic()'s caller upwards */
	}
	machine_crash();
}

void __bug(const char *file, int line)
{
	panic("BUG at %s:%d", file, line);
}

void __assert_failed(const char *expr, const char *file, int line)
{
	panic("Assertion '%s' failed at %s:%d", expr, file, line);
}
