"""*Báo cáo tổng hợp kết quả thi đua* of a cluster, from a `Summary`.

The document is the built-in template `bao-cao-tong-hop` (built by `templates/build.py`
like the other built-ins, so it has the same NĐ 30 layout), rendered by our engine with the
context `report_context` builds: the header fields of `REPORT_INFO`, summary paragraphs
written from the figures, the ranking, target and issue tables, the proposals. The chart
of the scores is drawn with matplotlib and put in with python-docx where the template has
the paragraph `[[BIEU_DO]]`; the file is then written atomically.

Header fields (`info`, all optional; the CLI maps its options onto them):

| key | default |
|---|---|
| `khoi` | `Khối thi đua` — the cluster's name, used in the title and the text |
| `co_quan_chu_quan` | empty — the union above, e.g. `Liên đoàn Lao động tỉnh An Giang` |
| `co_quan_ban_hanh` | the cluster's name — the issuing body, printed in capitals |
| `so_ky_hieu` | empty: the draft number `Số:      /BC-KTĐ` |
| `dia_danh` | empty — the place before the date (`An Giang`) |
| `ngay_ky` | empty: the draft date `ngày    tháng    năm …`; a date or `dd/mm/yyyy` |
| `nam` | the latest year of the records |
| `khoi_truong_ho_ten` | empty: the cluster leader signs by hand |
| `noi_nhan` | the union above, the member unions, `Lưu: VT`; one recipient a line |
"""
from __future__ import annotations

import io
import warnings
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from docx.shared import Mm

from .. import vn
from ..errors import ThiduaError
from ..files import atomic_path
from ..generate.engine import compile_template
from ..generate.templates import builtin_dir
from ..office.lines import break_lines
from ..vn.vocabulary import INDIVIDUAL
from .model import CHUA_CO_SO_LIEU, DAT, KHONG_DAT, Comparison, RankRow, Summary, UnitTotals
from .rules import CANH_BAO, LOI, SEVERITIES, THONG_TIN

TEMPLATE = "bao-cao-tong-hop"
CHART_PLACEHOLDER = "[[BIEU_DO]]"
CHART_WIDTH_MM = 150  # within the 165 mm text width
LABEL_PT, LABEL_WIDTH_MM = 11, 55  # the chart's text as the page prints it; room for a unit's name

REPORT_INFO: dict[str, Any] = {
    "khoi": "Khối thi đua",
    "co_quan_chu_quan": "",
    "co_quan_ban_hanh": None,
    "so_ky_hieu": "",
    "dia_danh": "",
    "ngay_ky": None,
    "nam": None,
    "khoi_truong_ho_ten": "",
    "noi_nhan": "Ban Thường vụ Liên đoàn Lao động (để báo cáo)\nCác công đoàn cơ sở trong Khối\nLưu: VT",
}

# Fonts with Vietnamese glyphs for the chart, most like Times New Roman first (Liberation
# Serif has its metrics). The first that has every character of the chart's text is used.
CHART_FONTS = ("Liberation Serif", "Times New Roman", "DejaVu Serif", "DejaVu Sans")


def template_path() -> Path:
    return builtin_dir() / f"{TEMPLATE}.docx"


def write_report(summary: Summary, out: Path, *, info: dict | None = None, force: bool = False) -> Path:
    """Render the report, put the chart in, write it atomically; refuses to overwrite `out`
    unless `force`. `info`: the header fields of `REPORT_INFO` (unknown keys are an error)."""
    out = Path(out)
    if out.suffix.lower() != ".docx":
        raise ThiduaError("báo cáo phải có đuôi .docx.", file=str(out))
    if out.exists() and not force:
        raise ThiduaError("tệp đã có; không ghi đè. Dùng --force để ghi đè.", file=str(out))
    context = report_context(summary, info)
    data = compile_template(template_path()).render(context)
    doc = Document(io.BytesIO(data))
    if context["bieu_do"]:
        insert_chart(doc, chart_png(summary.ranking_of(report_year(summary, context["nam"]))))
    with atomic_path(out) as tmp:
        doc.save(str(tmp))
    return out


# --- context ---------------------------------------------------------------------------


