"""Output names in a batch: repeated names get `-2`, `-3` in order, and fast however many."""
from __future__ import annotations

import time
from pathlib import Path

from toolkit.naming import NameAllocator


def test_repeated_names_get_the_next_free_number():
    allocator = NameAllocator(Path("/ra"), ".docx")
    stems = ["Giấy khen", "giấy khen", "Giấy khen-2", "Giấy khen", "Bằng khen", "GIẤY KHEN", "Giấy khen-5"]
    assert [allocator.allocate(s).name for s in stems] == [
        "Giấy khen.docx", "giấy khen-2.docx", "Giấy khen-2-2.docx", "Giấy khen-3.docx",
        "Bằng khen.docx", "GIẤY KHEN-4.docx", "Giấy khen-5.docx"]
    assert allocator.allocate("Giấy khen").name == "Giấy khen-6.docx"


def test_one_name_for_every_row_of_a_big_sheet_stays_fast():
    """`--name 'Giấy khen'` over 20,000 rows: each name is found in one step, not by counting
    up from 1 (which took minutes)."""
    allocator = NameAllocator(Path("/ra"), ".docx")
    start = time.perf_counter()
    names = [allocator.allocate("Giấy khen").name for _ in range(20_000)]
    assert time.perf_counter() - start < 5
    assert names[-1] == "Giấy khen-20000.docx" and len(set(names)) == 20_000
