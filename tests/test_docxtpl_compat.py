"""docxtpl templates and docxtpl's objects through our engine (docs/design.md, *Template language*).

Each test builds a real .docx, renders it, opens the result again with python-docx and reads
what a person would see; `assert_valid` checks what Word and LibreOffice need to open it.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm
from lxml import etree
from PIL import Image

from toolkit.errors import ThiduaError
from toolkit.generate.engine import compile_template

from conftest import REPO, SAMPLES, make_template, make_workbook, outputs, texts

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def assert_valid(path: Path) -> None:
    """Every XML part parses, no character data sits outside `<w:t>`, every r:id resolves,
    and python-docx opens the document."""
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            root = etree.fromstring(z.read(name))
            for el in root.iter(W + "p", W + "body", W + "tc", W + "tr", W + "tbl"):
                assert not (el.text or "").strip(), f"{name}: text directly in {el.tag}: {el.text!r}"
                for child in el:
                    assert not (child.tail or "").strip(), f"{name}: text after {child.tag}: {child.tail!r}"
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
        ids = {r.get("Id") for r in rels}
        body = etree.fromstring(z.read("word/document.xml"))
        r_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
        used = {v for el in body.iter() for k, v in el.attrib.items() if k.startswith(r_ns)}
        assert used <= ids, f"dangling relationship ids {used - ids}"
    Document(str(path))


def render(tmp_path: Path, paragraphs, context, **options) -> Path:
    template = compile_template(make_template(tmp_path / "t.docx", paragraphs), **options)
    out = tmp_path / "out.docx"
    out.write_bytes(template.render(context))
    assert_valid(out)
    return out


def png(path: Path, size=(200, 100), color="red") -> Path:
    Image.new("RGB", size, color).save(path)
    return path


# --- plain values -----------------------------------------------------------------------------

def test_a_multi_line_cell_in_a_run_tag_is_visible_text_with_line_breaks(tmp_path):
    out = render(tmp_path, ["Ý kiến: {{r y_kien }}."], {"y_kien": "Đồng ý.\nĐề nghị khen thưởng."})
    assert texts(out) == ["Ý kiến: Đồng ý.\nĐề nghị khen thưởng.."]


def test_bell_starts_a_paragraph_and_form_feed_a_page_as_in_docxtpl(tmp_path):
    out = render(tmp_path, ["Mở đầu {{ a }} kết thúc"], {"a": "một\adòng mới\ftrang mới"})
    doc = Document(str(out))
    assert [p.text for p in doc.paragraphs] == ["Mở đầu một", "dòng mới", "", "trang mới kết thúc"]
    assert doc.paragraphs[2]._p.xpath('.//w:br[@w:type="page"]')


def test_a_spreadsheet_string_is_never_markup_even_in_run_and_paragraph_tags(tmp_path):
    xml = '<w:r><w:t>chèn</w:t></w:r>'
    out = render(tmp_path, ["{{r a }}", "{{p a }}", "{{ a|safe }}", "{{ b|e }}"], {"a": xml, "b": "x\x00y"})
    assert texts(out) == [xml, xml, xml, "xy"]


# --- templates saved by LibreOffice, tags split by Word ------------------------------------------

@pytest.fixture(scope="module")
def saved_by_libreoffice(tmp_path_factory):
    """A small template and the built-in `giao-uoc`, opened and saved again by LibreOffice
    (one soffice run), which writes its own quoting inside the tags."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed for these tests"
    work = tmp_path_factory.mktemp("lo")
    source = make_template(work / "mau.docx", [
        '{{ chuc_vu|default("Chủ tịch") }} – {{ ghi_chu|default(\'không\') }}',
        '{{ "Khen thưởng & kỷ luật" }} {% if so > 1 and so < 9 %}vài{% endif %}',
    ])
    builtin = REPO / "templates" / "docx" / "giao-uoc.docx"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work / "saved"), str(source), str(builtin)],
                   check=True, capture_output=True, timeout=300)
    for name in ("mau", "giao-uoc"):
        body = zipfile.ZipFile(work / "saved" / f"{name}.docx").read("word/document.xml").decode()
        assert "&quot;" in body or "&apos;" in body  # LibreOffice's own quoting is what we test
    return work / "saved"


def test_template_saved_by_libreoffice_renders(saved_by_libreoffice, tmp_path):
    """LibreOffice writes the quotes inside tags as &quot;/&apos;; a `&` in a literal is `&amp;`."""
    out = tmp_path / "out.docx"
    out.write_bytes(compile_template(saved_by_libreoffice / "mau.docx").render({"so": 3}))
    assert_valid(out)
    assert texts(out)[:2] == ["Chủ tịch – không", "Khen thưởng & kỷ luật vài"]


