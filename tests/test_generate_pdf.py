"""Generated documents through real LibreOffice, read back with pdfplumber."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pdfplumber
import pytest

from toolkit.generate.catalog import BUILTIN
from toolkit.generate.batch import generate, plan
from toolkit.generate.templates import load

from conftest import SAMPLES, texts


def pdf_pages(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [unicodedata.normalize("NFC", page.extract_text() or "") for page in pdf.pages]


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """Every built-in generated from its sample and converted by one LibreOffice run."""
    from toolkit.office.libreoffice import convert_to_pdf

    out = tmp_path_factory.mktemp("pdf")
    docs = []
    for name in BUILTIN:
        template, spec = load(name)
        docs += generate(plan(template, spec, SAMPLES / f"{name}.xlsx"), out).written
    results = convert_to_pdf(docs, out)
    assert [r.error for r in results] == [None] * len(docs)
    return {doc: r.pdf for doc, r in zip(docs, results)}


def test_every_word_and_diacritic_survives(converted):
    for doc, pdf in converted.items():
        pdf_words = set(re.findall(r"\w+", "\n".join(pdf_pages(pdf))))
        doc_words = set(re.findall(r"\w+", unicodedata.normalize("NFC", "\n".join(texts(doc)))))
        assert doc_words - pdf_words == set(), doc.name


def test_quoc_hieu_is_on_one_line(converted):
    for pdf in converted.values():
        lines = pdf_pages(pdf)[0].splitlines()
        assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line for line in lines), pdf.name


def test_page_numbers_from_page_two(converted):
    for pdf in converted.values():
        pages = pdf_pages(pdf)
        assert not pages[0].splitlines()[0].strip().isdigit()
        for number, text in enumerate(pages[1:], start=2):
            assert text.splitlines()[0].strip() == str(number), (pdf.name, number)


def test_combined_pdf_starts_each_department_on_a_new_page(cli, tmp_path):
    result = cli("generate", "dang-ky-thi-dua", SAMPLES / "dang-ky-thi-dua.xlsx", "--group-by", "ca_nhan.don_vi",
                 "--combine", "tat-ca.docx", "--pdf")
    assert result.exit_code == 0, result.output
    pages = pdf_pages(Path("tat-ca.pdf"))
    starts = [i for i, text in enumerate(pages) if "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text]
    assert len(starts) == 5 and starts[0] == 0
    for start in starts:  # each document's first page carries no number: numbering restarts
        assert not pages[start].splitlines()[0].strip().isdigit()
    for a, b in zip(starts, starts[1:] + [len(pages)]):
        for offset, text in enumerate(pages[a + 1:b], start=2):
            assert text.splitlines()[0].strip() == str(offset)


def test_convert_pdf_command_reports_a_broken_file_and_converts_the_rest(cli, tmp_path):
    template, spec = load("giao-uoc")
    good = generate(plan(template, spec, SAMPLES / "giao-uoc.xlsx"), tmp_path / "in").written[0]
    (tmp_path / "in" / "hong.docx").write_bytes(b"not a zip at all")
    result = cli("convert", "pdf", tmp_path / "in", "-o", "ra", "--report-errors", "loi.csv")
    assert result.exit_code == 1
    assert "hong.docx" in result.output and "1 tệp không tạo được" in result.output
    assert sorted(p.name for p in Path("ra").iterdir()) == [good.stem + ".pdf"]
    report = Path("loi.csv").read_text(encoding="utf-8-sig").splitlines()
    assert report[0] == "Tệp/văn bản,Lỗi,Vị trí" and len(report) == 2 and "hong.docx" in report[1]
