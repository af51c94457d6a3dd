#!/usr/bin/env python3
"""Seed inputs for fuzz_xenstored: a few well-formed sessions in its chunk
format ([selector][length][bytes]; selector 1-3: a domain's raw stream, 0: a
dom0 request as [type][payload])."""
import os
import struct
import sys

XS = dict(DIRECTORY=1, READ=2, GET_PERMS=3, WATCH=4, UNWATCH=5, TXN_START=6, TXN_END=7,
          INTRODUCE=8, RELEASE=9, WRITE=11, MKDIR=12, RM=13, SET_PERMS=14, SET_TARGET=19,
          RESET_WATCHES=21, DIRECTORY_PART=22)


def msg(t, payload, tx=0, req=1):
    return struct.pack("<IIII", XS[t], req, tx, len(payload)) + payload


def dom(d, raw):
    return bytes([d, len(raw)]) + raw


def dom0(t, payload):
    raw = bytes([XS[t]]) + payload
    return bytes([0, len(raw)]) + raw


SEEDS = {
    "rw": dom(1, msg("WRITE", b"data/x\0v")) + dom(1, msg("READ", b"data/x\0"))
    + dom(1, msg("DIRECTORY", b"data\0")) + dom(1, msg("GET_PERMS", b"data/x\0")),
    "watch": dom(2, msg("WATCH", b"data\0tok\0")) + dom(2, msg("WRITE", b"data/y\0w"))
    + dom(2, msg("RM", b"data\0")) + dom(2, msg("UNWATCH", b"data\0tok\0")),
    "txn": dom(3, msg("TXN_START", b"\0")) + dom(3, msg("WRITE", b"a\0b", tx=1))
    + dom(3, msg("TXN_END", b"T\0", tx=1)),
    "perms": dom(1, msg("MKDIR", b"p\0")) + dom(1, msg("SET_PERMS", b"p\0n1\0r2\0"))
    + dom(2, msg("READ", b"/local/domain/1/p\0")) + dom(2, msg("READ", b"/canary\0")),
    "dom0": dom0("INTRODUCE", b"5\0100\0" b"7\0") + dom0("SET_TARGET", b"2\0" b"1\0")
    + dom0("RELEASE", b"3\0") + dom0("SET_PERMS", b"@releaseDomain\0n0\0r1\0")
    + dom(1, msg("WATCH", b"@releaseDomain\0r\0")) + bytes([0x80, 2]) + b"xx",
    "split": dom(1, msg("WRITE", b"s\0v")[:5]) + dom(1, msg("WRITE", b"s\0v")[5:]),
}

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for name, data in SEEDS.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
