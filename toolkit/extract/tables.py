"""Other people's tables → records, recognised by their header words, not by position.

Four layouts cover the lists and reports units send back:

* a **registration list** (*danh sách đăng ký*): one row per person or collective, with
  `Họ và tên` / `Tên tập thể`, `Chức vụ`, a title column (`Danh hiệu thi đua đăng ký`, the
  titles written out) or one column per title marked `x` (`LĐTT | CSTĐCS` under a merged
  `Danh hiệu thi đua`), and a reward column (`Hình thức khen thưởng`);
* a **unit table**: one row per unit (`Tên CĐCS`, `Đơn vị`) with figure columns (`Số đoàn
  viên`, `Số LĐTT`, `Tổng số CBCCVCLĐ`) and a grade column (`Xếp loại`);
* a **results table** of a report: `Nội dung chỉ tiêu | ĐVT | Đăng ký | Thực hiện`, each row
  a target and a result of the sending unit; a **count table** (`Hình thức | Số lượng`) is
  the same with results only;
* a **scoring sheet** (*bảng chấm điểm*): `Nội dung tiêu chí | Điểm chuẩn | Điểm tự chấm |
  Điểm khối chấm` (docs/formats.md, *Scoring sheets*).

The header may start anywhere in the table (title rows above it) and may have two levels;
readers repeat a merged top header in each column it covers, so the levels are joined per
column (`Danh hiệu thi đua LĐTT`). Section rows (`I. CÁ NHÂN`, `B. Tập thể`) switch between
individuals and collectives; totals rows (`Tổng cộng`) are skipped (in a registration plan
they say how many of each title the unit registers: its targets); the first footer row
(the place-date line, `Người lập biểu`, `TM. BAN CHẤP HÀNH`) ends the table.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..readers.blocks import Cell, ReadFile, Table
from ..records import Record, Source
from ..vn import KHAC, METRICS, Target, find_metric, fold, parse_number, parse_target
from ..vn.awards import find_award
from .awards import names_an_organisation, split_recipient, starts_with_honorific
from .context import FileContext
from .layouts import COUNT_OF, Column, Layout, distinct_texts, merged_down, table_layout
from .phrases import WEAK, metric_for_phrase, names_head_count
from .scores import grade_rows

CONFIDENCE, CONFIDENCE_OCR = 0.9, 0.8
SELF_SCORE, CLUSTER_SCORE = "diem_tu_cham", "diem_khoi_cham"
# `Đoàn viên nữ`, `Số nữ`: a part of the head count, not the head count.
_QUALIFIED = re.compile(r"\b(?:nu|nam gioi|nguoi dan toc|tre)\b")
_MARK = {"x", "v", "√", "✓", "✔", "co", "dang ky", "dat", "+", "1", "x x"}
# `I. CÁ NHÂN`, `B. Tập thể`, `Phần II - Tập thể`: the numbering, then what follows.
_SECTION = re.compile(r"^(?:phan\s+)?(?:[ivx]+|[a-e]|[0-9]{1,2})\s*[.):/-]?\s+(?P<rest>.+)$")
_TOTAL = re.compile(r"^(?:tong cong|cong|tong so|tong|cong chung)(?:\s*[:(]|\s*$|\s+[0-9])")
_FOOTER = re.compile(
    r"ngay\s*[0-9 .]*thang\s*[0-9 .]*nam\s*[0-9]{4}|^nguoi lap( bieu| bang)?\b|^(?:tm|kt|tl|tuq|q)\s*\.|"
    r"^xac nhan\b|^noi nhan\b|^thu truong don vi\b|^lanh dao don vi\b|^ky ten\b|"
    r"^\(ky,? ghi ro ho ten|^\(ky ten"
)
_ROMAN = re.compile(r"^[ivx]+$")
_SPLIT_TITLES = re.compile(r"\s*(?:[,;+/\n]|\bva\b|-\s)\s*")


def extract_tables(read: ReadFile, ctx: FileContext) -> list[Record]:
    """Records from every recognised table of a file."""
    records: list[Record] = []
    for block in read.blocks:
        if isinstance(block, Table):
            layout = table_layout(block)
            if layout is not None:
                records.extend(extract_table(block, layout, ctx, read.path.name))
                if layout.kind == "scoring":
                    records.extend(grade_rows(block, ctx, read.path.name))
    return records


def extract_table(table: Table, layout: Layout, ctx: FileContext, source_file: str) -> list[Record]:
    """Records from one table whose layout is known."""
    reader = _TableReader(merged_down(table, layout.body_start), layout, ctx, source_file)
    return reader.run()


class _TableReader:
    """Walks the body rows of one table, keeping the current section and subject."""

    def __init__(self, table: Table, layout: Layout, ctx: FileContext, source_file: str):
        self.table, self.layout, self.ctx, self.file = table, layout, ctx, source_file
        self.year = layout.year or ctx.year
        self.confidence = CONFIDENCE_OCR if table.ocr else CONFIDENCE
        roles = layout.roles
        if "name" in roles:
            self.subject_type = "individual"
        elif layout.kind in ("registration",):
            self.subject_type = "collective"
        else:
            self.subject_type = "unit"
        self.subject_col = roles.get("name", roles.get("unit", roles.get("dept")))
        self.records: list[Record] = []
        self.last_subject: str | None = None
        # A list of both (`Tên tập thể/cá nhân`, or a `Phân loại khen thưởng` column): each row
        # says what it is, by a marker (CANHAN, Khen thưởng tập thể), an honorific or the name.
        self.class_cols = [c.index for c in layout.columns if c.role == "class"]
        header = fold(layout.columns[self.subject_col].header) if self.subject_col is not None else ""
        self.mixed = bool(self.class_cols) or ("tap the" in header and ("ca nhan" in header or header.startswith("ho")))

    # --- the walk ----------------------------------------------------------------------

    def run(self) -> list[Record]:
        table = self.table
        for i in range(self.layout.body_start, len(table.rows)):
            if table.first_row is not None and table.first_row + i in table.hidden_rows:
                continue
            row = table.rows[i]
            texts = [c.text for c in row]
            distinct = distinct_texts(texts)
            if not distinct:
                continue
            folded = [fold(t) for t in distinct]
            if any(_FOOTER.search(f) for f in folded) and self._outside_data(row, distinct):
                break
            if self.layout.kind != "scoring" and any(_TOTAL.search(f) for f in folded[:2]):
                if self.layout.kind == "registration" and self.ctx.is_plan:
                    self._registered_totals(i, row)
                continue
            if self._section(row, distinct):
                continue
            handler = getattr(self, f"_{self.layout.kind}")
            handler(i, row)
        return self.records

    def _outside_data(self, row: list[Cell], distinct: list[str]) -> bool:
        """A row without a number in its STT column (or, with no STT column, with little
        text): a date in a data row's note column does not end the table."""
        stt = self.layout.roles.get("stt")
        if stt is not None:
            return not re.fullmatch(r"[0-9]+[.]?", _text(row, stt))
        return len(distinct) <= 2

    def _section(self, row: list[Cell], distinct: list[str]) -> bool:
        """A section or group row: switches individual/collective; True if it is one."""
        if self.layout.kind in ("scoring", "results", "counts"):
            return False
        data_cols = [c.index for c in self.layout.columns
                     if c.role in ("title", "reward", "position", "grade") or c.metric]
        if any(_text(row, i) for i in data_cols) and len(distinct) > 1:
            return False
        joined = " ".join(distinct)
        m = _SECTION.match(fold(joined))
        rest = m["rest"] if m else fold(joined)
        if len(distinct) > 2 or len(rest) > 80:
            return False
        if re.search(r"\bca nhan\b", rest):
            self.subject_type = "individual"
        elif re.search(r"\b(?:tap the|don vi|cdcs|cong doan co so)\b", rest):
            self.subject_type = "collective" if self.layout.kind == "registration" else "unit"
        elif len(distinct) > 1 and not _ROMAN.match(fold(distinct[0]).strip(". ")):
            return False  # `1 | Nguyễn Văn A` with nothing registered: a data row
        self.last_subject = None
        return True

    # --- layouts -----------------------------------------------------------------------

    def _filled(self, row: list[Cell]):
        """(column, cell) for every column of the layout whose cell in `row` has text."""
        for col in self.layout.columns:
            cell = _cell(row, col.index)
            if cell is not None and cell.text:
                yield col, cell

    def _registration(self, i: int, row: list[Cell]) -> None:
        subject = self._subject(row)
        if subject is None:
            return
        position = _text(row, self.layout.roles.get("position"))
        kept = self.subject_type
        subject, self.subject_type, position = self._row_subject(row, subject, position)
        try:
            for col, cell in self._filled(row):
                if col.role in ("title", "reward") and not col.metric:
                    for label in split_titles(cell.text, self.subject_type):
                        self._add_registration(i, row, cell, subject, position, label)
                elif col.metric and _is_mark(cell.text):
                    self._add_registration(i, row, cell, subject, position, col.header, col.metric)
                elif col.metric and self.subject_type != "individual":
                    self._add_quantity(i, row, cell, col, subject)
                elif col.role == "grade":
                    self._add_grade(i, row, cell, subject)
        finally:
            self.subject_type = kept

    def _registered_totals(self, i: int, row: list[Cell]) -> None:
        """`Tổng cộng | 12 | 02` under the `LĐTT | CSTĐCS` columns of a registration list: how
        many of each title the unit registers, as the list states it — the unit's target,
        as the sentence `đăng ký 12 LĐTT` would be. The rows are still each person's."""
        for col, cell in self._filled(row):
            target = _quantity(cell) if col.metric else None
            if target is None or target.measure != "count" or target.op != "=":
                continue
            self._add("target", col.metric.code, i, row, cell, subject=self.ctx.unit, subject_type="unit",
                      value=target.value, op="=", measure="count", label=col.header)

    def _row_subject(self, row: list[Cell], subject: str, position: str) -> tuple[str, str, str]:
        """The row's own subject type, and its name without `Ông/Bà` or rank (docs/design.md)."""
        marked = next((t for j in self.class_cols if (t := _marker_type(_text(row, j)))), None)
        if self.subject_type == "individual" and not marked and names_an_organisation(subject):
            marked = "collective"
        if not (self.mixed or marked or starts_with_honorific(subject)):
            return subject, self.subject_type, position
        who = split_recipient(subject, marked or (None if self.mixed else self.subject_type))
        if who is None:
            return subject, self.subject_type, position
        if who.position and not position:
            position = who.position
        kind = marked or who.subject_type
        if kind == "collective" and self.subject_type == "unit":
            kind = "unit"
        return (who.subject if who.subject_type == "individual" else subject), kind, position

    def _units(self, i: int, row: list[Cell]) -> None:
        subject = self._subject(row)
        if subject is None:
            return
        position = _text(row, self.layout.roles.get("position"))
        for col, cell in self._filled(row):
            if col.role == "grade":
                self._add_grade(i, row, cell, subject)
            elif col.metric and _is_mark(cell.text):
                self._add_registration(i, row, cell, subject, position, col.header, col.metric)
            elif col.metric:
                self._add_quantity(i, row, cell, col, subject)
            elif col.role in ("title", "reward"):
                for label in split_titles(cell.text, self.subject_type):
                    self._add_registration(i, row, cell, subject, position, label)
            elif col.role is None and col.header and len(col.header) <= 60:
                self._add_quantity(i, row, cell, col, subject)  # an unnamed figure: `khac`

    def _results(self, i: int, row: list[Cell]) -> None:
        roles = self.layout.roles
        content = _text(row, roles.get("content"))
        if not content:
            return
        metric = self._row_metric(row, content)
        unit_text = fold(_text(row, roles.get("dvt")) or "")
        for role, kind in (("registered", "target"), ("done", "achievement")):
            col = roles.get(role)
            cell = _cell(row, col) if col is not None else None
            target = _quantity(cell) if cell is not None else None
            if target is None:
                continue
            measure = target.measure
            if unit_text in ("%", "ty le", "ty le %", "phan tram"):
                measure = "percent"
            elif unit_text.startswith("diem"):
                measure = "points"
            self._add(kind, metric, i, row, cell, subject=self.ctx.unit, subject_type="unit",
                      value=target.value, value_max=target.value_max, op=target.op,
                      measure=measure, label=content)

    def _counts(self, i: int, row: list[Cell]) -> None:
        roles = self.layout.roles
        col = roles.get("content", roles.get("reward", roles.get("title")))
        content = _text(row, col)
        qcol = roles["quantity"]
        cell = _cell(row, qcol)
        target = _quantity(cell) if content and cell is not None else None
        if target is None:
            return
        metric = self._row_metric(row, content)
        award = find_award(content)
        if metric == KHAC and award is not None and award.metric in METRICS:
            metric = award.metric
        kind = "target" if self.ctx.is_plan or self.layout.columns[qcol].target else "achievement"
        self._add(kind, metric, i, row, cell, subject=self.ctx.unit, subject_type="unit",
                  value=target.value, value_max=target.value_max, op=target.op,
                  measure=target.measure, label=content, award=award.form if award else None,
                  award_hang=award.hang if award else None, issuer=award.issuer if award else None)

    def _award_counts(self, i: int, row: list[Cell]) -> None:
        """One award form per row, a count per column of collectives or individuals."""
        roles = self.layout.roles
        content = _text(row, roles.get("reward", roles.get("title")))
        award = find_award(content) if content else None
        if award is None:
            return  # `Huân chương các loại`, a group row
        for col in self.layout.columns:
            f = fold(col.header)
            if not COUNT_OF.search(f):
                continue
            cell = _cell(row, col.index)
            target = _quantity(cell) if cell is not None and cell.text else None
            if target is None or target.measure == "percent":
                continue
            subject_type = "individual" if re.search(r"\bca nhan\b", f.rsplit("tap the", 1)[-1]) \
                and not f.endswith("tap the") else "collective"
            metric = award.metric if award.metric in METRICS else KHAC
            if metric != KHAC and METRICS[metric].subject_type in ("individual", "collective"):
                subject_type = METRICS[metric].subject_type  # a title is held by one kind only
            label = " ".join(f"{content}: {col.header}".split())
            self._add("achievement", metric, i, row, cell, subject=self.ctx.unit, subject_type=subject_type,
                      value=target.value, op=target.op, measure="count", label=label,
                      award=award.form, award_hang=award.hang, issuer=award.issuer)

    def _scoring(self, i: int, row: list[Cell]) -> None:
        roles = self.layout.roles
        content = _text(row, roles.get("content"))
        stt = _text(row, roles.get("stt"))
        distinct = distinct_texts([c.text for c in row])
        if not content and distinct and _TOTAL.search(fold(distinct[0])):
            content = distinct[0]
        if content and _TOTAL.search(fold(content)) and fold(content).startswith("tong"):
            label = content.upper() if fold(content) == "tong cong" else content
        else:
            label = " ".join(x for x in (stt, content) if x)
        if not label:
            return
        max_cell = _cell(row, roles["max"]) if "max" in roles else None
        maximum = _quantity(max_cell) if max_cell is not None else None
        for role, metric in (("self", SELF_SCORE), ("cluster", CLUSTER_SCORE)):
            col = roles.get(role)
            cell = _cell(row, col) if col is not None else None
            score = _quantity(cell) if cell is not None else None
            if score is None:
                continue
            self._add("score", metric, i, row, cell, subject=self.ctx.unit, subject_type="unit",
                      value=score.value, value_max=maximum.value if maximum else None, op="=",
                      measure="points", label=label)

    # --- pieces ------------------------------------------------------------------------

    def _subject(self, row: list[Cell]) -> str | None:
        text = _text(row, self.subject_col)
        if text:
            self.last_subject = text
            return text
        # A vertically merged name leaves "" in the rows under it.
        if _text(row, self.layout.roles.get("stt")):
            return None
        return self.last_subject

    def _row_metric(self, row: list[Cell], content: str) -> str:
        code = _text(row, self.layout.roles.get("code"))
        if code and code in METRICS:
            return code
        metric = metric_for_phrase(content)
        if metric is not None and metric.code in WEAK and not names_head_count(content):
            return KHAC  # `CBCCVCLĐ chấp hành tốt …, không vi phạm kỷ luật` is no head count
        return metric.code if metric else KHAC

    def _add_registration(self, i, row, cell, subject, position, label, metric=None) -> None:
        # A unit registering a title registers as a collective.
        subject_type = "collective" if self.subject_type == "unit" else self.subject_type
        if metric is None:
            metric = find_metric(label, subject_type)
            if metric is None:
                other = find_metric(label)
                # A collective title on a row of a list without sections: the row is a collective.
                if other is not None and subject_type == "individual" and other.subject_type == "collective":
                    metric, subject_type = other, "collective"
        elif metric.subject_type in ("individual", "collective") and subject_type in ("individual", "collective") \
                and metric.subject_type != subject_type:
            metric = None
        award = find_award(label)
        if metric is None and award is not None and award.metric in METRICS \
                and METRICS[award.metric].subject_type == "unit":
            metric = METRICS[award.metric]  # a bare form (`Bằng khen`) is still an award
        self._add("registration", metric.code if metric else KHAC, i, row, cell, subject=subject,
                  subject_type=subject_type, position=position or None, value=1, op="=",
                  measure="flag", label=label, award=award.form if award else None,
                  award_hang=award.hang if award else None, issuer=award.issuer if award else None)

    def _add_grade(self, i, row, cell, subject) -> None:
        metric = grade_metric(cell.text)
        if metric is None:
            return
        kind = "target" if self.ctx.is_plan else "achievement"
        self._add(kind, metric, i, row, cell, subject=subject, subject_type=self.subject_type,
                  value=1, op="=", measure="flag", label=cell.text)

    def _add_quantity(self, i, row, cell, col: Column, subject) -> None:
        target = _quantity(cell)
        if target is None:
            return
        measure = "percent" if col.percent or target.measure == "percent" else target.measure
        value = target.value
        if measure == "percent" and "%" not in cell.text and isinstance(cell.value, float) and 0 < value <= 1:
            value = round(value * 100, 6)  # an Excel percentage cell holds 0.955 for 95,5%
        kind = "target" if col.target or self.ctx.is_plan else "achievement"
        code = col.metric.code if col.metric else KHAC
        if code in WEAK and _QUALIFIED.search(fold(col.header)):
            code = KHAC
        self._add(kind, code, i, row, cell, subject=subject,
                  subject_type=self.subject_type, value=value,
                  value_max=target.value_max, op=target.op, measure=measure, label=col.header)

    def _add(self, kind, metric, i, row, cell, **fields) -> None:
        table = self.table
        source_row = table.first_row + i if table.first_row is not None else i + 1
        text = " | ".join(distinct_texts([c.text for c in row]))
        source = Source(file=self.file, page=table.page_of(i), sheet=table.sheet, row=source_row,
                        cell=cell.ref if cell is not None else None, text=text)
        fields.setdefault("unit", self.ctx.unit)
        fields.setdefault("year", self.year)
        self.records.append(Record(kind=kind, metric=metric, source=source,
                                   confidence=self.confidence, **fields))


