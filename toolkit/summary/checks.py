"""The rule checks of docs/formats.md, *Emulation rules*, on the
figures the records give, as far as they can tell.

Each check is a function of the collected figures and one `Check` of the rules (enabled,
severity, thresholds) returning `Finding`s; `RULE_NAMES` names them for people. Counts of a
title are the achieved counts when the records have them, else the registered ones (a
cluster checks its members' registrations early in the year); each finding says which.
A check that cannot be settled from the records says so at severity `thông tin` instead of
passing silently (TTLĐXS without a head count, CSTĐ cấp tỉnh without earlier years).
"""
from __future__ import annotations

from typing import Callable, Iterator

from .. import vn
from .collect import Collected
from .model import Finding, RankRow, UnitTotals
from .rules import CANH_BAO, SEVERITIES, THONG_TIN, Check, Rules
from .scores import build_sheet

RULE_NAMES = {
    "cstdcs_ty_le": "CSTĐCS không quá tỷ lệ số LĐTT",
    "cstdcs_la_ldtt": "CSTĐCS phải đạt LĐTT",
    "ttldxs": "Điều kiện Tập thể lao động xuất sắc",
    "ttldtt": "Điều kiện Tập thể lao động tiên tiến",
    "cstd_cap_tren": "Điều kiện CSTĐ cấp tỉnh, toàn quốc",
    "ty_le_hop_le": "Tỷ lệ trong khoảng 0–100%",
    "bo_phan_toan_the": "Bộ phận không vượt toàn thể",
    "diem_toi_da": "Điểm không vượt điểm chuẩn",
    "tong_diem_tieu_chi": "Điểm tiêu chí cha bằng tổng tiêu chí con",
    "tong_cong": "Tổng cộng bằng tổng các nhóm",
    "tong_dang_ky": "Dòng tổng cộng bằng số tên trong danh sách",
    "xung_dot": "Số liệu không thống nhất giữa các tệp",
    "dong_hang_nhat": "Đồng hạng nhất",
    "thieu_don_vi": "Bản ghi không rõ đơn vị",
}

LDTT, CSTDCS, NLD, DOAN_VIEN = "lao_dong_tien_tien", "chien_si_thi_dua_co_so", "so_nguoi_lao_dong", "so_doan_vien"
TTLDXS, TTLDTT = "tap_the_lao_dong_xuat_sac", "tap_the_lao_dong_tien_tien"
CSTD_TINH, CSTD_TOAN_QUOC = "chien_si_thi_dua_cap_tinh", "chien_si_thi_dua_toan_quoc"
# Part ≤ whole (docs/formats.md, *Emulation rules*: a part never exceeds its whole).
PARTS = ((DOAN_VIEN, NLD), (LDTT, NLD), (CSTDCS, LDTT))


class _Context:
    """What every check reads: the collected records, the ranking, the rule being run."""

    def __init__(self, collected: Collected, ranking: list[RankRow], check: Check):
        self.collected, self.ranking, self.check = collected, ranking, check

    def finding(self, unit: str | None, year: int | None, figures: str, message: str,
                source: str = "", severity: str | None = None) -> Finding:
        return Finding(unit, year, self.check.code, RULE_NAMES[self.check.code], figures,
                       severity or self.check.severity, message, source)

    def units(self) -> Iterator[tuple[str, int | None, UnitTotals]]:
        for (key, year), totals in sorted(self.collected.totals.items(),
                                          key=lambda kv: (vn.fold(kv[1].unit), kv[0][1] or 0)):
            yield key, year, totals

    def sources(self, key: str, year: int | None, *metrics: str) -> str:
        files = [f for m in metrics for f in self.collected.figure_sources.get((key, year, m), ())]
        files += [f for m in metrics for f in _registration_files(self.collected, key, year, m)]
        return ", ".join(dict.fromkeys(files))


