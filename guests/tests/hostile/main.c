/*
 * hostile: a block and network frontend that attacks its backends (blk.c,
 * net.c). Started by `xl create` as a domU with a disk and 4 vifs
 * (tools/dom0/tests/split.sh), it prints on its PV console ring and ends by
 * vanishing with requests in flight; dom0 judges what the backends did. Run
 * as dom0 alone (tests/guests and, on Xen 4.17, tests/reference: no
 * backend there), it checks that the grants it would hand a backend are
 * refused by the hypervisor when mapped or copied into.
 */
#include "hostile.h"

const char test_title[] = "hostile: a block and network frontend sending garbage to its backends";

void test_main(void)
{
	if (!events_init())
		return;
	if (start_info->flags & SIF_INITDOMAIN) {
		blk_selfcheck();
		net_selfcheck();
		return;
	}
	if (!cons_init() || !xs_init()) {
		error("cannot map the console or xenstore ring");
		return;
	}
	printf("HOSTILE start\n");
	bool blk = blk_attack();

	net_attack();
	if (blk)
		blk_vanish();
	cons_flush();
}
