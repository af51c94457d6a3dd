"""make fuzz-long: 10^8 hcfuzz calls (not part of make test).

The scenario of the hcfuzz case (dom0 judging, the fuzzer as d1, a
checksummed worker as d2, no mm_audit) run in chunks of CHUNK calls, each
with a fresh random seed (printed). A chunk that does not end with dom0's
SUCCESS and d2's SUCCESS (a hypervisor crash, a wedge, a broken checksum)
is a finding: its seed and call count are appended to
guests/tests/hcfuzz/seeds.inc (replayed by make test, case hcfuzz-regress)
and its log kept as build/test-logs/fuzz-long-<seed>.log. Reproduce one
with `count=N trace=K split` on the fuzzer's command line (docs/security.md).

    /usr/bin/python3 tests/guests/fuzz_long.py [total calls] [chunk calls]
"""
import os
import random
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import guestlist  # noqa: E402
import xenoqemu  # noqa: E402

SEEDS = os.path.join(guestlist.ROOT, "guests", "tests", "hcfuzz", "seeds.inc")


def chunk(seed, calls, timeout):
    image = guestlist.image("hcfuzz")
    modules = [f"{image} role=watch",
               f"{image} domU mem=8M -- role=fuzz self=1 seed={seed:#x} count={calls}",
               f"{image} domU mem=8M -- role=worker"]
    res = xenoqemu.run(f"fuzz-long-{seed:#x}", timeout=timeout, modules=modules, mem="512M",
                       append="console=com1")
    ok = (not res.timed_out and guestlist.verdicts(res.log) == ["SUCCESS"]
          and guestlist.domu_verdicts(res.log) == {2: ["SUCCESS"]})
    return ok, res


def main():
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 10**8
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 10**6
    found, done, start = 0, 0, time.time()
    while done < total:
        seed = random.getrandbits(63) | 1
        calls = min(size, total - done)
        ok, res = chunk(seed, calls, timeout=max(600, calls // 500))
        done += calls
        print(f"fuzz-long: seed {seed:#x}, {calls} calls: {'ok' if ok else 'FOUND'}"
              f" ({res.seconds:.0f} s; {done} calls so far, {found + (not ok)} findings)",
              flush=True)
        if not ok:
            found += 1
            why = "timed out (wedge)" if res.timed_out else res.tail(1).strip()[:60]
            with open(SEEDS, "a") as f:
                f.write(f"{{{seed:#x}, {calls}}}, /* fuzz-long {time.strftime('%Y-%m-%d')}, "
                        f"as d1: {why.replace('*/', '')} */\n")
            print(f"fuzz-long: log {res.log_path}; seed added to {SEEDS}", flush=True)
    rate = done / max(1, time.time() - start)
    print(f"fuzz-long: {done} calls, {rate:.0f} calls/s wall, {found} findings")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