def _registration_files(collected: Collected, key: str, year, metric: str) -> list[str]:
    return [i.file for i in collected.items if i.key == key and i.year == year
            and i.record.kind == "registration" and i.record.metric == metric]


def title_count(totals: UnitTotals, metric: str) -> tuple[int | float | None, str]:
    """(count, basis) of a title: achieved when known, else registered; (None, "") if neither."""
    if metric in totals.counts:
        return totals.counts[metric], "đạt"
    if metric in totals.registrations:
        return totals.registrations[metric], "đăng ký"
    return None, ""


def _n(x) -> str:
    return vn.format_number(x)


def _pct(x) -> str:
    return vn.format_percent(x, 2)


# --- titles -----------------------------------------------------------------------------


def check_cstdcs_ty_le(ctx: _Context) -> Iterator[Finding]:
    limit = ctx.check.limit("ty_le_toi_da")
    for key, year, t in ctx.units():
        basis = "đạt" if CSTDCS in t.counts and LDTT in t.counts else (
            "đăng ký" if CSTDCS in t.registrations and LDTT in t.registrations else None)
        if basis is None:
            continue
        table = t.counts if basis == "đạt" else t.registrations
        cstd, ldtt = table[CSTDCS], table[LDTT]
        if cstd * 100 > limit * ldtt:
            share = f"{_pct(cstd * 100 / ldtt)}" if ldtt else "không xác định (LĐTT = 0)"
            yield ctx.finding(t.unit, year, f"CSTĐCS ({basis}) {_n(cstd)}; LĐTT ({basis}) {_n(ldtt)}; "
                                            f"tỷ lệ {share}; tối đa {_pct(limit)}",
                              f"Số CSTĐCS vượt {_pct(limit)} số LĐTT.", ctx.sources(key, year, CSTDCS, LDTT))


def check_cstdcs_la_ldtt(ctx: _Context) -> Iterator[Finding]:
    by_unit = sorted(ctx.collected.registered.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0))
    for (key, year, metric), people in by_unit:
        if metric != CSTDCS:
            continue
        ldtt = ctx.collected.registered.get((key, year, LDTT), {})
        missing = [name for folded, name in people.items() if folded not in ldtt]
        if missing:
            shown = ", ".join(missing[:10]) + (f" và {len(missing) - 10} người khác" if len(missing) > 10 else "")
            yield ctx.finding(ctx.collected.name(key), year,
                              f"{len(missing):02d}/{len(people):02d} người đăng ký CSTĐCS chưa đăng ký LĐTT: {shown}",
                              "Người đăng ký Chiến sĩ thi đua cơ sở phải đăng ký cả Lao động tiên tiến cùng năm.",
                              ctx.sources(key, year, CSTDCS, LDTT))


def _collective_check(ctx: _Context, title: str) -> Iterator[tuple[str, int | None, UnitTotals, str]]:
    """Units where `title` is registered or achieved, with the basis of the claim."""
    for key, year, t in ctx.units():
        if t.counts.get(title) or t.registrations.get(title):
            yield key, year, t, "đạt" if t.counts.get(title) else "đăng ký"


def _ldtt_share(t: UnitTotals) -> tuple[float | None, str]:
    """LĐTT / người lao động of a unit (achieved LĐTT, else registered; else the percentage
    the unit reported), with its figures."""
    ldtt, basis = title_count(t, LDTT)
    nld = t.counts.get(NLD)
    if (ldtt is None or not nld) and LDTT in t.percents:
        return t.percents[LDTT], f"LĐTT (báo cáo) {_pct(t.percents[LDTT])}"
    if ldtt is None or not nld:
        missing = "số LĐTT" if ldtt is None else "số người lao động"
        return None, f"chưa có {missing}"
    share = ldtt * 100 / nld
    return share, f"LĐTT ({basis}) {_n(ldtt)}/{_n(nld)} người lao động = {_pct(share)}"