def test_a_builtin_template_resaved_by_libreoffice_gives_the_same_document(saved_by_libreoffice, tmp_path):
    from toolkit.generate.batch import generate, plan
    from toolkit.generate.templates import load

    original, spec = load("giao-uoc")
    data = SAMPLES / "giao-uoc.xlsx"
    ours = generate(plan(compile_template(saved_by_libreoffice / "giao-uoc.docx"), spec, data), tmp_path / "lo")
    ref = generate(plan(original, spec, data), tmp_path / "word")
    assert ours.ok and ref.ok
    assert [" ".join(texts(p)).split() for p in ours.written] == [" ".join(texts(p)).split() for p in ref.written]


def test_column_loop_split_by_word_still_repairs_the_grid(tmp_path):
    """Word often stores `{%` and `tc for …` in different runs; the grid is repaired anyway."""
    path = tmp_path / "cot.docx"
    doc = Document()
    cells = doc.add_table(rows=1, cols=4).rows[0].cells
    cells[0].text = "Đơn vị"
    for cell, pieces in zip(cells[1:], (("{%", "tc for t in thang %}"), ("{{ t }}",), ("{%", "tc endfor %}"))):
        for piece in pieces:
            cell.paragraphs[0].add_run(piece)
    doc.save(path)
    out = tmp_path / "out.docx"
    out.write_bytes(compile_template(path).render({"thang": [f"Tháng {i}" for i in range(1, 6)]}))
    assert_valid(out)
    tbl = Document(str(out)).tables[0]._tbl
    assert len(tbl.tr_lst[0].tc_lst) == len(tbl.tblGrid.gridCol_lst) == 6


# --- docxtpl's objects through the Python API ------------------------------------------------------

def test_richtext_and_richtext_paragraph_and_listing(tmp_path):
    from docxtpl import Listing, RichText, RichTextParagraph

    rt = RichText("Đạt ", bold=True)
    rt.add("xuất sắc", color="FF0000")
    rt.add("\ndòng hai")
    rp = RichTextParagraph()
    rp.add("Đoạn một")
    rp.add(RichText("Đoạn hai", italic=True))
    out = render(tmp_path, ["Kết quả: {{r kq }}", "{{p doan }}", "Danh sách: {{ ds }}", "Trong dòng: {{ kq }}"],
                 {"kq": rt, "doan": rp, "ds": Listing("a < b\nc & d")})
    assert texts(out) == ["Kết quả: Đạt xuất sắc\ndòng hai", "Đoạn một", "Đoạn hai", "Danh sách: a < b\nc & d",
                          "Trong dòng: Đạt xuất sắc\ndòng hai"]
    red = [r for r in Document(str(out)).paragraphs[0].runs if r.text == "xuất sắc"]
    assert red and str(red[0].font.color.rgb) == "FF0000"


def test_inline_image_in_body_and_header_adds_the_picture_to_the_package(tmp_path):
    from docxtpl import InlineImage

    path = make_template(tmp_path / "t.docx", ["Ảnh: {{ anh }} hết", "{{r anh }}"])
    doc = Document(str(path))
    doc.sections[0].header.paragraphs[0].text = "Logo {{ anh }}"
    doc.save(path)
    image = InlineImage(None, str(png(tmp_path / "logo.png")), width=Mm(40))
    out = tmp_path / "out.docx"
    out.write_bytes(compile_template(path).render({"anh": image}))
    assert_valid(out)
    with zipfile.ZipFile(out) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        header_rels = [n for n in z.namelist() if n.startswith("word/_rels/header")]
        assert len(media) == 1 and header_rels  # one file, related from the body and the header
    result = Document(str(out))
    shapes = result.inline_shapes
    assert len(shapes) == 2 and abs(shapes[0].width - Mm(40)) < Mm(0.1) and abs(shapes[0].height - Mm(20)) < Mm(0.1)
    assert texts(out)[0] == "Ảnh:  hết"


