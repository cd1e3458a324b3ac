"""What `generate` writes, parsing reads back exactly, with confidence 1 (every built-in template)."""
from __future__ import annotations

import pytest

from toolkit import vn
from toolkit.generate.catalog import BUILTIN
from toolkit.generate.workbook import open_workbook
from toolkit.extract.own import extract_own
from toolkit.readers import read
from toolkit.generate.batch import generate, plan
from toolkit.generate.templates import load

from conftest import SAMPLES


def generated(tmp_path, name, **options):
    template, spec = load(name)
    return generate(plan(template, spec, SAMPLES / f"{name}.xlsx", **options), tmp_path).written


def sample(name):
    wb = open_workbook(SAMPLES / f"{name}.xlsx", BUILTIN[name])
    return wb.info, {t.name: wb.table(t.name) for t in BUILTIN[name].tables if t.name in wb.sheets}


def target_of(text):
    t = vn.parse_target(text)
    return (t.op, t.value, t.value_max, t.measure) if t else None


@pytest.mark.parametrize("name", ["giao-uoc", "giao-uoc-khoi"])
def test_pledge_targets_with_their_metric_codes(tmp_path, name):
    info, tables = sample(name)
    records = extract_own(read(generated(tmp_path, name)[0]))
    expected = [(r.get("ma_chi_tieu") or "khac", target_of(r["gia_tri"])) for r in tables["chi_tieu"]
                if target_of(r["gia_tri"])]
    assert [(r.metric, (r.op, r.value, r.value_max, r.measure)) for r in records] == expected
    assert all(r.kind == "target" and r.confidence == 1 and r.year == info["nam"] for r in records)


def test_registration_lists_per_department(tmp_path):
    info, tables = sample("dang-ky-thi-dua")
    got = set()
    for path in generated(tmp_path, "dang-ky-thi-dua", group_by="ca_nhan.don_vi"):
        got |= {(r.subject, r.metric, r.position) for r in extract_own(read(path)) if r.subject_type == "individual"}
    expected = set()
    for person in tables["ca_nhan"]:
        for column in ("danh_hieu", "hinh_thuc_khen_thuong"):
            for title in filter(None, (t.strip() for t in (person.get(column) or "").split(","))):
                expected.add((person["ho_va_ten"], vn.find_metric(title, "individual").code, person.get("chuc_vu")))
    assert got == expected


def test_report_targets_results_rewards_and_grade(tmp_path):
    info, tables = sample("bao-cao-tong-ket")
    records = extract_own(read(generated(tmp_path, "bao-cao-tong-ket")[0]))
    contents = {row["noi_dung"] for row in tables["ket_qua"]}
    results = [(r.kind, r.metric, r.op, r.value, r.label) for r in records if r.label in contents]
    expected = []
    for row in tables["ket_qua"]:
        code = row.get("ma_chi_tieu") or "khac"
        for kind, column in (("target", "dang_ky"), ("achievement", "thuc_hien")):
            t = vn.parse_target(row.get(column))
            if t:
                expected.append((kind, code, t.op, t.value, row["noi_dung"]))
    assert results == expected
    reward_names = {k["hinh_thuc"] for k in tables["khen_thuong"]}
    rewards = [(r.metric, r.value) for r in records if r.label in reward_names]
    codes = [getattr(vn.find_metric(k["hinh_thuc"]), "code", "khac") for k in tables["khen_thuong"]]
    assert rewards == [(code, k["so_luong"]) for code, k in zip(codes, tables["khen_thuong"])]
    assert [r.label for r in records if r.label == info["tu_xep_loai"]] == [info["tu_xep_loai"]]
    assert all(r.confidence == 1 and r.unit == r.subject for r in records)


def test_scoring_sheet_scores(tmp_path):
    info, tables = sample("bang-cham-diem")
    records = extract_own(read(generated(tmp_path, "bang-cham-diem")[0]))
    expected = []
    for row in tables["tieu_chi"]:
        label = "TỔNG CỘNG" if row["la_tong"] else " ".join(filter(None, (str(row["stt"] or ""), row["noi_dung"])))
        for metric, key in (("diem_tu_cham", "tu_cham"), ("diem_khoi_cham", "khoi_cham")):
            if row.get(key) is not None:
                expected.append((metric, label, row[key], row["diem_chuan"]))
    assert [(r.metric, r.label, r.value, r.value_max) for r in records] == expected
    assert all(r.subject == info["don_vi"] for r in records)


def test_dan_van_kheo_models(tmp_path):
    info, tables = sample("dang-ky-dan-van-kheo")
    records = extract_own(read(generated(tmp_path, "dang-ky-dan-van-kheo")[0]))
    assert [(r.metric, r.subject, r.label) for r in records] == [
        ("mo_hinh_dan_van_kheo", m["ten_mo_hinh"], m["linh_vuc"]) for m in tables["mo_hinh"]]