def check_ttldxs(ctx: _Context) -> Iterator[Finding]:
    minimum, cstd_min = ctx.check.limit("ty_le_ldtt_toi_thieu"), ctx.check.limit("so_cstdcs_toi_thieu")
    for key, year, t, claim in _collective_check(ctx, TTLDXS):
        share, figures = _ldtt_share(t)
        cstd, basis = title_count(t, CSTDCS)
        figures += f"; CSTĐCS ({basis}) {_n(cstd)}" if cstd is not None else "; chưa có số CSTĐCS"
        failed = []
        if share is not None and share < minimum:
            failed.append(f"dưới {_pct(minimum)} cá nhân đạt LĐTT")
        if cstd is not None and cstd < cstd_min:
            failed.append(f"chưa có {int(cstd_min):02d} CSTĐCS")
        src = ctx.sources(key, year, TTLDXS, LDTT, NLD, CSTDCS)
        if failed:
            yield ctx.finding(t.unit, year, figures,
                              f"TTLĐXS ({claim}) chưa đủ điều kiện: {'; '.join(failed)} "
                              "(theo số liệu của cả đơn vị).", src)
        elif share is None or cstd is None:
            yield ctx.finding(t.unit, year, figures,
                              f"TTLĐXS ({claim}): chưa đủ số liệu để kiểm tra điều kiện LĐTT, CSTĐCS; "
                              "điều kiện 100% cá nhân hoàn thành nhiệm vụ cần xác minh.", src, THONG_TIN)


def check_ttldtt(ctx: _Context) -> Iterator[Finding]:
    above = ctx.check.limit("ty_le_ldtt_tren")
    for key, year, t, claim in _collective_check(ctx, TTLDTT):
        share, figures = _ldtt_share(t)
        src = ctx.sources(key, year, TTLDTT, LDTT, NLD)
        if share is None:
            yield ctx.finding(t.unit, year, figures, f"TTLĐTT ({claim}): chưa đủ số liệu để kiểm tra tỷ lệ LĐTT.",
                              src, THONG_TIN)
        elif not share > above:
            yield ctx.finding(t.unit, year, figures,
                              f"TTLĐTT ({claim}) cần trên {_pct(above)} cá nhân đạt LĐTT.", src)


def check_cstd_cap_tren(ctx: _Context) -> Iterator[Finding]:
    rules = ((CSTD_TINH, CSTDCS, int(ctx.check.limit("so_nam_cstdcs")), "CSTĐ cấp tỉnh", "CSTĐCS"),
             (CSTD_TOAN_QUOC, CSTD_TINH, int(ctx.check.limit("so_nam_cstd_tinh")), "CSTĐ toàn quốc",
              "CSTĐ cấp tỉnh"))
    titled = ctx.collected.titled
    for title, needed, years, name, needed_name in rules:
        for (key, metric), by_year in sorted(titled.items()):
            if metric != title:
                continue
            earlier = titled.get((key, needed), {})
            for year, people in sorted(by_year.items(), key=lambda kv: kv[0] or 0):
                short = []
                for person in sorted(people):
                    run = _run_of_years(earlier, person, year)
                    if run < years:
                        short.append((person, run))
                if short:
                    names = ", ".join(_display(ctx.collected, key, year, title, p) for p, _ in short)
                    yield ctx.finding(ctx.collected.name(key), year,
                                      f"{name}: {names}; số năm liên tục đạt {needed_name} trong hồ sơ: "
                                      + ", ".join(f"{run:02d}" for _, run in short),
                                      f"{name} cần {years:02d} năm liên tục đạt {needed_name}; hồ sơ chưa thể hiện "
                                      "đủ, cần xác minh.")


def _run_of_years(by_year: dict, person: str, year: int | None) -> int:
    """Consecutive years with the title up to `year` (or up to the year before)."""
    if year is None:
        return sum(person in people for people in by_year.values())
    best = 0
    for end in (year, year - 1):
        run = 0
        while person in by_year.get(end - run, ()):
            run += 1
        best = max(best, run)
    return best


