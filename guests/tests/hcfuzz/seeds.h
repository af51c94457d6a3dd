/*
 * Regression seeds: each one crashed or wedged xeno once (docs/security.md
 * has the record). `make test` replays them (variant hcfuzz-regress, a
 * small count each); `make fuzz-long` appends any new crashing seed here.
 */
0x1,
