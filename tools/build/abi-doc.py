#!/usr/bin/python3
"""Regenerate the tables of docs/abi.md from hypervisor/include/xeno/hypercalls.def.

The hypercall list is the one source of the hypercall table, the handler
prototypes and the sub-op tables; this script makes the doc's tables from it
too, so the Status column cannot drift. Each generated table sits between
`<!-- abi-doc: NAME -->` and `<!-- /abi-doc -->` (NAME: `hypercalls` or a
multiplexed hypercall). The columns from the list are #, the name, Argument
(with its size when tests/abi pins it, and what the dispatcher copies), Who
and Status; the prose columns (Signature, Linux 6.1, Notes) are kept from
the doc as it is, row by row, by name.

  abi-doc.py [--check] [DOC]   (DOC: docs/abi.md)
--check: exit 1, printing a diff, when DOC is not what the list gives.
"""
import argparse
import difflib
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEF = os.path.join(ROOT, "hypervisor", "include", "xeno", "hypercalls.def")
STATUS = {"IMPL": "implemented", "PARTIAL": "partial", "ENOSYS": "-ENOSYS"}
WHO = {"ANY": "any", "CTRL": "control domain"}
COPY = {"NONE": "", "IN": "in", "OUT": "out", "INOUT": "in, out", "INOUTX": "in, out always",
        "BATCH": "array of count"}
BEGIN = re.compile(r"^<!-- abi-doc: (\S+) -->$")
END = "<!-- /abi-doc -->"


def strip_comments(text):
    return re.sub(r"/\*.*?\*/", " ", text, flags=re.S)


def read_list():
    """(hypercalls [(name, status)], families {hc: [row dict]}) from the .def."""
    text = strip_comments(open(DEF).read())
    text = re.sub(r"^#.*$", "", text, flags=re.M)
    hypercalls, families = [], {}
    for m in re.finditer(r"\b(HYPERCALL|FAMILY|SUBOP)\(([^()]*)\)", text):
        args = [a.strip() for a in m.group(2).split(",")]
        if m.group(1) == "HYPERCALL":
            hypercalls.append((args[0], args[1]))
        elif m.group(1) == "FAMILY":
            families[args[0]] = []
        else:
            hc, number, status, typ, who, handler, copy = args
            families[hc].append(dict(number=number, status=status, type=typ, who=who,
                                     copy=copy))
    return hypercalls, families


def read_constants():
    """Every #define NAME VALUE of include/public, values resolved to integers."""
    raw = {}
    for path in glob.glob(os.path.join(ROOT, "include", "public", "**", "*.h"), recursive=True):
        text = strip_comments(open(path).read().replace("\\\n", " "))
        for m in re.finditer(r"^\s*#\s*define\s+(\w+)\s+(.+)$", text, flags=re.M):
            raw.setdefault(m.group(1), m.group(2).strip())

    def value(name, depth=0):
        v = raw.get(name)
        if v is None or depth > 8:
            return None
        v = re.sub(r"XENO_UL?\((\w+)\)", r"\1", v)
        v = re.sub(r"[A-Za-z_]\w*", lambda m: str(value(m.group(0), depth + 1)), v)
        if not re.fullmatch(r"[0-9xXa-fA-F()+\-*<>| ]+", v):
            return None
        try:
            return int(eval(v, {"__builtins__": {}}))  # digits and operators only
        except (SyntaxError, TypeError, ValueError):
            return None

    return value


def read_sizes():
    """Sizes pinned by tests/abi: {type: bytes}."""
    sizes = {}
    for path in glob.glob(os.path.join(ROOT, "tests", "abi", "check_*.c")):
        for m in re.finditer(r"ABI_SIZE\(([^,]+), (\d+), \d+\)", open(path).read()):
            sizes[m.group(1).strip()] = int(m.group(2))
    return sizes


def cells(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def old_rows(lines):
    """{name: {column: cell}} of an existing generated table."""
    rows, header = {}, None
    for line in lines:
        if not line.startswith("|") or set(line) <= set("|-: "):
            continue
        c = cells(line)
        if header is None:
            header = c
            continue
        row = dict(zip(header, c))
        name = row.get("Sub-op") or row.get("Hypercall") or ""
        rows[name.strip("`")] = row
    return rows


def argument(row, sizes):
    if row["type"] == "void":
        return "-"
    size = sizes.get(row["type"])
    bits = [f"{size} B" if size is not None else None, COPY[row["copy"]] or None]
    extra = ", ".join(b for b in bits if b)
    return f"{row['type']} ({extra})" if extra else row["type"]


def hypercall_table(hypercalls, value, old):
    out = ["| # | Hypercall | Signature | Linux 6.1 | Status | Notes |",
           "|---:|---|---|---|---|---|"]
    for name, status in sorted(hypercalls, key=lambda h: value("__HYPERVISOR_" + h[0])):
        macro = "__HYPERVISOR_" + name
        o = old.get(macro, {})
        out.append(f"| {value(macro)} | `{macro}` | {o.get('Signature', '')} | "
                   f"{o.get('Linux 6.1', '')} | {STATUS[status]} | {o.get('Notes', '')} |")
    return out


def family_table(rows, value, sizes, old):
    out = ["| # | Sub-op | Argument | Who | Linux 6.1 | Status | Notes |",
           "|---:|---|---|---|---|---|---|"]
    for row in sorted(rows, key=lambda r: value(r["number"])):
        o = old.get(row["number"], {})
        out.append(f"| {value(row['number'])} | `{row['number']}` | {argument(row, sizes)} | "
                   f"{WHO[row['who']]} | {o.get('Linux 6.1', '')} | {STATUS[row['status']]} | "
                   f"{o.get('Notes', '')} |")
    return out


def generate(doc_lines):
    hypercalls, families = read_list()
    value, sizes = read_constants(), read_sizes()
    numbers = [r["number"] for f in families.values() for r in f]
    for macro in ["__HYPERVISOR_" + h for h, _ in hypercalls] + numbers:
        if value(macro) is None:
            sys.exit(f"abi-doc: {macro} has no value in include/public")
    out, i, seen = [], 0, set()
    while i < len(doc_lines):
        m = BEGIN.match(doc_lines[i])
        out.append(doc_lines[i])
        i += 1
        if not m:
            continue
        name, body = m.group(1), []
        while i < len(doc_lines) and doc_lines[i] != END:
            body.append(doc_lines[i])
            i += 1
        if name == "hypercalls":
            out += hypercall_table(hypercalls, value, old_rows(body))
        elif name in families:
            out += family_table(families[name], value, sizes, old_rows(body))
        else:
            sys.exit(f"abi-doc: no hypercall {name} in the list")
        seen.add(name)
    missing = set(families) | {"hypercalls"}
    if missing - seen:
        sys.exit("abi-doc: no table in the doc for " + ", ".join(sorted(missing - seen)))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true")
    ap.add_argument("doc", nargs="?", default=os.path.join(ROOT, "docs", "abi.md"))
    a = ap.parse_args()
    lines = open(a.doc).read().split("\n")
    new = generate(lines)
    if not a.check:
        open(a.doc, "w").write("\n".join(new))
        return 0
    if new != lines:
        sys.stdout.writelines(difflib.unified_diff(
            [l + "\n" for l in lines], [l + "\n" for l in new], a.doc, "generated"))
        print(f"abi-doc: {a.doc} is out of date: run tools/build/abi-doc.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
