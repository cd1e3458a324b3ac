"""Accuracy on real documents written by other offices: recall and precision per file.

    python bench/real.py DIR [--verbose] [--only TEXT] [--keep DIR]

`DIR` holds the documents and a `labels.json` (such as `../shared/real/`): for each file, the
facts a person would copy into the reward register. Every labelled file is parsed alone
through the real CLI (`python -m toolkit parse FILE -o out.jsonl`), so readers, OCR, context
and extraction all take part, and its records are scored against its facts:

* a **recipient** matches a record naming the same person or collective (case, diacritics,
  spaces and honorifics such as `Ông`, `Bà`, `Đại tá` ignored; `subject_alt` also accepted)
  with the same award form (`bang_khen`, `co_thi_dua`, `giai_nhat` …);
* a **total** matches a record with the same value and award form (`khen_thuong` in a
  label stands for any award; `other` for anything);
* a **target** matches on kind, value, `op` (or `op_alt`) and metric, where a label's `khac`
  also accepts a code added to the vocabulary after the labels were written;
* a **score** (and `score_total`) matches a score record on value and maximum; a **grade**
  matches a record whose label or metric name says it.

Each fact is matched at most once. A record matching only an optional fact is neither a
hit nor an error; when a file's labels judge only some `pages`, records read on other pages
are not counted and facts on them are optional. Recall = required facts found / required
facts; precision = records matching a required fact / records counted. `--verbose` lists
the misses and the extras of each file.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.vn import METRICS, fold  # noqa: E402
from toolkit.vn.awards import find_award  # noqa: E402

# Honorifics and ranks written before a name; they are not part of it.
_HONORIFIC = re.compile(
    r"^(?:(?:ong|ba|anh|chi|co|thay|em|chau|dong chi|d/c|dc|ds|ts|ths|bs|gs|pgs|ks|"
    r"(?:dai|thuong|trung|thieu) (?:ta|uy|tuong)|nha giao|ns|nsnd|nsut)\.?\s+)+")
_NON_KEY = re.compile(r"[^a-z0-9]+")
# Codes of the vocabulary when the labels were written (main at 7f4c686): a label's `khac`
# accepts any code added since.
_OLD_CODES = frozenset((
    "lao_dong_tien_tien chien_si_thi_dua_co_so chien_si_thi_dua_cap_tinh chien_si_thi_dua_toan_quoc "
    "doan_vien_cong_doan_xuat_sac gioi_viec_nuoc_dam_viec_nha nguoi_tot_viec_tot "
    "tap_the_lao_dong_tien_tien tap_the_lao_dong_xuat_sac co_thi_dua_chinh_phu co_thi_dua_cap_tinh "
    "co_thi_dua_tld co_thi_dua_ldld gia_dinh_van_hoa co_quan_van_hoa cdcs_vung_manh "
    "cdcs_hoan_thanh_xuat_sac cdcs_hoan_thanh_tot cdcs_hoan_thanh cdcs_khong_hoan_thanh "
    "bang_khen_thu_tuong bang_khen_tld bang_khen_cd_nganh bang_khen_ldld bang_khen_ubnd "
    "bang_lao_dong_sang_tao giay_khen ky_niem_chuong so_cdcs so_doan_vien so_nguoi_lao_dong "
    "ket_nap_doan_vien gioi_thieu_dang ket_nap_dang sang_kien cong_trinh_thi_dua "
    "mo_hinh_dan_van_kheo tin_bai phat_dong_thi_dua hoc_tap_lam_theo_bac").split())
# Label award codes that are a family of forms.
_ANY_AWARD, _ANYTHING = "khen_thuong", "other"


def name_key(text: str | None) -> str:
    """A name as compared: folded, honorifics dropped, only letters and digits."""
    f = fold(text or "").strip(" .,;:-–")
    f = _HONORIFIC.sub("", f)
    return _NON_KEY.sub("", f)


def record_form(r: dict) -> str | None:
    """The award form a record is about: its `award` field, else read from its metric."""
    if r.get("award"):
        return r["award"]
    metric = METRICS.get(r.get("metric") or "")
    phrase = metric.name if metric else (r.get("label") or "")
    award = find_award(phrase) if phrase else None
    return award.form if award else None


def _num(x) -> float | None:
    return None if x is None else round(float(x), 4)


def matches(fact: dict, r: dict) -> bool:
    """Whether record `r` states `fact` (the rules in the module docstring)."""
    kind = fact["type"]
    if kind == "recipient":
        names = {name_key(fact["subject"]), *(name_key(s) for s in fact.get("subject_alt") or ())}
        return name_key(r.get("subject")) in names and record_form(r) == fact.get("award")
    if kind == "total":
        if r.get("kind") not in ("achievement", "target") or _num(r.get("value")) != _num(fact["value"]):
            return False
        award = fact.get("award")
        return award == _ANYTHING or (award == _ANY_AWARD and record_form(r) is not None) \
            or record_form(r) == award
    if kind == "target":
        ops = {fact.get("op"), *(fact.get("op_alt") or ())}
        metric = r.get("metric")
        metric_ok = metric == fact.get("metric") or (fact.get("metric") == "khac" and metric not in _OLD_CODES)
        return (r.get("kind") == "target" and r.get("op") in ops and metric_ok
                and _num(r.get("value")) == _num(fact.get("value"))
                and _num(r.get("value_max")) == _num(fact.get("value_max")))
    if kind in ("score", "score_total"):
        return (r.get("kind") == "score" and _num(r.get("value")) == _num(fact.get("value"))
                and _num(r.get("value_max")) == _num(fact.get("value_max")))
    if kind == "grade":
        said = fold(" ".join(filter(None, [r.get("label") or "",
                                           METRICS[r["metric"]].name if r.get("metric") in METRICS else ""])))
        return any(fold(v) in said for v in [fact["value"], *(fact.get("aliases") or ())])
    return False


@dataclass
class FileScore:
    name: str
    required: int = 0
    found: int = 0
    counted: int = 0  # records counted for precision
    right: int = 0
    seconds: float = 0.0
    error: str = ""
    misses: list[dict] = field(default_factory=list)
    extras: list[dict] = field(default_factory=list)

    @property
    def recall(self) -> float | None:
        return self.found / self.required if self.required else None

    @property
    def precision(self) -> float | None:
        return self.right / self.counted if self.counted else None


def score_file(entry: dict, records: list[dict]) -> FileScore:
    """Match one file's records to its facts: each fact at most once, required facts first."""
    pages = set(entry.get("pages") or ())
    facts = [dict(f, optional=bool(f.get("optional")) or (bool(pages) and f.get("page") is not None
                                                         and f["page"] not in pages))
             for f in entry["facts"]]
    used = [False] * len(facts)
    s = FileScore(entry["file"])
    for r in records:
        page = (r.get("source") or {}).get("page")
        if pages and page is not None and page not in pages:
            continue
        hit = next((i for i, f in enumerate(facts) if not used[i] and not f["optional"] and matches(f, r)), None)
        if hit is None:
            hit = next((i for i, f in enumerate(facts) if not used[i] and f["optional"] and matches(f, r)), None)
            if hit is not None:
                used[hit] = True
                continue
            if any(matches(f, r) for f in facts):
                continue  # the same fact stated again (a restated total): not an error
            s.counted += 1
            s.extras.append(r)
            continue
        used[hit] = True
        s.counted += 1
        s.right += 1
    for i, f in enumerate(facts):
        if f["optional"]:
            continue
        s.required += 1
        if used[i]:
            s.found += 1
        else:
            s.misses.append(f)
    return s