def report_context(summary: Summary, info: dict | None = None) -> dict[str, Any]:
    """The template's context: `REPORT_INFO` fields overlaid by `info`, and the body."""
    unknown = set(info or {}) - set(REPORT_INFO)
    if unknown:
        raise ThiduaError(f"thông tin báo cáo không có trường {', '.join(sorted(unknown))}; "
                          f"các trường: {', '.join(REPORT_INFO)}.")
    ctx = {**REPORT_INFO, **{k: v for k, v in (info or {}).items() if v is not None}}
    ctx["khoi"] = str(ctx["khoi"] or REPORT_INFO["khoi"]).strip()
    ctx["co_quan_ban_hanh"] = ctx["co_quan_ban_hanh"] or ctx["khoi"]
    ctx["nam"] = ctx["nam"] or summary.year or date.today().year
    year = report_year(summary, ctx["nam"])
    ranking = summary.ranking_of(year)
    comparisons = summary.comparisons_of(year)
    findings = summary.findings_of(year)

    ctx["tom_tat"] = summary_paragraphs(summary, year, ranking, comparisons, findings, ctx["khoi"])
    ctx["bieu_do"] = any(r.score is not None for r in ranking)
    # Without any scoring sheet there is nothing to rank: the section is left out.
    ctx["xep_hang"] = [{"hang": str(r.rank) if r.rank else "", "don_vi": r.unit,
                        "diem": r.score_text, "xep_loai": r.grade, "de_nghi": r.proposal_text}
                       for r in ranking] if ctx["bieu_do"] else []
    ctx["doi_chieu"] = [{"don_vi": c.unit, "chi_tieu": c.label, "dang_ky": c.target,
                         "thuc_hien": c.result_text, "danh_gia": c.verdict} for c in comparisons]
    # What OCR read is left to the workbook: an official report does not quote misread text.
    ctx["van_de"] = [{"don_vi": f.unit or "Toàn khối",
                      "noi_dung": f.message if f.from_scan else f"{f.message} ({f.figures})",
                      "muc_do": f.severity.capitalize()} for f in findings]
    ctx["de_nghi"] = proposal_lines(ranking)
    return ctx


def report_year(summary: Summary, nam: Any) -> int | None:
    """The year the report covers: `nam` when the records have it, else their latest year."""
    try:
        wanted = int(vn.parse_number(nam)) if nam not in (None, "") else None
    except (TypeError, ValueError):
        wanted = None
    return wanted if wanted in summary.years else summary.year


def summary_paragraphs(summary: Summary, year: int | None, ranking: list[RankRow],
                       comparisons: list[Comparison], findings: list, khoi: str) -> list[str]:
    """Paragraphs of section I, written from the figures of `year`."""
    out = []
    units = summary.units_of(year)
    scored = [r for r in ranking if r.score is not None]
    text = f"Năm {year}, " if year else ""
    text += f"{khoi} nhận được số liệu của {vn.format_count(len(units))} đơn vị"
    if scored:
        text += f", trong đó {vn.format_count(len(scored))} đơn vị có bảng chấm điểm thi đua"
    out.append(text + ".")

    cluster = next((t for t in summary.cluster if t.year == year), None)
    if cluster is not None and cluster.counts:
        out.append(_cluster_sentence(cluster))

    if comparisons:
        tally = {v: sum(c.verdict == v for c in comparisons) for v in (DAT, KHONG_DAT, CHUA_CO_SO_LIEU)}
        text = (f"Về thực hiện chỉ tiêu thi đua: có {vn.format_count(len(comparisons))} chỉ tiêu đã đăng ký, "
                f"{vn.format_count(tally[DAT])} chỉ tiêu đạt, {vn.format_count(tally[KHONG_DAT])} chỉ tiêu "
                f"không đạt")
        if tally[CHUA_CO_SO_LIEU]:
            text += f", {vn.format_count(tally[CHUA_CO_SO_LIEU])} chỉ tiêu chưa có số liệu"
        out.append(text + ".")
        for label in dict.fromkeys(c.label for c in comparisons):
            group = [c for c in comparisons if c.label == label]
            met = [c for c in group if c.verdict == DAT]
            missed = [c.unit for c in group if c.verdict == KHONG_DAT]
            unknown = [c.unit for c in group if c.verdict == CHUA_CO_SO_LIEU]
            text = (f"- Chỉ tiêu {label}: {vn.format_count(len(met))}/{vn.format_count(len(group))} đơn vị đạt")
            if missed:
                text += f"; chưa đạt: {', '.join(missed)}"
            if unknown:  # every unit is accounted for
                text += f"; chưa có số liệu: {', '.join(unknown)}"
            out.append(text + ".")

    if scored:
        best = [r for r in scored if r.rank == 1]
        names = ", ".join(r.unit for r in best)
        if len(best) == 1:
            text = (f"Kết quả chấm điểm: đơn vị dẫn đầu Khối là {names} với {best[0].score_text} điểm "
                    f"({best[0].score_kind}), xếp loại {best[0].grade}.")
        else:
            text = (f"Kết quả chấm điểm: {vn.format_count(len(best))} đơn vị đồng dẫn đầu Khối là {names}, "
                    f"cùng {best[0].score_text} điểm, xếp loại {best[0].grade}.")
        grades = {}
        for r in scored:
            grades[r.grade] = grades.get(r.grade, 0) + 1
        text += " Xếp loại: " + "; ".join(f"{vn.format_count(n)} đơn vị {g[0].lower() + g[1:]}"
                                          for g, n in grades.items()) + "."
        out.append(text)

    awards = _awards_sentence(summary, year)
    if awards:
        out.append(awards)

    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITIES}
    if findings:
        words = {LOI: "lỗi", CANH_BAO: "cảnh báo", THONG_TIN: "nội dung cần xác minh"}
        found = [f"{vn.format_count(counts[s])} {words[s]}" for s in SEVERITIES if counts[s]]
        listed = ", ".join(found[:-1]) + " và " + found[-1] if len(found) > 1 else found[0]
        out.append(f"Kiểm tra số liệu theo quy định phát hiện {listed} (chi tiết tại phần những vấn đề "
                   "cần lưu ý).")
    else:
        out.append("Kiểm tra số liệu theo quy định không phát hiện sai sót.")
    return out


