"""`pip install .` (not only -e) gives a working `thidua` that finds its templates and samples."""
import os
import subprocess
import sys
from pathlib import Path

from toolkit.generate.catalog import BUILTIN
from toolkit.summary.report import TEMPLATE as REPORT_TEMPLATE

from conftest import REPO


def test_installed_package_finds_builtin_templates_and_runs_the_demo(tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
                    "--target", str(target), str(REPO)], check=True, cwd=tmp_path)
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run([sys.executable, "-c", "import toolkit.generate.templates as t; print(t.builtin_dir(), t.samples_dir())"],
                           env=env, cwd=tmp_path, capture_output=True, text=True, check=True).stdout.split()
    assert all(Path(p).is_relative_to(target) for p in where)
    assert sorted(p.name for p in Path(where[0]).glob("*.docx")) == sorted(f"{name}.docx" for name in [*BUILTIN, REPORT_TEMPLATE])
    demo = subprocess.run([sys.executable, "-m", "toolkit", "demo", "-o", "ra"], env=env, cwd=tmp_path,
                          capture_output=True, text=True)
    assert demo.returncode == 0, demo.stderr
    assert "thidua-demo" not in demo.stdout and str(tmp_path / "ra") in demo.stdout
    assert len(list((tmp_path / "ra").rglob("*.docx"))) >= 6
    web = target / "toolkit" / "web"  # the web page's templates, style and script come with the package
    assert {p.name for p in (web / "html").glob("*.html")} >= {"base.html", "review.html", "summary.html"}
    assert (web / "static" / "app.js").is_file() and (web / "static" / "app.css").is_file()