def parse_one(path: Path, out: Path) -> tuple[list[dict], str]:
    """The records `thidua parse` writes for one file, and its error output when it fails."""
    cmd = [sys.executable, "-m", "toolkit", "parse", str(path), "-o", str(out), "--force"]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if not out.exists():
        return [], (done.stderr or done.stdout)[-500:]
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    return records, "" if done.returncode == 0 else (done.stderr or done.stdout)[-300:]


def _pct(x: float | None) -> str:
    return "   -" if x is None else f"{100 * x:3.0f}%"


def _show_fact(f: dict) -> str:
    if f["type"] == "recipient":
        return f"recipient {f.get('award')}: {f['subject']}"
    if f["type"] in ("score", "score_total"):
        return f"{f['type']} {f.get('value')}/{f.get('value_max')} {(f.get('criterion') or '')[:50]}"
    if f["type"] == "grade":
        return f"grade {f['value']}"
    return f"{f['type']} {f.get('award') or f.get('metric')} {f.get('op') or ''} {f.get('value')} {f.get('what') or ''}"


def _show_record(r: dict) -> str:
    src = r.get("source") or {}
    where = f"p{src['page']}" if src.get("page") else f"{src.get('sheet') or ''}!{src.get('row') or ''}"
    vmax = f"/{r['value_max']}" if r.get("value_max") is not None else ""
    return (f"[{where}] {r.get('kind')} {r.get('metric')} {r.get('award') or ''} {r.get('value')}{vmax} "
            f"| {r.get('subject') or ''} | {(r.get('label') or '')[:40]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--verbose", action="store_true", help="list the misses and extras of each file")
    ap.add_argument("--only", default="", help="score only the files whose name contains this")
    ap.add_argument("--keep", type=Path, help="write each file's records here (NAME.jsonl)")
    args = ap.parse_args(argv)
    entries = [e for e in json.loads((args.folder / "labels.json").read_text(encoding="utf-8"))
               if args.only in e["file"]]
    scores = []
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.keep or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        for entry in entries:
            start = time.perf_counter()
            records, error = parse_one(args.folder / entry["file"], out_dir / f"{entry['file']}.jsonl")
            s = score_file(entry, records)
            s.seconds, s.error = time.perf_counter() - start, error
            scores.append(s)
            print(f"{s.name:48} R {_pct(s.recall)} ({s.found}/{s.required})  "
                  f"P {_pct(s.precision)} ({s.right}/{s.counted})  {s.seconds:5.1f}s"
                  + (f"  ERROR {s.error.strip().splitlines()[-1]}" if s.error else ""), flush=True)
    total = FileScore("all")
    for s in scores:
        total.required += s.required
        total.found += s.found
        total.counted += s.counted
        total.right += s.right
    low = [s.name for s in scores if s.recall is not None and s.recall < 0.5]
    print(f"{'ALL':48} R {_pct(total.recall)} ({total.found}/{total.required})  "
          f"P {_pct(total.precision)} ({total.right}/{total.counted})  files under 50% recall: {len(low)}")
    if args.verbose:
        for s in scores:
            if not s.misses and not s.extras:
                continue
            print(f"\n== {s.name}")
            for f in s.misses:
                print(f"  miss  {_show_fact(f)}")
            for r in s.extras:
                print(f"  extra {_show_record(r)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
