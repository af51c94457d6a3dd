/*
 * softint: `int $n` reaches the trap table's handler only if the entry's DPL
 * allows the current guest mode (guest kernel: DPL >= 1, guest user: DPL 3),
 * with RIP after the instruction and no error code; otherwise the guest
 * gets #GP with error code (n << 3) | 2 at the instruction. An entry
 * without a handler is refused the same way. int3 and `int $3` reach the
 * #BP handler whatever its DPL (the ABI does not check it).
 */
#include <guest.h>

const char test_title[] = "softint: int $n and the trap table's DPL";

#define SOFTINT(n)                                                                            \
	static __attribute__((noinline)) long int_##n(void)                                   \
	{                                                                                     \
		__asm__ __volatile__("1: int $" #n "\n2:\n" EXTABLE(1b, 2b) EXTABLE(2b, 2b):: \
					     : "memory");                                     \
		return 0;                                                                     \
	}
SOFTINT(0x80)
SOFTINT(0x81)
SOFTINT(0x82)
SOFTINT(0x83)
SOFTINT(3)

static long do_int3(void)
{
	__asm__ __volatile__("int3\n1:\n" EXTABLE(1b, 1b)::: "memory");
	return 0;
}

static void expect(long (*fn)(void), bool user, unsigned int n, bool delivered, const char *what)
{
	trap_record_clear();
	if (user)
		exec_user(fn);
	else
		fn();
	if (delivered)
		check(last_trap.count == 1 && last_trap.vector == n,
		      "%s: delivered to vector %#x (got %u traps, vector %#x)", what, n,
		      (unsigned)last_trap.count, last_trap.vector);
	else
		check(last_trap.count == 1 && last_trap.vector == 13 &&
			      last_trap.error_code == ((n << 3) | 2),
		      "%s: #GP(%#x) (got vector %#x ec %#x)", what, (n << 3) | 2, last_trap.vector,
		      last_trap.error_code);
}

void test_main(void)
{
	check(set_trap(0x80, 3, trap_entry(0x80)) == 0, "trap 0x80 DPL 3");
	check(set_trap(0x81, 1, trap_entry(0x81)) == 0, "trap 0x81 DPL 1");
	/* Two vectors >= 32, then a third (xeno keeps up to two inline, then a table). */
	expect(int_0x81, false, 0x81, true, "kernel int $0x81 (DPL 1, of two high vectors)");
	expect(int_0x82, false, 0x82, false, "kernel int $0x82 (not set yet)");
	check(set_trap(0x82, 0, trap_entry(0x82)) == 0, "trap 0x82 DPL 0");
	expect(int_0x80, false, 0x80, true, "kernel int $0x80 (DPL 3)");
	expect(int_0x81, false, 0x81, true, "kernel int $0x81 (DPL 1)");
	expect(int_0x82, false, 0x82, false, "kernel int $0x82 (DPL 0)");
	expect(int_0x83, false, 0x83, false, "kernel int $0x83 (no handler)");
	expect(int_0x80, true, 0x80, true, "user int $0x80 (DPL 3)");
	expect(int_0x81, true, 0x81, false, "user int $0x81 (DPL 1)");
	expect(int_0x82, true, 0x82, false, "user int $0x82 (DPL 0)");
	check(set_trap(3, 0, trap_entry(3)) == 0, "#BP entry with DPL 0");
	expect(do_int3, true, 3, true, "user int3 (DPL not checked)");
	expect(int_3, true, 3, true, "user int $3 (DPL not checked)");
	expect(int_3, false, 3, true, "kernel int $3");
}