# --- cell helpers ------------------------------------------------------------------------

_MARKERS = ((re.compile(r"\b(?:canhan|ca nhan|ong|ba)\b"), "individual"),
            (re.compile(r"\b(?:taptap|tapthe|tap the|ho gia dinh|hogiadinh|gia dinh|don vi|co quan)\b"),
             "collective"))


def _marker_type(text: str) -> str | None:
    """`CANHAN`, `Khen thưởng cá nhân`, `Ông` → individual; `TAPTHE`, `Hộ gia đình` → collective."""
    f = fold(text)
    if not f or len(f) > 40:
        return None
    found = {kind for pattern, kind in _MARKERS if pattern.search(f)}
    return found.pop() if len(found) == 1 else None


def split_titles(text: str, subject_type: str | None = None) -> list[str]:
    """The titles a cell lists, as written: `LĐTT, CSTĐCS` → [`LĐTT`, `CSTĐCS`].

    Commas also occur inside titles (`Giỏi việc nước, đảm việc nhà`, `Chiến sĩ thi đua cấp
    bộ, ban, ngành, tỉnh`), so pieces are joined back while they name no title on their own:
    the shortest run of pieces that names a title is one title, and pieces left over at the
    end belong to the title before them.
    """
    return list(_split_titles(text, subject_type))