def _display(collected: Collected, key: str, year, metric: str, folded: str) -> str:
    for item in collected.items:
        r = item.record
        if item.key == key and r.metric == metric and vn.fold(str(r.subject or "")) == folded:
            return " ".join(str(r.subject).split())
    return folded


# --- figures ----------------------------------------------------------------------------


def check_ty_le_hop_le(ctx: _Context) -> Iterator[Finding]:
    for item in ctx.collected.items:
        r = item.record
        if r.measure != "percent" or r.kind not in ("achievement", "target"):
            continue
        for value in (r.value, r.value_max):
            if isinstance(value, (int, float)) and not 0 <= value <= 100:
                what = "chỉ tiêu" if r.kind == "target" else "kết quả"
                yield ctx.finding(ctx.collected.name(item.key), item.year,
                                  f"{_name(r.metric, r.label)} ({what}): {_pct(value)}",
                                  "Tỷ lệ phần trăm phải từ 0% đến 100%.", item.file)
                break


def check_bo_phan_toan_the(ctx: _Context) -> Iterator[Finding]:
    for key, year, t in ctx.units():
        for part, whole in PARTS:
            p, p_basis = title_count(t, part) if part != DOAN_VIEN else (t.counts.get(part), "báo cáo")
            w, w_basis = title_count(t, whole) if whole != NLD else (t.counts.get(whole), "báo cáo")
            if p is None or w is None or p <= w:
                continue
            yield ctx.finding(t.unit, year,
                              f"{_short(part)} ({p_basis}) {_n(p)} > {_short(whole)} ({w_basis}) {_n(w)}",
                              f"Số {_short(part)} không thể lớn hơn số {_short(whole)}.",
                              ctx.sources(key, year, part, whole))


# --- scores -----------------------------------------------------------------------------


# Below this confidence a sheet was read by recognition (OCR of a scan): its rows may be
# misread (`39,5` as `395`, `1.1` as `11`), so what its arithmetic checks find is a warning to
# compare with the paper, not an error of the unit.
RECOGNISED = 0.85


class _SheetFinder:
    """`ctx.finding` for one scoring sheet, softened when the sheet was read from a scan."""

    def __init__(self, ctx: _Context, scanned: bool):
        self.ctx, self.scanned = ctx, scanned

    def __call__(self, unit, year, figures: str, message: str, source: str = "") -> Finding:
        if self.scanned:
            found = self.ctx.finding(unit, year, figures, message, source, severity=CANH_BAO
                                     if self.ctx.check.severity != THONG_TIN else THONG_TIN)
            found.from_scan = True
            return found
        return self.ctx.finding(unit, year, figures, message, source)


def _sheets(ctx: _Context):
    """Each scoring sheet of each file. A sheet read from a scan is left out when the same
    unit's sheet for the year also came as text or a form: that twin is the one checked."""
    ordered = sorted(ctx.collected.sheets.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0, kv[0][2]))
    for (key, year, metric), by_file in ordered:
        scanned = {file: min(i.record.confidence for i in items) < RECOGNISED for file, items in by_file.items()}
        for file, items in by_file.items():
            if scanned[file] and not all(scanned.values()):
                continue
            yield (ctx.collected.name(key), year, metric, file, build_sheet(file, items),
                   _SheetFinder(ctx, scanned[file]))


def _scan_summary(findings: list[Finding]) -> Finding:
    """The arithmetic findings of one sheet read from a scan, as one warning: most of them
    are misread digits or item numbers (`39,5` as `395`, `II` as `H`), which the paper shows."""
    first = findings[0]
    shown = "; ".join(f.figures for f in findings[:3]) + (f"; … ({len(findings)} chỗ)" if len(findings) > 3 else "")
    return Finding(first.unit, first.year, first.rule, "Bảng chấm điểm đọc từ bản scan", shown,
                   CANH_BAO if any(f.severity != THONG_TIN for f in findings) else THONG_TIN,
                   f"Bảng chấm điểm đọc từ bản scan (OCR) có {vn.format_count(len(findings))} chỗ điểm không "
                   "khớp (tiêu chí cha và tiêu chí con, điểm chuẩn hoặc tổng cộng), thường do chữ số hoặc số "
                   "mục bị đọc nhầm: đối chiếu với bản gốc trước khi kết luận.", first.source, from_scan=True)


