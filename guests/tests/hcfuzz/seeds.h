/*
 * Regression cases: { seed, calls } that crashed or wedged xeno once (the
 * record, with symptoms and fixes, is in docs/security.md). `make test`
 * replays them (case hcfuzz-regress, each for its number of calls, as dom0);
 * `make fuzz-long` appends a line for any new crashing seed.
 */
{0x2, 4200}, /* SCHEDOP_poll on port 0 never timed out (dom0) */
{0xb, 3100}, /* a refused poll in a multicall undid an earlier poll: vCPU parked */
