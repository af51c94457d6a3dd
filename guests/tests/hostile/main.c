/*
 * hostile: a block frontend that attacks its backend (blk.c). Started by
 * `xl create` as a domU with a disk (tools/dom0/tests/split.sh), it prints
 * on its PV console ring and ends by vanishing with requests in flight; dom0
 * judges what the backend did. Run as dom0 alone (tests/guests and, on Xen
 * 4.17, tests/reference: no backend there), it checks that the grants it
 * would hand a backend are refused by the hypervisor when mapped.
 */
#include "hostile.h"

const char test_title[] = "hostile: a block frontend sending garbage to its backend";

void test_main(void)
{
	if (!events_init())
		return;
	if (start_info->flags & SIF_INITDOMAIN) {
		blk_selfcheck();
		return;
	}
	if (!cons_init() || !xs_init()) {
		error("cannot map the console or xenstore ring");
		return;
	}
	printf("HOSTILE start\n");
	blk_attack();
	cons_flush();
}
