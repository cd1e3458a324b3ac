"""The summary workbook, formatted for people: four sheets and a native bar chart.

`Tổng hợp` (one row per unit, one column per figure, the cluster's total row), `Đối chiếu
chỉ tiêu` (targets beside results), `Kiểm tra` (rule findings), `Xếp hạng` (scores, grades,
places, proposals, and an Excel bar chart of the scores). Each sheet's header is its first
row, styled and frozen with the unit columns; numbers stay numbers, with Vietnamese number
formats: the `[$-42A]` locale tag (Vietnamese) makes LibreOffice show `10.141` and `75,8%`
whatever the computer's language, and Excel shows the separators of the computer's locale.
Percentages are stored as fractions (0,758 shown as 75,8%), as spreadsheets expect. Text
from the records never runs as a formula (`toolkit.safety`).
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Sequence

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .. import vn
from ..errors import ThiduaError
from ..safety import append_data_row
from ..files import atomic_path
from .model import CHUA_CO_SO_LIEU, DAT, KHONG_DAT, SHARES, Summary, UnitTotals, metric_name
from .rules import CANH_BAO, LOI, THONG_TIN

SHEETS = ("Tổng hợp", "Đối chiếu chỉ tiêu", "Kiểm tra", "Xếp hạng")
AWARD_SHEETS = ("Khen thưởng", "Khen thưởng theo đơn vị")  # only when decisions name recipients

FONT = "Times New Roman"
SIZE = 12
LINE_HEIGHT = 15.6  # points per line of 12 pt text
COUNT_FORMAT = "[$-42A]#,##0"
PERCENT_FORMAT = "[$-42A]0.0%"
POINTS_FORMAT = "[$-42A]0.0#"  # 92,5 and 8,25; a whole score is written as an integer (96)

HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
CONFLICT_FILL = PatternFill("solid", fgColor="F8CBAD")
FILLS = {
    DAT: PatternFill("solid", fgColor="E2EFDA"), KHONG_DAT: PatternFill("solid", fgColor="FCE4D6"),
    CHUA_CO_SO_LIEU: PatternFill("solid", fgColor="EDEDED"),
    LOI: PatternFill("solid", fgColor="FCE4D6"), CANH_BAO: PatternFill("solid", fgColor="FFF2CC"),
    THONG_TIN: PatternFill("solid", fgColor="DDEBF7"),
}
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
A4 = 9  # paperSize code of A4 (ECMA-376 Part 1, 18.3.1.63)


def write_workbook(summary: Summary, out: Path, *, force: bool = False) -> Path:
    """Write the workbook atomically; refuses to overwrite `out` unless `force`."""
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise ThiduaError("tệp tổng hợp phải có đuôi .xlsx.", file=str(out))
    if out.exists() and not force:
        raise ThiduaError("tệp đã có; không ghi đè. Dùng --force để ghi đè.", file=str(out))
    wb = Workbook()
    wb.remove(wb.active)
    totals_sheet(wb.create_sheet(SHEETS[0]), summary)
    targets_sheet(wb.create_sheet(SHEETS[1]), summary)
    checks_sheet(wb.create_sheet(SHEETS[2]), summary)
    ranking_sheet(wb.create_sheet(SHEETS[3]), summary)
    if summary.awards:
        awards_sheet(wb.create_sheet(AWARD_SHEETS[0]), summary)
        award_counts_sheet(wb.create_sheet(AWARD_SHEETS[1]), summary)
    wb.properties.title = "Tổng hợp kết quả thi đua"
    wb.properties.creator = "thidua"
    with atomic_path(out) as tmp:
        wb.save(tmp)
    return out


# --- sheets -------------------------------------------------------------------------------


class _Column:
    """A column of the totals sheet: its header, how to read a unit's value, its format, and
    the (metric, measure) whose conflicts it shows."""

    def __init__(self, header: str, value, number_format: str, figure: tuple[str, str] | None = None):
        self.header, self.value, self.number_format, self.figure = header, value, number_format, figure


def _totals_columns(summary: Summary) -> list[_Column]:
    rows = summary.totals + summary.cluster
    has = lambda table, m: any(m in getattr(t, table) for t in rows)  # noqa: E731
    columns = []
    for m in summary.metrics:
        if has("counts", m):
            columns.append(_Column(metric_name(m), lambda t, m=m: t.counts.get(m), COUNT_FORMAT, (m, "count")))
    for m in summary.metrics:
        if has("percents", m):
            columns.append(_Column(f"{metric_name(m)} (%)", lambda t, m=m: _fraction(t.percents.get(m)),
                                   PERCENT_FORMAT, (m, "percent")))
    for share in SHARES:
        if any(share.code in t.shares for t in rows):
            columns.append(_Column(share.name, lambda t, s=share.code: _fraction(t.shares.get(s)), PERCENT_FORMAT))
    for m in summary.metrics:
        if has("registrations", m):
            columns.append(_Column(f"Đăng ký {metric_name(m)}", lambda t, m=m: t.registrations.get(m), COUNT_FORMAT))
    if any(t.grade_reported for t in rows):
        columns.append(_Column("Tự xếp loại", lambda t: t.grade_reported, "General"))
    return columns


def totals_sheet(ws: Worksheet, summary: Summary) -> None:
    columns = _totals_columns(summary)
    _header(ws, ["STT", "Đơn vị", "Năm"] + [c.header for c in columns],
            [6, 40, 8] + [max(14, min(24, len(c.header) // 2 + 4)) for c in columns])
    conflicts = {(c.unit, c.year, c.metric, c.measure): c for c in summary.conflicts}
    # A year after the one summarized that only a plan mentions (`năm 2026 phấn đấu …`) has no
    # figures: it gets no empty row.
    shown = [t for t in summary.totals if not (_after(t.year, summary.year) and not any(c.value(t) for c in columns))]
    for number, t in enumerate(shown, start=1):
        _totals_row(ws, number, t, columns, conflicts)
    for t in summary.cluster:
        if t.counts or t.registrations:
            _totals_row(ws, None, t, columns, conflicts, total=True)
    ws.freeze_panes = "D2"
    _page(ws, "Tổng hợp kết quả thi đua")


def _totals_row(ws: Worksheet, number: int | None, t: UnitTotals, columns: Sequence[_Column],
                conflicts: dict, total: bool = False) -> None:
    values = [number, t.unit, t.year] + [c.value(t) for c in columns]
    append_data_row(ws, values)
    row = ws.max_row
    formats = ["0", "@", "0"] + [c.number_format for c in columns]
    _style_row(ws, row, formats, bold=total, fill=TOTAL_FILL if total else None)
    for index, column in enumerate(columns, start=4):
        if column.figure is not None and column.figure in t.conflicted:
            cell = ws.cell(row, index)
            cell.fill = CONFLICT_FILL
            c = conflicts.get((t.unit, t.year, *column.figure))
            if c is not None:
                fmt = (lambda v: vn.format_percent(v, 2)) if c.measure == "percent" else vn.format_number
                values = "\n".join(f"{file}: {fmt(v)}" for file, v in c.values)
                cell.comment = Comment(f"Số liệu không thống nhất:\n{values}", "thidua", width=320, height=120)


def targets_sheet(ws: Worksheet, summary: Summary) -> None:
    _header(ws, ["STT", "Đơn vị", "Năm", "Chỉ tiêu", "Cam kết của", "Đăng ký", "Thực hiện", "Cách tính",
                 "Đánh giá", "Tệp nguồn"],
            [6, 36, 8, 34, 24, 16, 14, 40, 16, 30])
    comparisons = [c for c in summary.comparisons if not _after(c.year, summary.year)]  # next year's plan: not yet
    for number, c in enumerate(comparisons, start=1):
        result: Any = c.result
        number_format = "General"
        if c.result is not None:
            if c.measure == "percent":
                result, number_format = _fraction(c.result), PERCENT_FORMAT
            else:
                number_format = POINTS_FORMAT if c.measure == "points" else COUNT_FORMAT
                if isinstance(c.result, float) and c.measure == "count":
                    number_format = "[$-42A]#,##0.##"
        elif c.result_text:
            result = c.result_text
        append_data_row(ws, [number, c.unit, c.year, c.label, c.pledged_by or "Đơn vị", c.target, result, c.basis,
                             c.verdict, _file_names(c.sources)])
        row = ws.max_row
        _style_row(ws, row, ["0", "@", "0", "@", "@", "@", number_format, "@", "@", "@"])
        _badge(ws.cell(row, 9), c.verdict, bold=c.verdict != CHUA_CO_SO_LIEU)
    if not comparisons:
        _note(ws, "Không có chỉ tiêu đăng ký nào trong các tệp đã đưa vào.", 10)
    _finish(ws, "Đối chiếu chỉ tiêu")


def _after(year: int | None, summarized: int | None) -> bool:
    return year is not None and summarized is not None and year > summarized


def _file_names(sources) -> str:
    """Source files by name, as the office knows them (not the folder they were read from)."""
    return ", ".join(dict.fromkeys(Path(s).name for s in sources if s))


def _points_format(value) -> str:
    """Scores as the report writes them: `96`, `92,5`."""
    return "[$-42A]0" if isinstance(value, (int, float)) and float(value).is_integer() else POINTS_FORMAT


def _badge(cell, label: str, *, bold: bool) -> None:
    """A verdict or severity cell: its colour, centred, bold when it calls for attention."""
    cell.fill = FILLS[label]
    cell.font = Font(name=FONT, size=SIZE, bold=bold)
    cell.alignment = Alignment(horizontal="center", vertical="center")


def _finish(ws: Worksheet, title: str) -> None:
    """Every list sheet: unit column and header frozen, a filter, printed with its title."""
    ws.freeze_panes = "C2"
    _filter(ws)
    _page(ws, title)


def checks_sheet(ws: Worksheet, summary: Summary) -> None:
    _header(ws, ["STT", "Đơn vị", "Năm", "Mức độ", "Quy tắc", "Số liệu", "Nội dung", "Tệp nguồn"],
            [6, 36, 8, 12, 30, 50, 50, 30])
    for number, f in enumerate(summary.findings, start=1):
        append_data_row(ws, [number, f.unit or "Toàn khối", f.year, f.severity, f.rule_name, f.figures, f.message,
                             _file_names(f.source.split(", ") if f.source else [])])
        row = ws.max_row
        _style_row(ws, row, ["0", "@", "0", "@", "@", "@", "@", "@"])
        _badge(ws.cell(row, 4), f.severity, bold=f.severity == LOI)
    if not summary.findings:
        _note(ws, "Không phát hiện vấn đề nào theo các quy tắc kiểm tra.", 8)
    _finish(ws, "Kiểm tra số liệu")


def awards_sheet(ws: Worksheet, summary: Summary) -> None:
    """Every recipient of an award the decisions and proposals name, by unit."""
    _header(ws, ["STT", "Đơn vị", "Tập thể, cá nhân", "Là", "Chức vụ", "Hình thức khen thưởng", "Hạng",
                 "Cấp khen", "Số quyết định", "Ngày quyết định", "Năm", "Tệp nguồn"],
            [6, 30, 30, 10, 30, 30, 10, 24, 18, 14, 8, 30])
    for number, a in enumerate(summary.awards, start=1):
        append_data_row(ws, [number, a.unit, a.subject, _SUBJECT_TYPES.get(a.subject_type or "", ""), a.position,
                             a.award, a.hang, a.issuer, a.decision_number, a.decision_date, a.year, a.file])
        _style_row(ws, ws.max_row, ["0", "@", "@", "@", "@", "@", "@", "@", "@", "@", "0", "@"])
    _finish(ws, "Danh sách khen thưởng")


def award_counts_sheet(ws: Worksheet, summary: Summary) -> None:
    """How many collectives and individuals of each unit each award goes to."""
    counts: dict[tuple[str, str, int | None], list[int]] = {}
    for a in summary.awards:
        row = counts.setdefault((a.unit, a.award, a.year), [0, 0])
        row[1 if a.subject_type == "individual" else 0] += 1
    _header(ws, ["STT", "Đơn vị", "Hình thức khen thưởng", "Năm", "Số tập thể", "Số cá nhân"],
            [6, 36, 36, 8, 12, 12])
    for number, ((unit, award, year), (collectives, people)) in enumerate(counts.items(), start=1):
        append_data_row(ws, [number, unit or "(không ghi đơn vị)", award, year, collectives, people])
        _style_row(ws, ws.max_row, ["0", "@", "@", "0", "0", "0"])
    _finish(ws, "Số lượng khen thưởng theo đơn vị")


_SUBJECT_TYPES = {"individual": "Cá nhân", "collective": "Tập thể", "unit": "Đơn vị"}


def ranking_sheet(ws: Worksheet, summary: Summary) -> None:
    _header(ws, ["Hạng", "Đơn vị", "Năm", "Điểm", "Điểm tối đa", "Loại điểm", "Xếp loại", "Đề nghị"],
            [7, 40, 8, 10, 10, 12, 30, 24])
    for r in summary.ranking:
        append_data_row(ws, [r.rank, r.unit, r.year, r.score, r.score_max, r.score_kind, r.grade, r.proposal_text])
        _style_row(ws, ws.max_row, ["0", "@", "0", _points_format(r.score), _points_format(r.score_max), "@", "@", "@"],
                   bold=r.rank == 1)
    _finish(ws, "Xếp hạng thi đua")
    chart = score_chart(ws, summary)
    if chart is not None:
        ws.add_chart(chart, "J2")


def score_chart(ws: Worksheet, summary: Summary) -> BarChart | None:
    """A bar chart of the scores of the summary's year, best first (rows 2… of the sheet)."""
    scored = [r for r in summary.ranking_of(summary.year) if r.score is not None]
    if not scored:
        return None
    first = 2 + summary.ranking.index(scored[0])
    last = first + len(scored) - 1
    chart = BarChart()
    chart.type = "bar"  # horizontal bars: unit names are long
    chart.style = 10
    year = f" năm {summary.year}" if summary.year else ""
    chart.title = f"Điểm thi đua{year}"
    chart.y_axis.title = "Điểm"
    chart.x_axis.title = None
    chart.add_data(Reference(ws, min_col=4, min_row=first, max_row=last), titles_from_data=False)
    chart.set_categories(Reference(ws, min_col=2, min_row=first, max_row=last))
    chart.series[0].tx = None
    chart.legend = None
    chart.x_axis.scaling.orientation = "maxMin"  # rank 1 on top
    chart.y_axis.crosses = "max"  # keep the value axis at the bottom of the reversed bars
    chart.y_axis.scaling.min = 0
    top = max([r.score_max or 0 for r in scored] + [r.score for r in scored])
    chart.y_axis.scaling.max = 100 if top <= 100 else top
    chart.y_axis.number_format = "0"
    chart.x_axis.delete = False  # openpyxl hides axes by default in recent Excel
    chart.y_axis.delete = False
    # Only the value on each bar: LibreOffice shows the category and series names too
    # unless told not to.
    chart.dataLabels = DataLabelList(showVal=True, showCatName=False, showSerName=False,
                                     showLegendKey=False, showPercent=False)
    chart.width = 18
    chart.height = max(7.5, 1.0 * len(scored) + 3)
    return chart


