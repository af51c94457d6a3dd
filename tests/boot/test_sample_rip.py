"""bench/sample_rip.py's naming of sampled RIPs (host tests, no QEMU): a
RIP is named by the closest text symbol below it, from the kernel's
kallsyms and xeno's symbols together, and counted by region."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import sample_rip  # noqa: E402

KALLSYMS = """ffffffff81000000 T _stext
ffffffff83a00000 t xen_vmalloc_p2m_tree
ffffffff83a00400 t xen_rebuild_p2m_list_not_text_d
ffffffff83a00800 T memblock_alloc_try_nid
"""


def test_rip_named_by_closest_text_symbol_below(tmp_path, capsys):
    path = tmp_path / "kallsyms"
    path.write_text(KALLSYMS.replace("_not_text_d", "").replace(" t xen_rebuild", " d xen_rebuild"))
    addrs, names = sample_rip.symbol_table([str(path)])
    assert names == ["_stext", "xen_vmalloc_p2m_tree", "memblock_alloc_try_nid"]
    rips = [0xffffffff83a00010, 0xffffffff83a00500, 0xffffffff83a00900, 0x401000]
    sample_rip.report(rips, addrs, names, top=5)
    out = capsys.readouterr().out
    assert "4 samples" in out
    assert " 50.0%       2  xen_vmalloc_p2m_tree" in out  # the data symbol is skipped
    assert " 25.0%       1  memblock_alloc_try_nid" in out
    assert " 75.0%  guest kernel" in out and " 25.0%  user" in out


def test_regions():
    assert sample_rip.region(0xffff82d040123456) == "hypervisor"
    assert sample_rip.region(0xffffffff81000000) == "guest kernel"
    assert sample_rip.region(0x7fffffffe000) == "user"