def _awards_sentence(summary: Summary, year: int | None) -> str | None:
    """`Về khen thưởng: các quyết định, danh sách đã nhận ghi 02 tập thể và 12 cá nhân được khen
    (Bằng khen của …: 10; …); danh sách chi tiết tại trang Khen thưởng của bảng tổng hợp.`"""
    rows = [a for a in summary.awards if a.year in (year, None)]
    if not rows:
        return None
    people = sum(a.subject_type == "individual" for a in rows)
    groups = len(rows) - people
    kinds: dict[str, int] = {}
    for a in rows:
        name = a.award + (f" {a.hang}" if a.hang and a.hang not in a.award else "")
        kinds[name] = kinds.get(name, 0) + 1
    whom = " và ".join(part for part in (f"{vn.format_count(groups)} tập thể" if groups else "",
                                         f"{vn.format_count(people)} cá nhân" if people else "") if part)
    listed = "; ".join(f"{name}: {vn.format_count(n)}" for name, n in kinds.items())
    return (f"Về khen thưởng: các quyết định, danh sách đã nhận ghi {whom} được khen ({listed}); "
            "danh sách chi tiết tại trang Khen thưởng của bảng tổng hợp.")


def _cluster_sentence(cluster: UnitTotals) -> str:
    """`Toàn Khối có 1.210 người lao động; 202 đoàn viên công đoàn (96,2% số người lao động); …`"""
    counts = cluster.counts
    n = vn.format_count  # counts below ten are written 01, 02 (docs/formats.md, *Numbers and words*)

    def share(code: str, of: str) -> str:
        if code not in cluster.shares:
            return ""
        scope = " của các đơn vị có đủ số liệu" if cluster.share_is_partial(code) else ""
        return f" ({cluster.share_text(code)} số {of}{scope})"

    parts = []
    if "so_nguoi_lao_dong" in counts:
        parts.append(f"{n(counts['so_nguoi_lao_dong'])} người lao động")
    if "so_doan_vien" in counts:
        parts.append(f"{n(counts['so_doan_vien'])} đoàn viên công đoàn{share('ty_le_doan_vien', 'người lao động')}")
    if "lao_dong_tien_tien" in counts:
        parts.append(f"{n(counts['lao_dong_tien_tien'])} cá nhân đạt danh hiệu Lao động tiên tiến"
                     f"{share('ty_le_lao_dong_tien_tien', 'người lao động')}")
    if "chien_si_thi_dua_co_so" in counts:
        parts.append(f"{n(counts['chien_si_thi_dua_co_so'])} cá nhân đạt danh hiệu Chiến sĩ thi đua cơ sở"
                     f"{share('ty_le_cstdcs', 'LĐTT')}")
    known = {"so_nguoi_lao_dong", "so_doan_vien", "lao_dong_tien_tien", "chien_si_thi_dua_co_so"}
    for code, value in counts.items():
        if code not in known and code in vn.METRICS:
            parts.append(_counted(vn.METRICS[code], n(value)))
    return "Toàn Khối có " + "; ".join(parts) + "."


# Metric names that start with what is done, not with what is counted (`Kết nạp đoàn viên`).
_DOING = ("ket nap", "gioi thieu", "phat dong", "to chuc", "tham gia", "xay dung", "ho tro", "tham hoi")


def _counted(metric, count: str) -> str:
    """A count with the noun it counts: `31 cá nhân đạt danh hiệu Giỏi việc nước, đảm việc nhà`,
    `06 sáng kiến`, `giới thiệu đoàn viên ưu tú cho Đảng: 05`."""
    name = metric.name
    if metric.subject_type == INDIVIDUAL:
        return f"{count} cá nhân đạt danh hiệu {name}"
    lowered = name[0].lower() + name[1:]
    if vn.fold(name).startswith(_DOING):
        return f"{lowered}: {count}"
    return f"{count} {lowered}"


