"""The template engine: docxtpl syntax, our filters, values as data, a sandbox."""
from datetime import date

import pytest
from docx import Document

from toolkit.errors import ThiduaError
from toolkit.generate.engine import compile_template

from conftest import make_template, texts


def render(tmp_path, paragraphs, context):
    template = compile_template(make_template(tmp_path / "t.docx", paragraphs))
    out = tmp_path / "out.docx"
    out.write_bytes(template.render(context))
    return out


def test_variables_loops_and_conditions(tmp_path):
    out = render(tmp_path, [
        "Kính gửi: {{ don_vi }}",
        "{%p for r in ca_nhan %}",
        "{{ loop.index }}. {{ r.ho_va_ten }} – {{ r.danh_hieu }}",
        "{%p endfor %}",
        "{%p if ghi_chu %}",
        "Ghi chú: {{ ghi_chu }}",
        "{%p endif %}",
    ], {"don_vi": "Phòng Kế toán", "ghi_chu": None,
        "ca_nhan": [{"ho_va_ten": "Nguyễn Văn An", "danh_hieu": "Lao động tiên tiến"},
                    {"ho_va_ten": "Trần Thị Bình", "danh_hieu": "Chiến sĩ thi đua cơ sở"}]})
    assert texts(out) == ["Kính gửi: Phòng Kế toán",
                          "1. Nguyễn Văn An – Lao động tiên tiến",
                          "2. Trần Thị Bình – Chiến sĩ thi đua cơ sở"]


def test_spreadsheet_values_are_data_not_code(tmp_path):
    out = render(tmp_path, ["{{ a }}|{{ b }}|{{ c }}"],
                 {"a": "{{ 7*7 }}", "b": "<w:t>&amp; \"x\"</w:t>", "c": "{% for x in y %}"})
    assert texts(out) == ['{{ 7*7 }}|<w:t>&amp; "x"</w:t>|{% for x in y %}']


def test_newlines_become_line_breaks_and_control_characters_are_dropped(tmp_path):
    out = render(tmp_path, ["{{ a }}"], {"a": "dòng 1\ndòng 2\x1b\x00"})
    doc = Document(str(out))
    assert doc.paragraphs[0].text == "dòng 1\ndòng 2"
    assert len(doc.paragraphs[0]._p.xpath(".//w:br")) == 1


def test_numbers_and_dates_print_the_vietnamese_way(tmp_path):
    out = render(tmp_path, [
        "{{ x }} | {{ n|so }} | {{ p|phan_tram }} | {{ d }} | {{ d|ngay_thang }} | {{ none|ngay_thang(2025) }}",
        "{{ 105|bang_chu }} | {{ 1500000|tien_bang_chu }} | {{ 'công đoàn cơ sở'|hoa }} | {{ 4|la_ma }}",
    ], {"x": 8.5, "n": 10141, "p": 95.5, "d": date(2025, 2, 5), "none": None})
    assert texts(out) == [
        "8,5 | 10.141 | 95,5% | 05/02/2025 | ngày 05 tháng 02 năm 2025 | ngày    tháng    năm 2025",
        "Một trăm lẻ năm | Một triệu năm trăm nghìn đồng chẵn | CÔNG ĐOÀN CƠ SỞ | IV",
    ]


def test_grouping_keeps_sheet_order(tmp_path):
    rows = [{"nhom": "Về chuyên môn", "noi_dung": "a"}, {"nhom": "Về công đoàn", "noi_dung": "b"},
            {"nhom": "Về chuyên môn", "noi_dung": "c"}]
    out = render(tmp_path, [
        "{%p for nhom, items in chi_tieu|theo_nhom('nhom') %}",
        "{{ nhom }}: {% for r in items %}{{ r.noi_dung }}{% endfor %}",
        "{%p endfor %}",
    ], {"chi_tieu": rows})
    assert texts(out) == ["Về chuyên môn: ac", "Về công đoàn: b"]


def test_template_cannot_reach_python_internals(tmp_path):
    template = compile_template(make_template(
        tmp_path / "evil.docx", ["{{ ''.__class__.__mro__[1].__subclasses__() }}"]))
    with pytest.raises(ThiduaError) as err:
        template.render({})
    assert "evil.docx" in str(err.value)


def test_syntax_error_names_the_paragraph(tmp_path):
    path = make_template(tmp_path / "sai.docx", ["Mở đầu", "Chỉ tiêu {% for r in chi_tieu %} thiếu endfor", "Kết"])
    with pytest.raises(ThiduaError) as err:
        compile_template(path)
    message = str(err.value)
    assert "sai.docx" in message and "lỗi cú pháp" in message


def test_render_error_names_the_paragraph(tmp_path):
    template = compile_template(make_template(tmp_path / "t.docx", ["Đầu", "Số: {{ x|so }}"]))
    with pytest.raises(ThiduaError) as err:
        template.render({"x": "mười"})
    assert "Số:" in str(err.value) and "mười" in str(err.value)


def test_compiled_once_renders_many_independent_documents(tmp_path):
    template = compile_template(make_template(tmp_path / "t.docx", ["{{ ten }}"]))
    for name in ("An", "Bình", "Chi"):
        (tmp_path / f"{name}.docx").write_bytes(template.render({"ten": name}))
    assert [texts(tmp_path / f"{n}.docx") for n in ("An", "Bình", "Chi")] == [["An"], ["Bình"], ["Chi"]]


def test_docxtpl_templates_render_the_same(tmp_path):
    """A docxtpl template gives the same text as docxtpl itself (tests/test_docxtpl_compat.py for more)."""
    from docxtpl import DocxTemplate

    path = make_template(tmp_path / "t.docx", ["{{ a }} và {{ b|upper }}", "{%p if c %}", "có c", "{%p endif %}"])
    context = {"a": "Công đoàn", "b": "khối", "c": True}
    ref = DocxTemplate(str(path))
    ref.render(context, autoescape=True)
    ref.save(tmp_path / "ref.docx")
    ours = tmp_path / "ours.docx"
    ours.write_bytes(compile_template(path).render(context))
    assert texts(ours) == texts(tmp_path / "ref.docx")