def _kind(metric: str) -> str:
    return "điểm khối chấm" if metric == "diem_khoi_cham" else "điểm tự chấm"


def check_diem_toi_da(ctx: _Context) -> Iterator[Finding]:
    for unit, year, metric, file, sheet, finding in _sheets(ctx):
        rows = sheet.rows + ([sheet.total_row] if sheet.total_row is not None else [])
        for row in rows:
            if row.value is None:
                continue
            if row.maximum is not None and row.value > row.maximum + 1e-9:
                yield finding(unit, year, f"«{row.label}»: {_kind(metric)} {_n(row.value)} > điểm chuẩn "
                                              f"{_n(row.maximum)}",
                                  "Điểm chấm vượt điểm chuẩn của tiêu chí.", file)
            elif row.value < 0 and not row.penalty:
                yield finding(unit, year, f"«{row.label}»: {_kind(metric)} {_n(row.value)}",
                                  "Điểm chấm không được âm.", file)


def check_tong_diem_tieu_chi(ctx: _Context) -> Iterator[Finding]:
    tolerance = ctx.check.limit("sai_so")
    for unit, year, metric, file, sheet, finding in _sheets(ctx):
        for row in sheet.rows:
            children = row.children_points()
            if not row.children or row.value is None or children is None:
                continue
            if abs(row.value - children) > tolerance + 1e-9:
                parts = " + ".join(_n(c.points()) for c in row.children if c.points() is not None)
                yield finding(unit, year, f"«{row.label}»: {_kind(metric)} {_n(row.value)}; tiêu chí con "
                                              f"{parts} = {_n(children)}",
                                  "Điểm của tiêu chí cha khác tổng điểm các tiêu chí con.", file)


def check_tong_cong(ctx: _Context) -> Iterator[Finding]:
    tolerance = ctx.check.limit("sai_so")
    for unit, year, metric, file, sheet, finding in _sheets(ctx):
        total, computed = sheet.total_row, sheet.computed_total()
        if total is None or total.value is None or computed is None:
            continue
        if abs(total.value - computed) > tolerance + 1e-9:
            what = "các nhóm" if sheet.has_groups else "các tiêu chí"
            yield finding(unit, year, f"TỔNG CỘNG {_kind(metric)} {_n(total.value)}; tổng {what} {_n(computed)}",
                              f"Dòng TỔNG CỘNG khác tổng điểm {what}.", file)


def check_tong_dang_ky(ctx: _Context) -> Iterator[Finding]:
    """A list's own count of a title (its `Tổng cộng` row, or `đăng ký 12 LĐTT` in the same
    file) against the names it marks with that title: a list that disagrees with itself was
    mistyped, or read wrong."""
    named: dict[tuple, set[str]] = {}
    stated: dict[tuple, int | float] = {}
    for item in ctx.collected.items:
        r = item.record
        where = (item.key, item.year, r.metric, item.file)
        if r.kind == "registration" and r.subject:
            named.setdefault(where, set()).add(vn.fold(str(r.subject)))
        elif (r.kind == "target" and r.subject_type == "unit" and r.measure == "count" and r.op == "="
              and isinstance(r.value, (int, float)) and not isinstance(r.value, bool)):
            stated.setdefault(where, r.value)
    for (key, year, metric, file), value in stated.items():
        names = named.get((key, year, metric, file))
        if names and len(names) != value:
            yield ctx.finding(ctx.collected.name(key), year,
                              f"{_name(metric)}: tổng cộng {_n(value)}; danh sách có {_n(len(names))} tên",
                              "Số ghi ở dòng tổng cộng khác số tên được đăng ký trong danh sách — cần kiểm tra lại "
                              "danh sách.", file)