def proposal_lines(ranking: list[RankRow]) -> list[str]:
    """`Cờ thi đua: A (96 điểm);` — one line per kind of proposal, in rank order, the last
    ending with a full stop (they follow `… đề nghị … khen thưởng:`)."""
    by_kind: dict[str, list[RankRow]] = {}
    for r in ranking:
        if r.proposal:
            by_kind.setdefault(r.proposal.removeprefix("Đề nghị "), []).append(r)
    lines = [f"{kind}: " + ", ".join(f"{r.unit} ({r.score_text} điểm)" for r in rows)
             for kind, rows in by_kind.items()]
    barred = [r for r in ranking if r.barred]
    if barred:  # said where the proposals are, so no reader wonders why a place has none
        lines.append("Chưa đề nghị, cho đến khi điều chỉnh xong: "
                     + ", ".join(f"{r.unit} (còn lỗi: {r.barred})" for r in barred))
    return [line + ("." if i == len(lines) - 1 else ";") for i, line in enumerate(lines)]


# --- chart ---------------------------------------------------------------------------------


def chart_png(ranking: list[RankRow]) -> bytes:
    """A horizontal bar chart of the scores, best on top, as PNG bytes (matplotlib, Agg).

    The font is chosen explicitly among `CHART_FONTS` for having every character of the
    chart's text, and matplotlib's "glyph missing" warnings are turned into errors, so a
    Vietnamese letter never comes out as a box.
    """
    # matplotlib is imported here, not with the module: it costs ~0.27 s (measured) that a
    # summary without scores, and every other command, need not pay.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    scored = [r for r in ranking if r.score is not None]
    # Printed at CHART_WIDTH_MM, so the figure's points are the page's: labels at LABEL_PT,
    # names shortened the official way (`CĐCS`) and broken between word groups.
    labels = [break_lines(vn.abbreviate(r.unit), LABEL_WIDTH_MM, LABEL_PT) for r in scored]
    values = [r.score for r in scored]
    value_texts = [vn.format_number(v) for v in values]
    axis_label = "Điểm"
    font = chart_font(labels + value_texts + [axis_label, "0123456789,."])
    top = max([100] + [r.score_max or 0 for r in scored] + values)

    lines = sum(label.count("\n") + 1 for label in labels)
    height = max(2.4, 0.3 * lines + 0.25 * len(scored) + 1.0)
    fig = Figure(figsize=(CHART_WIDTH_MM / 25.4, height), dpi=200)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    positions = list(range(len(scored)))
    bars = ax.barh(positions, values, color="#2F5597", height=0.6)
    ax.set_yticks(positions, labels, fontproperties=font, fontsize=LABEL_PT)
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.08)
    ax.set_xlabel(axis_label, fontproperties=font, fontsize=LABEL_PT)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: vn.format_number(x)))
    for tick in ax.get_xticklabels():
        tick.set_fontproperties(font)
        tick.set_fontsize(LABEL_PT)
    for bar, text in zip(bars, value_texts):
        ax.text(bar.get_width() + top * 0.01, bar.get_y() + bar.get_height() / 2, text, va="center",
                fontproperties=font, fontsize=LABEL_PT)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#D9D9D9", linewidth=0.6)
    ax.set_axisbelow(True)
    fig.tight_layout()
    buffer = io.BytesIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(buffer, format="png")
    missing = [str(w.message) for w in caught if "glyph" in str(w.message).lower()]
    if missing:
        raise RuntimeError(f"chart font {font.get_name()} lacks glyphs: {missing[:3]}")
    return buffer.getvalue()


def chart_font(texts: list[str]):
    """The first of `CHART_FONTS` installed with a glyph for every character of `texts`."""
    from matplotlib.font_manager import FontProperties, findfont  # lazily, as in `chart_png`
    from matplotlib.ft2font import FT2Font

    needed = {ord(c) for text in texts for c in text if not c.isspace()}
    for family in CHART_FONTS:
        try:
            path = findfont(FontProperties(family=family), fallback_to_default=False)
        except ValueError:
            continue
        if needed <= set(FT2Font(path).get_charmap()):
            return FontProperties(fname=path)
    raise ThiduaError(f"không tìm thấy phông chữ có đủ dấu tiếng Việt để vẽ biểu đồ; hãy cài một trong "
                      f"{', '.join(CHART_FONTS)}.")


def insert_chart(doc, png: bytes) -> None:
    """Put the picture in the template's `[[BIEU_DO]]` paragraph (its text removed)."""

    for paragraph in doc.paragraphs:
        if paragraph.text.strip() == CHART_PLACEHOLDER:
            for run in list(paragraph.runs):
                run._r.getparent().remove(run._r)
            paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(CHART_WIDTH_MM))
            return
    raise ThiduaError(f"mẫu báo cáo thiếu đoạn {CHART_PLACEHOLDER} để chèn biểu đồ.", file=str(template_path()))
