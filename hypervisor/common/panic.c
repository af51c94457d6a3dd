/* panic(), BUG() and failed assertions: report, then arch_machine_crash(). */
#include <xeno/arch.h>
#include <xeno/console.h>
#include <xeno/lib.h>
#include <xeno/shutdown.h>
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

		arch_show_stack_trace(fp[1], fp[0]); /* from panic()'s caller upwards */
	}
	arch_machine_crash();
}

void __bug(const char *file, int line)
{
	panic("BUG at %s:%d", file, line);
}

void __assert_failed(const char *expr, const char *file, int line)
{
	panic("Assertion '%s' failed at %s:%d", expr, file, line);
}
