"""Output names made from data (`--name '{ho_va_ten}'`): whatever a cell says, every file
lands inside the output folder under its own name, short enough for any file system, and
nothing there is overwritten without --force. (`tests/test_cli.py` covers `../`, `/`, `\\`,
`con`, one control character and one very long name; these are the harder cases.)"""
from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from common import assert_only_new, tree
from conftest import make_template, outputs, texts


def names_csv(path: Path, names: list[str]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("Họ và tên;STT\n")
        for i, name in enumerate(names, start=1):
            fh.write('"' + name.replace('"', '""') + f'";{i}\n')
    return path


def inputs(tmp_path: Path, names: list[str]) -> set[Path]:
    """The template and the names as a CSV; returns the folder's files once they are there."""
    make_template(tmp_path / "thu.docx", ["{{ stt }}: {{ ho_va_ten }}"])
    names_csv(tmp_path / "ca_nhan.csv", names)
    return tree(tmp_path)


def generate_names(cli, tmp_path: Path, *more: str):
    return cli("generate", tmp_path / "thu.docx", tmp_path / "ca_nhan.csv", "-o", "out", "--each", "ca_nhan",
               "--name", "{ho_va_ten}", *more)


def written_numbers(folder: Path) -> list[int]:
    return sorted(int(texts(p)[0].split(":")[0]) for p in outputs(folder))


def test_long_names_sharing_a_prefix_are_cut_and_stay_apart(cli, tmp_path):
    prefix = "Công đoàn cơ sở Sở Kế hoạch và Đầu tư tỉnh An Giang " * 6  # 300+ characters
    names = [prefix + "Phòng Tổng hợp", prefix + "Phòng Đăng ký kinh doanh", prefix + "Phòng Tổng hợp"]
    before = inputs(tmp_path, names)
    result = generate_names(cli, tmp_path)
    assert result.exit_code == 0, result.output
    written = outputs(tmp_path / "out")
    assert len(written) == 3 and written_numbers(tmp_path / "out") == [1, 2, 3]
    assert all(len(p.name.encode("utf-8")) <= 130 for p in written)
    stems = sorted(p.stem for p in written)
    assert all(s.startswith("Công đoàn cơ sở Sở Kế hoạch") for s in stems)
    assert len({s[:60] for s in stems}) == 1 and len(set(stems)) == 3  # same start, told apart at the end
    assert_only_new(tmp_path, before, "out")


@pytest.mark.parametrize("names, expected", [
    (["An", "AN", "an"], {"An.docx", "AN-2.docx", "an-3.docx"}),  # one file on Windows and macOS
    ([unicodedata.normalize("NFD", "Đoàn Thị Hà"), "Đoàn Thị Hà"], {"Đoàn Thị Hà.docx", "Đoàn Thị Hà-2.docx"}),
    (["a\u202egpj.exe", "b\u200b\u200dc", "d\r\ne\tf", "g\x01h\x1bi\x7fj\x85k"],
     {"a gpj.exe.docx", "b c.docx", "d e f.docx", "g h i j k.docx"}),
    (["...", "///", "\x01", " . "], {"van-ban.docx", "van-ban-2.docx", "van-ban-3.docx", "van-ban-4.docx"}),
    (["con.2025", "AUX", "lpt1.txt", "Nul"], {"_con.2025.docx", "_AUX.docx", "_lpt1.txt.docx", "_Nul.docx"}),
    (['a<b>c:d"e|f?g*h', "../../../etc/passwd", "..\\..\\win.ini"],
     {"a b c d e f g h.docx", "etc passwd.docx", "win.ini.docx"}),
], ids=["case", "nfd", "invisible", "empty", "reserved", "separators"])
def test_hostile_names_become_safe_unique_files_inside_the_folder(cli, tmp_path, names, expected):
    before = inputs(tmp_path, names)
    result = generate_names(cli, tmp_path)
    assert result.exit_code == 0, result.output
    written = outputs(tmp_path / "out")
    assert {p.name for p in written} == expected
    assert all(p.parent == tmp_path / "out" for p in written)
    assert written_numbers(tmp_path / "out") == list(range(1, len(names) + 1))
    assert_only_new(tmp_path, before, "out")


def test_a_name_pattern_pointing_outside_stays_inside(cli, tmp_path):
    template = make_template(tmp_path / "thu.docx", ["{{ ho_va_ten }}"])
    data = names_csv(tmp_path / "ca_nhan.csv", ["An", "Bình"])
    before = tree(tmp_path)
    result = cli("generate", template, data, "-o", "out", "--each", "ca_nhan", "--name", "../../{ho_va_ten}/x")
    assert result.exit_code == 0, result.output
    assert {p.name for p in outputs(tmp_path / "out")} == {"An x.docx", "Bình x.docx"}
    assert_only_new(tmp_path, before, "out")


def test_a_link_planted_in_the_output_folder_is_neither_followed_nor_overwritten(cli, tmp_path):
    victim = tmp_path / "quan-trong.docx"
    victim.write_bytes(b"do not touch")
    (tmp_path / "out").mkdir()
    os.symlink(victim, tmp_path / "out" / "An.docx")
    inputs(tmp_path, ["An", "Bình"])
    result = generate_names(cli, tmp_path)
    assert result.exit_code == 1
    assert "An.docx" in result.output and "--force" in result.output
    assert victim.read_bytes() == b"do not touch"
    forced = generate_names(cli, tmp_path, "--force")
    assert forced.exit_code == 0
    assert victim.read_bytes() == b"do not touch"  # the link was replaced, not written through
    assert not (tmp_path / "out" / "An.docx").is_symlink() and texts(tmp_path / "out" / "An.docx") == ["1: An"]


def test_an_existing_combine_target_is_not_overwritten(cli, tmp_path):
    (tmp_path / "tat-ca.docx").write_bytes(b"old")
    inputs(tmp_path, ["An"])
    result = generate_names(cli, tmp_path, "--combine", "tat-ca.docx")
    assert result.exit_code == 1 and "--force" in result.output
    assert (tmp_path / "tat-ca.docx").read_bytes() == b"old"