@lru_cache(maxsize=4096)  # a title column repeats a handful of values down the rows
def _split_titles(text: str, subject_type: str | None) -> tuple[str, ...]:
    text = " ".join(text.split())
    pieces, seps, pos = [], [], 0
    folded = fold(text)
    if len(folded) != len(text):  # positions in the folded text would not line up
        return (text,)
    for m in _SPLIT_TITLES.finditer(folded):
        if m.start() == 0:
            continue
        pieces.append(text[pos:m.start()])
        seps.append(text[m.start():m.end()])
        pos = m.end()
    pieces.append(text[pos:])
    if len(pieces) == 1:
        return (text.strip(),)
    spans: list[list[int]] = []  # [first piece, last piece] of each title
    first = 0
    for k in range(len(pieces)):
        run = _joined(pieces, seps, first, k)
        if find_metric(run, subject_type) or find_metric(run):
            spans.append([first, k])
            first = k + 1
    if first < len(pieces):
        if spans:  # `Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh`: the rest of the last title
            spans[-1][1] = len(pieces) - 1
        else:
            spans.append([0, len(pieces) - 1])
    titles = [_joined(pieces, seps, a, b).strip() for a, b in spans]
    return tuple(t for t in titles if t.strip(" ,;"))


def _joined(pieces: list[str], seps: list[str], a: int, b: int) -> str:
    """Pieces a..b (inclusive) with the separators that stood between them."""
    out = pieces[a]
    for k in range(a + 1, b + 1):
        out += seps[k - 1] + pieces[k]
    return out


