"""Free-text accuracy on passages no one here wrote: recall and precision by kind.

    python bench/realtext.py SET.jsonl [--verbose] [--keep DIR]

`SET.jsonl` is a labelled passage set such as `../shared/corpus/realtext-dev.jsonl` (its
README gives the schema and the matching rules). Each passage becomes its own .docx: the
title `BÁO CÁO`, a `Năm 2024` line when the passage names no year, then the text with each
list line a paragraph. The folder is parsed once through the real CLI (`python -m toolkit
parse FOLDER -o out.jsonl`), so readers, context and extraction all take part.

Matching (the corpus README): a predicted record matches a label of the same passage when
`(kind, metric, op, value, value_max)` are equal. Recall counts the required labels found;
precision counts the predicted records that match a required label, where a prediction
matching an optional label is neither a hit nor an error and `khac` predictions are ignored.
Each label is matched at most once. With `--verbose` the misses and extras are listed.

Measured on `realtext-dev.jsonl` (60 passages), 2026-12-03:

| | before issue 13 (7f4c686) | after |
|---|---|---|
| all | R 0.66 (97/148) P 0.65 (97/149) | R 1.00 (148/148) P 1.00 (148/148) |
| achievements | R 0.71 (61/86) P 0.62 (61/98) | R 1.00 (86/86) P 1.00 (86/86) |
| targets | R 0.58 (36/62) P 0.71 (36/51) | R 1.00 (62/62) P 1.00 (62/62) |

The dev set was used to find general causes; held-out passages score lower.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from docx import Document  # noqa: E402

KINDS = ("achievement", "target")
_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")


def write_passage(text: str, path: Path) -> None:
    """One passage as a report: title, a year line if the text names none, the text."""
    doc = Document()
    doc.add_paragraph("BÁO CÁO")
    if not _YEAR.search(text):
        doc.add_paragraph("Năm 2024")
    for line in text.split("\n"):
        if line.strip():
            doc.add_paragraph(line)
    doc.save(path)


def parse_folder(folder: Path, out: Path) -> list[dict]:
    """The records `thidua parse` writes for every file of the folder."""
    cmd = [sys.executable, "-m", "toolkit", "parse", str(folder), "-o", str(out), "--force"]
    done = subprocess.run(cmd, capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent)
    if not out.exists():
        sys.exit(f"parse failed ({done.returncode}): {done.stderr[-2000:]}")
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]


def _key(r: dict) -> tuple:
    def num(x):
        return None if x is None else round(float(x), 6)
    return (r.get("kind"), r.get("metric"), r.get("op"), num(r.get("value")), num(r.get("value_max")))


def score(passages: list[dict], predicted: dict[str, list[dict]]):
    """Per kind: required labels, found, predictions counted, right; and the misses/extras."""
    stats: dict[str, Counter] = defaultdict(Counter)
    misses, extras = [], []
    for p in passages:
        labels = p["records"]
        used = [False] * len(labels)
        for r in predicted.get(p["id"], []):
            if r.get("metric") == "khac":
                continue
            key = _key(r)
            hit = next((i for i, lab in enumerate(labels)
                        if not used[i] and not lab.get("optional") and _key(lab) == key), None)
            if hit is None:
                hit = next((i for i, lab in enumerate(labels) if _key(lab) == key and not used[i]), None)
                if hit is None and any(_key(lab) == key for lab in labels):
                    hit = -1  # the same fact stated twice: not an error
            kind = r.get("kind")
            if hit is None:
                stats[kind]["predicted"] += 1
                extras.append((p["id"], r))
            elif hit >= 0 and not labels[hit].get("optional"):
                used[hit] = True
                stats[kind]["predicted"] += 1
                stats[kind]["right"] += 1
            elif hit >= 0:
                used[hit] = True
        for i, lab in enumerate(labels):
            if lab.get("optional"):
                continue
            stats[lab["kind"]]["required"] += 1
            if used[i]:
                stats[lab["kind"]]["found"] += 1
            else:
                misses.append((p["id"], lab))
    return stats, misses, extras


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "-"


def _show(r: dict) -> str:
    vmax = f"..{r['value_max']}" if r.get("value_max") is not None else ""
    return f"{r.get('kind')} {r.get('metric')} {r.get('op')} {r.get('value')}{vmax} {r.get('measure')}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("set", type=Path)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--keep", type=Path, help="write the .docx and out.jsonl here")
    args = ap.parse_args(argv)
    passages = [json.loads(line) for line in args.set.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        folder = root / "passages"
        folder.mkdir(parents=True, exist_ok=True)
        for p in passages:
            write_passage(p["text"], folder / f"{p['id']}.docx")
        records = parse_folder(folder, root / "out.jsonl")
    predicted: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        predicted[Path(r["source"]["file"]).stem].append(r)
    stats, misses, extras = score(passages, predicted)
    total = sum(stats.values(), Counter())
    print(f"{len(passages)} passages, {len(records)} records")
    for name, s in [("all", total)] + [(k, stats[k]) for k in KINDS]:
        print(f"{name:12} recall {_ratio(s['found'], s['required'])} ({s['found']}/{s['required']})"
              f"  precision {_ratio(s['right'], s['predicted'])} ({s['right']}/{s['predicted']})")
    others = sorted(set(stats) - set(KINDS))
    for k in others:
        s = stats[k]
        print(f"{k:12} recall {_ratio(s['found'], s['required'])}  precision {_ratio(s['right'], s['predicted'])}"
              f" ({s['right']}/{s['predicted']})")
    if args.verbose:
        print("\nMisses:")
        for pid, lab in misses:
            got = [_show(r) for r in predicted.get(pid, []) if r.get("value") == lab.get("value")]
            print(f"  {pid}  {_show(lab)}   got: {'; '.join(got) or '-'}")
        print("\nExtras:")
        for pid, r in extras:
            print(f"  {pid}  {_show(r)}   [{r.get('label') or ''}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