# --- the summary itself ------------------------------------------------------------------


def check_xung_dot(ctx: _Context) -> Iterator[Finding]:
    for c in ctx.collected.conflicts:
        fmt = _pct if c.measure == "percent" else _n
        values = "; ".join(f"{file}: {fmt(v)}" for file, v in c.values)
        yield ctx.finding(c.unit, c.year, f"{_name(c.metric)}: {values}",
                          f"Các tệp ghi số khác nhau; bảng tổng hợp đang dùng {fmt(c.chosen)} — cần xác minh.",
                          ", ".join(dict.fromkeys(f for f, _ in c.values)))


def check_dong_hang_nhat(ctx: _Context) -> Iterator[Finding]:
    years = dict.fromkeys(r.year for r in ctx.ranking)
    for year in years:
        first = [r for r in ctx.ranking if r.year == year and r.rank == 1]
        if len(first) > 1:
            names = ", ".join(r.unit for r in first)
            yield ctx.finding(None, year, f"{names}: cùng {_n(first[0].score)} điểm",
                              f"{len(first):02d} đơn vị đồng hạng nhất; Khối cần bình xét, suy tôn đơn vị dẫn đầu "
                              "để đề nghị Cờ thi đua.")


def check_thieu_don_vi(ctx: _Context) -> Iterator[Finding]:
    if ctx.collected.unplaced:
        files = ", ".join(dict.fromkeys(r.source.file or "(không rõ tệp)" for r in ctx.collected.unplaced))
        yield ctx.finding(None, None, f"{len(ctx.collected.unplaced):02d} bản ghi",
                          "Bản ghi không ghi đơn vị nên không được tổng hợp.", files)


CHECKS: dict[str, Callable[[_Context], Iterator[Finding]]] = {
    "cstdcs_ty_le": check_cstdcs_ty_le,
    "cstdcs_la_ldtt": check_cstdcs_la_ldtt,
    "ttldxs": check_ttldxs,
    "ttldtt": check_ttldtt,
    "cstd_cap_tren": check_cstd_cap_tren,
    "ty_le_hop_le": check_ty_le_hop_le,
    "bo_phan_toan_the": check_bo_phan_toan_the,
    "diem_toi_da": check_diem_toi_da,
    "tong_diem_tieu_chi": check_tong_diem_tieu_chi,
    "tong_cong": check_tong_cong,
    "tong_dang_ky": check_tong_dang_ky,
    "xung_dot": check_xung_dot,
    "dong_hang_nhat": check_dong_hang_nhat,
    "thieu_don_vi": check_thieu_don_vi,
}


def run_checks(collected: Collected, ranking: list[RankRow], rules: Rules) -> list[Finding]:
    """Every enabled check's findings: most serious first, then by unit, in rule order."""
    out: list[Finding] = []
    scanned: dict[tuple, list[Finding]] = {}
    for code, check in CHECKS.items():
        rule = rules.check(code)
        if rule.enabled:
            for found in check(_Context(collected, ranking, rule)):
                if found.from_scan:
                    scanned.setdefault((found.unit, found.year, found.source), []).append(found)
                else:
                    out.append(found)
    out += [_scan_summary(group) for group in scanned.values()]
    order = list(CHECKS)
    out.sort(key=lambda f: (SEVERITIES.index(f.severity), f.unit is None, vn.fold(f.unit or ""),
                            f.year or 0, order.index(f.rule)))
    return out


def _name(metric: str, label: str | None = None) -> str:
    m = vn.METRICS.get(metric)
    return m.name if m else (label or metric)


def _short(metric: str) -> str:
    return {NLD: "người lao động", DOAN_VIEN: "đoàn viên", LDTT: "LĐTT", CSTDCS: "CSTĐCS"}.get(metric, _name(metric))