# --- cells ---------------------------------------------------------------------------------


def _header(ws: Worksheet, labels: Sequence[str], widths: Sequence[float]) -> None:
    ws.append(list(labels))
    for index, (cell, width) in enumerate(zip(ws[1], widths), start=1):
        cell.font = Font(name=FONT, size=SIZE, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.row_dimensions[1].height = 48
    ws.print_title_rows = "1:1"


def _style_row(ws: Worksheet, row: int, formats: Sequence[str], *, bold: bool = False,
               fill: PatternFill | None = None) -> None:
    for index, number_format in enumerate(formats, start=1):
        cell = ws.cell(row, index)
        cell.font = Font(name=FONT, size=SIZE, bold=bold)
        cell.border = BOX
        if fill is not None:
            cell.fill = fill
        is_number = isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
        if is_number and number_format != "@":
            cell.number_format = number_format
        cell.alignment = Alignment(horizontal="right" if is_number and index > 3 else
                                   "center" if index in (1, 3) else "left",
                                   vertical="center", wrap_text=not is_number)
    _fit_height(ws, row)


def _fit_height(ws: Worksheet, row: int) -> None:
    """Give a row with wrapped text the height of its longest cell: neither Excel nor
    LibreOffice grows a row on opening, so long findings would be cut or overlap."""
    lines = 1
    for cell in ws[row]:
        if isinstance(cell.value, str) and cell.value:
            width = ws.column_dimensions[cell.column_letter].width or 10
            per_line = max(1.0, width * 1.1)  # characters of 12 pt Times New Roman per width unit
            lines = max(lines, sum(math.ceil(max(1, len(part)) / per_line) for part in cell.value.split("\n")))
    if lines > 1:
        ws.row_dimensions[row].height = LINE_HEIGHT * lines + 3


def _note(ws: Worksheet, text: str, width: int) -> None:
    append_data_row(ws, [text])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    cell = ws.cell(ws.max_row, 1)
    cell.font = Font(name=FONT, size=SIZE, italic=True)


def _filter(ws: Worksheet) -> None:
    if ws.max_row > 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(ws.max_column)}{ws.max_row}"


def _page(ws: Worksheet, title: str) -> None:
    """Print on A4 landscape, one page wide, the title in the page header."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.center.text = title.upper()
    ws.oddHeader.center.font = f"{FONT},Bold"
    ws.oddFooter.center.text = "Trang &P/&N"


def _fraction(percent: float | None) -> float | None:
    return None if percent is None else percent / 100