def test_subdoc_with_a_table_and_a_picture(tmp_path):
    import docxcompose  # noqa: F401  (docxtpl's Subdoc needs it; a test extra)
    from docxtpl import DocxTemplate

    path = make_template(tmp_path / "t.docx", ["Trước", "{{p phu_luc }}", "Sau"])
    docxtpl_template = DocxTemplate(str(path))  # docxtpl builds the subdocument
    sub = docxtpl_template.new_subdoc()
    sub.add_paragraph("Phụ lục: danh sách")
    table = sub.add_table(rows=2, cols=2)
    table.cell(1, 1).text = "ô cuối"
    sub.add_picture(str(png(tmp_path / "a.png")), width=Mm(20))
    out = tmp_path / "out.docx"
    out.write_bytes(compile_template(path).render({"phu_luc": sub}))
    assert_valid(out)
    assert texts(out)[:3] == ["Trước", "Phụ lục: danh sách", ""]
    assert "ô cuối" in texts(out) and "Sau" in texts(out)
    assert len(Document(str(out)).inline_shapes) == 1


def test_subdoc_from_another_docx_brings_its_styles(tmp_path):
    import docxcompose  # noqa: F401  (docxtpl's Subdoc needs it; a test extra)
    from docx.enum.style import WD_STYLE_TYPE
    from docxtpl import DocxTemplate

    other = Document()
    other.styles.add_style("Trích dẫn riêng", WD_STYLE_TYPE.PARAGRAPH).font.italic = True
    other.add_paragraph("Lời trích dẫn", style="Trích dẫn riêng")
    other.save(tmp_path / "khac.docx")
    path = make_template(tmp_path / "t.docx", ["{{p phu_luc }}"])
    sub = DocxTemplate(str(path)).new_subdoc(str(tmp_path / "khac.docx"))
    out = tmp_path / "out.docx"
    out.write_bytes(compile_template(path).render({"phu_luc": sub}))
    assert_valid(out)
    paragraph = Document(str(out)).paragraphs[0]
    assert paragraph.text == "Lời trích dẫn" and paragraph.style.name == "Trích dẫn riêng"


def test_templates_cannot_open_docxtpl_objects(tmp_path):
    from docxtpl import InlineImage, RichText

    for tag in ("{{ rt.add('<w:p/>') }}", "{{ img.tpl }}", "{{ rt.xml }}"):
        template = compile_template(make_template(tmp_path / "t.docx", [tag]))
        with pytest.raises(ThiduaError, match="bị cấm"):
            template.render({"rt": RichText("x"), "img": InlineImage(object(), "a.png")})


# --- filters through the Python API -------------------------------------------------------------

def test_custom_filters_join_ours(tmp_path):
    out = render(tmp_path, ["{{ ten|chao }} – {{ 2.5|so }}"], {"ten": "An"}, filters={"chao": lambda v: f"Chào {v}"})
    assert texts(out) == ["Chào An – 2,5"]


def test_a_docxtpl_jinja_env_lends_its_filters_and_prints_numbers_as_docxtpl(tmp_path):
    import jinja2

    env = jinja2.Environment()
    env.filters["cong"] = lambda v, n: v + n
    out = render(tmp_path, ["{{ x|cong(2) }}"], {"x": 1.5}, jinja_env=env)
    assert texts(out) == ["3.5"]


# --- pictures from a workbook: hinh_anh ------------------------------------------------------------

def test_a_column_of_image_paths_becomes_pictures_relative_to_the_workbook(tmp_path):
    from toolkit.generate.batch import generate, plan

    data = tmp_path / "du-lieu"
    (data / "anh").mkdir(parents=True)
    png(data / "anh" / "an.png", (300, 400))
    png(data / "anh" / "binh.png", (400, 300), "blue")
    workbook = make_workbook(data / "ds.xlsx", tables={"ca_nhan": [
        ["ho_va_ten", "anh"], ["Nguyễn Văn An", "anh/an.png"], ["Trần Thị Bình", "anh/binh.png"],
        ["Lê Chi", None]]})
    template = compile_template(make_template(tmp_path / "the.docx", ["{{ ho_va_ten }}", "{{ anh|hinh_anh(30) }}"]))
    result = generate(plan(template, None, workbook, each="ca_nhan"), tmp_path / "ra")
    assert result.ok and len(result.written) == 3
    widths = {}
    for path in outputs(tmp_path / "ra"):
        assert_valid(path)
        doc = Document(str(path))
        widths[doc.paragraphs[0].text] = [(round(s.width / 36000), round(s.height / 36000)) for s in doc.inline_shapes]
    assert widths == {"Nguyễn Văn An": [(30, 40)], "Trần Thị Bình": [(30, 22)], "Lê Chi": []}


