/*
 * The smallest static program: exits with status 0 at once. The benchmark
 * /init execs it (as /true) for the fork+execve figure.
 */
__asm__(".globl _start\n"
	"_start:\n"
	"	mov $60, %eax\n"
	"	xor %edi, %edi\n"
	"	syscall\n"
	"	hlt\n");