def grade_metric(text: str) -> str | None:
    """The metric of a grade as written: new levels, old `vững mạnh`, or `khac` for khá/TB/yếu."""
    f = fold(text).strip(" .")
    if not f or f in ("-", "x"):
        return None
    metric = find_metric(text, "collective")
    if metric is not None and metric.group == "xep_loai":
        return metric.code
    # The old scale below `vững mạnh` (khá, trung bình, yếu) and anything else short: kept
    # as `khac` with the grade in the label.
    return KHAC if len(f) < 60 else None


def _quantity(cell: Cell | None) -> Target | None:
    """The quantity a cell holds (typed value first), as a `Target`, or None.

    A spreadsheet percentage cell holds a fraction (0.955 shown as `95,5%`)."""
    if cell is None:
        return None
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        target = parse_target(value)
        if target is not None and "%" in cell.text:
            number = parse_number(value)
            pct = round(number * 100, 6) if abs(number) <= 1 else number
            return Target("=", int(pct) if float(pct).is_integer() else pct, None, "percent", cell.text)
        return target
    if not cell.text or not any(ch.isdigit() for ch in cell.text):
        return None
    f = fold(cell.text)
    if re.search(r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}", f):
        return None  # a date
    return parse_target(cell.text)


def _is_mark(text: str) -> bool:
    """`x`, `X`, `v`, `✓`, `Có` …; a tick a scan read twice (`Xx`, `x x`) is one."""
    f = fold(text).strip(" .")
    return f in _MARK or bool(re.fullmatch(r"[xv×✓✔√+]{1,2}(?: [xv×✓✔√+])?", f))


def _text(row: list[Cell], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].text.strip()


def _cell(row: list[Cell], index: int | None) -> Cell | None:
    if index is None or index >= len(row):
        return None
    return row[index]