@pytest.mark.parametrize("content, says", [
    (None, "không tìm thấy ảnh «anh/khong-co.png»"),
    (b"not an image at all", "không phải ảnh"),
])
def test_a_bad_image_path_is_a_vietnamese_error_naming_row_and_column(tmp_path, content, says):
    from toolkit.generate.batch import generate, plan

    if content is not None:
        (tmp_path / "anh").mkdir()
        (tmp_path / "anh" / "khong-co.png").write_bytes(content)
    workbook = make_workbook(tmp_path / "ds.xlsx", tables={"ca_nhan": [
        ["ho_va_ten", "anh"], ["Nguyễn Văn An", "anh/khong-co.png"]]})
    template = compile_template(make_template(tmp_path / "the.docx", ["{{ ho_va_ten }}: {{ anh|hinh_anh(30) }}"]))
    result = generate(plan(template, None, workbook, each="ca_nhan"), tmp_path / "ra")
    assert not result.written and len(result.failures) == 1
    message = str(result.failures[0])
    assert says in message and "cột «anh»" in message and "dòng 2" in message, message


def test_pictures_in_a_combined_document_each_keep_their_image(tmp_path):
    from toolkit.generate.batch import generate, plan

    png(tmp_path / "a.png", (100, 100), "red")
    png(tmp_path / "b.png", (100, 100), "blue")
    workbook = make_workbook(tmp_path / "ds.xlsx", tables={"ca_nhan": [["anh"], ["a.png"], ["b.png"]]})
    template = compile_template(make_template(tmp_path / "the.docx", ["{{ anh|hinh_anh(10) }}"]))
    result = generate(plan(template, None, workbook, each="ca_nhan"), tmp_path, combine=tmp_path / "gop.docx")
    assert result.ok
    assert_valid(tmp_path / "gop.docx")
    with zipfile.ZipFile(tmp_path / "gop.docx") as z:
        assert len([n for n in z.namelist() if n.startswith("word/media/")]) == 2
        ids = re.findall(r'<wp:docPr id="(\d+)"', z.read("word/document.xml").decode())
        assert len(ids) == len(set(ids)) == 2  # Word reports a file with repeated drawing ids as damaged
    assert len(Document(str(tmp_path / "gop.docx")).inline_shapes) == 2


# --- docxtpl's replace_* calls ------------------------------------------------------------------

@pytest.mark.parametrize("how", ["replace_pic", "replace_media", "replace_zipname"])
def test_a_placeholder_picture_is_replaced_in_every_document(tmp_path, how):
    placeholder, logo = png(tmp_path / "placeholder.png"), png(tmp_path / "logo.png", color="green")
    doc = Document()
    doc.add_paragraph("{{ ten }}")
    doc.add_picture(str(placeholder))
    doc.save(tmp_path / "t.docx")
    template = compile_template(tmp_path / "t.docx")
    media = [n for n in template.order if n.startswith("word/media/")]
    first = {"replace_pic": "placeholder.png", "replace_media": str(placeholder), "replace_zipname": media[0]}[how]
    getattr(template, how)(first, str(logo))
    for name in ("An", "Bình"):
        out = tmp_path / f"{name}.docx"
        out.write_bytes(template.render({"ten": name}))
        assert_valid(out)
        with zipfile.ZipFile(out) as z:
            assert z.read(media[0]) == logo.read_bytes()
        assert texts(out)[0] == name


def test_a_richtext_link_made_with_our_build_url_id_stays_a_link(tmp_path):
    from docxtpl import RichText

    template = compile_template(make_template(tmp_path / "t.docx", ["Xem {{r web }}"]))
    web = RichText("cổng thông tin", url_id=template.build_url_id("https://congdoan.vn"), underline=True)
    out = tmp_path / "out.docx"
    out.write_bytes(template.render({"web": web}))
    assert_valid(out)
    paragraph = Document(str(out)).paragraphs[0]
    assert paragraph.text == "Xem cổng thông tin"
    assert [link.url for link in paragraph.hyperlinks] == ["https://congdoan.vn"]


def test_an_error_in_a_run_tag_shows_the_tag_as_written(tmp_path):
    template = compile_template(make_template(tmp_path / "t.docx", ["Tổng: {{r 1 / so_don_vi }}"]))
    with pytest.raises(ThiduaError) as err:
        template.render({"so_don_vi": 0})
    assert "chia cho 0" in str(err.value) and "«Tổng: {{ 1 / so_don_vi }}»" in str(err.value)


def test_a_subclass_of_richtext_is_still_richtext(tmp_path):
    from docxtpl import RichText

    class Loud(RichText):
        def __init__(self, text):
            super().__init__(text.upper(), bold=True)

    out = render(tmp_path, ["{{r x }}!"], {"x": Loud("đạt")})
    assert texts(out) == ["ĐẠT!"]
    assert [r.bold for r in Document(str(out)).paragraphs[0].runs if r.text == "ĐẠT"] == [True]
