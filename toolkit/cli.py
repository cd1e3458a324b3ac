"""The `thidua` command: a thin layer over the library.

Each command parses its options, calls one library function, shows progress on a terminal
and prints the result in Vietnamese. Exit status: 0 all good; 1 some inputs failed (the rest
were still processed); 2 usage error. Each command imports its library inside itself, so
`thidua --help` and a short command do not load what the others need (the PDF and OCR
readers, matplotlib, the summary): measured 0.32 s to import the CLI against 0.49 s with
every command's library loaded.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__, cli_vi
from .errors import ThiduaError
from .generate.batch import BatchError
from .generate.catalog import BUILTIN
from .outcome import Outcome, failures_from_error

cli_vi.install()
OPTIONS = "[TÙY CHỌN]"
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Failed(click.ClickException):
    """Some inputs failed: print their messages and exit 1."""

    exit_code = 1

    def show(self, file=None) -> None:
        click.echo(f"Lỗi: {self.message}", err=True)


def _fail(exc: ThiduaError) -> Failed:
    if isinstance(exc, BatchError):
        return Failed(f"dữ liệu chưa đủ để tạo văn bản ({len(exc.problems)} vấn đề):\n"
                      + "\n".join(f"  - {p}" for p in exc.problems))
    return Failed(str(exc))


@click.group(context_settings=CONTEXT, options_metavar=OPTIONS, subcommand_metavar="LỆNH [ĐỐI SỐ]...")
@click.version_option(__version__, "-V", "--version", message="thidua %(version)s")
def main() -> None:
    """thidua — văn bản thi đua của công đoàn: tạo từ Excel, đọc lại, tổng hợp.

    Ví dụ:

      thidua template sample giao-uoc-khoi -o khoi.xlsx

      thidua generate giao-uoc-khoi khoi.xlsx -o van-ban/
    """


@main.command(context_settings=CONTEXT, options_metavar=OPTIONS)
@click.argument("template")
@click.argument("data", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "out_dir", default=".", show_default=True, type=click.Path(file_okay=False),
              help="Thư mục ghi văn bản.")
@click.option("--each", metavar="TRANG", help="Mỗi dòng của trang tính này một văn bản.")
@click.option("--group-by", metavar="TRANG.COT", help="Mỗi giá trị của cột này một văn bản, kèm các dòng của nó.")
@click.option("--where", multiple=True, metavar="COT=GIA_TRI", help="Chỉ lấy các dòng thỏa điều kiện (dùng được nhiều lần; != để loại trừ).")
@click.option("--name", metavar="MAU_TEN", help="Tên tệp, ví dụ '{don_vi} - giao ước'. Mặc định: tên mẫu và dòng/nhóm.")
@click.option("--combine", metavar="TEP.docx", type=click.Path(dir_okay=False), help="Gộp tất cả vào một tệp .docx, mỗi văn bản sang trang mới.")
@click.option("--pdf", is_flag=True, help="Chuyển thêm sang PDF (cần LibreOffice), đặt cạnh tệp .docx.")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 64), metavar="N", help="Số tiến trình chạy song song.")
@click.option("--force", is_flag=True, help="Cho phép ghi đè tệp đã có.")
@click.option("--resume", is_flag=True,
              help="Chạy tiếp đợt trước: bỏ qua văn bản đã tạo từ đúng dữ liệu này (theo sổ ghi .thidua-resume.jsonl "
                   "trong thư mục kết quả), chỉ tạo phần còn thiếu.")
@click.option("--report-errors", "report", metavar="TEP.csv", type=click.Path(dir_okay=False),
              help="Ghi bảng lỗi (Tệp/văn bản, Lỗi, Vị trí) vào tệp .csv này, kể cả khi không có lỗi (bảng trống).")
@click.option("--scheduler", envvar="THIDUA_SCHEDULER", metavar="tcp://MÁY:CỔNG",
              help="Tạo văn bản (và với --pdf: chuyển sang PDF) trên cụm máy Dask: địa chỉ bộ lập lịch "
                   "(`dask scheduler`); mặc định lấy từ biến môi trường THIDUA_SCHEDULER. Tên tệp đặt và tệp ghi "
                   "ở máy này như khi chạy tại chỗ. Cần cài: pip install thidua[cluster].")
@click.option("--shared-fs", is_flag=True,
              help="Dùng với --scheduler khi mọi máy thấy thư mục kết quả ở cùng đường dẫn: các máy (`dask worker`) "
                   "ghi thẳng văn bản vào đó, không gửi nội dung về máy này.")
def generate(template, data, out_dir, each, group_by, where, name, combine, pdf, jobs, force, resume, report,
             scheduler, shared_fs):
    """Tạo văn bản Word từ mẫu TEMPLATE và dữ liệu DATA (.xlsx hoặc .csv).

    TEMPLATE là tên mẫu có sẵn (xem `thidua template list`) hoặc đường dẫn tới tệp .docx.
    """
    from .generate import generate as generate_documents, plan as make_plan, templates

    if resume and combine:
        raise click.UsageError("--resume chỉ dùng khi ghi từng tệp vào thư mục, không dùng cùng --combine.")
    try:
        compiled, spec = templates.load(template)
        plan = make_plan(compiled, spec, data, each=each, group_by=group_by, where=where)
    except ThiduaError as exc:
        _write_report(report, failures_from_error(exc, data if Path(data).exists() else template))
        raise _fail(exc) from None
    if shared_fs and not scheduler:
        raise click.UsageError("--shared-fs chỉ dùng cùng --scheduler (hoặc biến môi trường THIDUA_SCHEDULER).")
    options = {}
    if scheduler:
        from functools import partial

        from .cluster_generate import render_on_cluster
        from .cluster_pdf import convert_on_cluster

        options["render"] = partial(render_on_cluster, scheduler=scheduler, shared_fs=shared_fs)
        if pdf:
            options["convert"] = partial(convert_on_cluster, scheduler=scheduler)
    with _Bar(plan.count, "Đang tạo văn bản") as advance:
        try:
            result = generate_documents(plan, out_dir, name=name, combine=combine, jobs=jobs, force=force,
                                        pdf=pdf, resume=resume, on_progress=advance, **options)
        except ThiduaError as exc:
            _write_report(report, failures_from_error(exc, data))
            raise _fail(exc) from None
    _write_report(report, result.failures)
    _report(result)


@main.command(context_settings=CONTEXT, options_metavar=OPTIONS)
@click.argument("kind", metavar="KIND")
@click.argument("data", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Tệp biểu mẫu sẽ tạo (.xlsx, hoặc .docx cho dang-ky-thi-dua).")
@click.option("--force", is_flag=True, help="Cho phép ghi đè tệp đã có.")
def form(kind, data, output, force):
    """Tạo biểu mẫu để đơn vị điền rồi gửi lại.

    KIND: dang-ky-thi-dua (dữ liệu như mẫu dang-ky-thi-dua: danh sách đoàn viên),
    bao-cao-ket-qua (dữ liệu như mẫu giao-uoc: các chỉ tiêu đã giao ước),
    bang-cham-diem (dữ liệu như mẫu bang-cham-diem: các tiêu chí và điểm chuẩn).
    """
    from .forms import write_form

    try:
        path = write_form(kind, Path(data), Path(output), force=force)
    except ThiduaError as exc:
        raise _fail(exc) from None
    click.echo(f"Đã tạo biểu mẫu {path}: gửi cho đơn vị điền các ô để trống rồi gửi lại.")


@main.command(context_settings=CONTEXT, options_metavar=OPTIONS)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Tệp kết quả: .jsonl, .csv, .xlsx hoặc .sqlite (cơ sở dữ liệu, đọc lại tệp cũ thì thay thế).")
@click.option("--ocr", default="auto", show_default=True, type=click.Choice(["auto", "always", "never"]),
              help="Nhận dạng chữ (tesseract) cho trang PDF scan: auto là chỉ trang không có chữ.")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 64), metavar="N",
              help="Số tiến trình chạy song song.")
@click.option("--timeout", default=300, show_default=True, type=click.IntRange(10, 86400), metavar="GIÂY",
              help="Bỏ một tệp (báo lỗi, đọc tiếp tệp khác) khi quá số giây này không đọc thêm được trang nào.")
@click.option("--force", is_flag=True, help="Cho phép ghi đè tệp kết quả đã có.")
@click.option("--resume", is_flag=True,
              help="Chỉ đọc các tệp chưa có trong kết quả .sqlite (so theo nội dung tệp); tệp đã đọc được thì giữ nguyên.")
@click.option("--report-errors", "report", metavar="TEP.csv", type=click.Path(dir_okay=False),
              help="Ghi bảng lỗi (Tệp/văn bản, Lỗi, Vị trí) vào tệp .csv này, kể cả khi không có lỗi (bảng trống).")
@click.option("--scheduler", envvar="THIDUA_SCHEDULER", metavar="tcp://MÁY:CỔNG",
              help="Đọc trên cụm máy Dask: địa chỉ bộ lập lịch (`dask scheduler`); mặc định lấy từ biến môi trường "
                   "THIDUA_SCHEDULER. Mỗi tệp gửi tới một máy đọc (`dask worker`); kết quả ghi ở máy này. "
                   "Cần cài: pip install thidua[cluster].")
@click.option("--shared-fs", is_flag=True,
              help="Dùng với --scheduler khi mọi máy đọc thấy cùng thư mục ở cùng đường dẫn: chỉ gửi đường dẫn, "
                   "không gửi nội dung tệp.")
def parse(paths, output, ocr, jobs, timeout, force, resume, report, scheduler, shared_fs):
    """Đọc các tệp đơn vị gửi về (.xlsx, .docx, .pdf, cả PDF scan; thư mục: mọi tệp bên trong)
    thành bản ghi có nguồn gốc (tệp, trang/trang tính, dòng/ô)."""
    from .parse import find_files, parse_paths
    from .store import parsed_hashes, write_records

    if resume and Path(output).suffix.lower() != ".sqlite":
        raise click.UsageError("--resume cần kết quả là cơ sở dữ liệu .sqlite (nơi ghi các tệp đã đọc), "
                               f"không dùng được với {Path(output).name}.")
    if shared_fs and not scheduler:
        raise click.UsageError("--shared-fs chỉ dùng cùng --scheduler (hoặc biến môi trường THIDUA_SCHEDULER).")
    # The SQLite store takes each file as soon as it is read, so a run stopped (Ctrl+C, a lost
    # cluster) keeps what it read and --resume reads the rest; other outputs are written at the end.
    stored = Path(output).suffix.lower() == ".sqlite"
    keep = (lambda records, status: write_records(Path(output), records, [status])) if stored else None
    try:
        done = parsed_hashes(Path(output)) if resume else frozenset()
        files = find_files(paths)
        with _Bar(len(files), "Đang đọc tệp") as advance:
            if scheduler:
                from .cluster import parse_on_cluster

                result = parse_on_cluster(files, scheduler, ocr=ocr, jobs=jobs, shared_fs=shared_fs, skip=done,
                                          timeout=timeout, on_progress=advance, on_file=keep)
            else:
                result = parse_paths(files, ocr=ocr, jobs=jobs, skip=done, timeout=timeout, on_progress=advance,
                                     on_file=keep)
        if stored:
            write_records(Path(output), [], [])  # the store exists even when no file was new
        else:
            write_records(Path(output), result.records, result.files, force=force)
    except ThiduaError as exc:
        _write_report(report, failures_from_error(exc, output))
        raise _fail(exc) from None
    _write_report(report, result.failures)
    ok = len(result.files) - len(result.failures)
    click.echo(f"Đã đọc {ok}/{len(result.files)} tệp: {len(result.records)} bản ghi → {output}")
    if result.skipped:
        click.echo(f"Đã có, bỏ qua: {len(result.skipped)} tệp (đọc ở lần trước).")
    noted = [(f.path, note) for f in result.files for note in f.notes]
    if noted:
        click.echo("Ghi chú:")
        for path, note in noted[:30]:
            click.echo(f"  - {Path(path).name}: {note}")
        if len(noted) > 30:
            click.echo(f"  … và {len(noted) - 30} ghi chú khác")
    if result.failures:
        lines = [f"  - {f.what}{f' ({f.where})' if f.where else ''}: {f.message}" for f in result.failures[:50]]
        if len(result.failures) > 50:
            lines.append(f"  … và {len(result.failures) - 50} tệp khác")
        raise Failed(f"{len(result.failures)} tệp không đọc được:\n" + "\n".join(lines))


@main.command(context_settings=CONTEXT, options_metavar=OPTIONS)
@click.argument("records", nargs=-1, required=True, metavar="RECORDS...")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Bảng tổng hợp .xlsx (Tổng hợp, Đối chiếu chỉ tiêu, Kiểm tra, Xếp hạng, biểu đồ).")
@click.option("--targets", multiple=True, metavar="RECORDS",
              help="Bản ghi chỉ tiêu đã giao ước (đọc từ bản giao ước); dùng nhiều lần được.")
@click.option("--report", metavar="OUT.docx", type=click.Path(dir_okay=False),
              help="Viết thêm Báo cáo tổng hợp kết quả thi đua của khối (.docx).")
@click.option("--rules", metavar="TEP.toml", type=click.Path(dir_okay=False),
              help="Quy tắc kiểm tra, mức xếp loại, số đơn vị đề nghị khen (mặc định: theo HD 1294).")
@click.option("--khoi", metavar="TEN", help="Tên khối thi đua trên báo cáo (mặc định: tên trong bản giao ước).")
@click.option("--thong-tin", "info_file", metavar="TEP.xlsx", type=click.Path(dir_okay=False),
              help="Thông tin đầu báo cáo: trang thong_tin (truong | gia_tri) với các trường "
                   "khoi, co_quan_chu_quan, so_ky_hieu, dia_danh, ngay_ky, nam, khoi_truong_ho_ten, noi_nhan.")
@click.option("--force", is_flag=True, help="Cho phép ghi đè tệp đã có.")
def summarize(records, output, targets, report, rules, khoi, info_file, force):
    """Tổng hợp bản ghi của các đơn vị trong khối (tệp .jsonl, .csv, .xlsx, .sqlite do `thidua parse` ghi):
    số liệu, đối chiếu chỉ tiêu, kiểm tra quy tắc, chấm điểm và xếp hạng."""
    from .summary import brief, summarize_files

    try:
        result = summarize_files(records, output, targets=targets, report=report, rules=rules, khoi=khoi,
                                 info_file=info_file, force=force)
    except ThiduaError as exc:
        raise _fail(exc) from None
    for line in brief(result):
        click.echo(line)
    click.echo(f"Bảng tổng hợp: {output}" + (f"\nBáo cáo: {report}" if report else ""))


@main.group(context_settings=CONTEXT, options_metavar=OPTIONS, subcommand_metavar="LỆNH [ĐỐI SỐ]...")
def convert() -> None:
    """Chuyển đổi: sang PDF, mã tiếng Việt cũ (TCVN3, VNI, VIQR) sang Unicode, bảng xlsx/csv/json."""


@convert.command("pdf", context_settings=CONTEXT, options_metavar=OPTIONS)
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False), help="Thư mục ghi tệp PDF.")
@click.option("--timeout", default=120, show_default=True, type=click.IntRange(5, 3600), metavar="GIÂY",
              help="Thời gian tối đa cho một tệp không có tiến triển.")
@click.option("--force", is_flag=True, help="Cho phép ghi đè tệp PDF đã có.")
@click.option("--report-errors", "report", metavar="TEP.csv", type=click.Path(dir_okay=False),
              help="Ghi bảng lỗi (Tệp/văn bản, Lỗi, Vị trí) vào tệp .csv này, kể cả khi không có lỗi (bảng trống).")
@click.option("--scheduler", envvar="THIDUA_SCHEDULER", metavar="tcp://MÁY:CỔNG",
              help="Chuyển trên cụm máy Dask: địa chỉ bộ lập lịch (`dask scheduler`); mặc định lấy từ biến môi "
                   "trường THIDUA_SCHEDULER. Các máy (`dask worker`) cần LibreOffice; tệp PDF ghi ở máy này. "
                   "Cần cài: pip install thidua[cluster].")
def convert_pdf(files, out_dir, timeout, force, report, scheduler):
    """Chuyển các tệp .docx/.xlsx (thư mục: mọi tệp bên trong) sang PDF bằng LibreOffice."""
    from .office.libreoffice import convert_files, pdf_inputs

    paths = pdf_inputs(files)
    try:
        with _Bar(len(paths), "Đang chuyển sang PDF") as advance:
            if scheduler:
                from .cluster_pdf import convert_on_cluster

                result = convert_on_cluster(paths, Path(out_dir), scheduler=scheduler, force=force,
                                            timeout=timeout, on_progress=advance)
            else:
                result = convert_files(paths, Path(out_dir), force=force, timeout=timeout, on_progress=advance)
    except ThiduaError as exc:
        _write_report(report, failures_from_error(exc, out_dir))
        raise _fail(exc) from None
    _write_report(report, result.failures)
    _report(result, noun="tệp PDF")


@main.group(context_settings=CONTEXT, options_metavar=OPTIONS, subcommand_metavar="LỆNH [ĐỐI SỐ]...")
def template() -> None:
    """Xem, kiểm tra mẫu văn bản và tạo tệp dữ liệu mẫu."""


@template.command("list", context_settings=CONTEXT, options_metavar=OPTIONS)
def template_list():
    """Liệt kê các mẫu có sẵn."""
    for spec in BUILTIN.values():
        click.echo(f"{spec.name:<18} {spec.title} — {spec.description}")


@template.command("vars", context_settings=CONTEXT, options_metavar=OPTIONS)
@click.argument("template")
def template_vars(template):
    """Các trường và bảng mà mẫu TEMPLATE dùng."""
    from .generate import templates

    try:
        compiled, spec = templates.load(template)
    except ThiduaError as exc:
        raise _fail(exc) from None
    if spec:
        click.echo("Trang thong_tin (truong | gia_tri):")
        for f in spec.thong_tin:
            mark = " *" if f.required else ""
            click.echo(f"  {f.name:<22} {f.label}{mark}" + (f" — {f.help}" if f.help else ""))
        for t in spec.tables:
            click.echo(f"Trang {t.name} ({t.label}){'' if t.required else ' — không bắt buộc'}:")
            for c in t.columns:
                click.echo(f"  {c.name:<22} {c.label}{' *' if c.required else ''}")
        click.echo("(* bắt buộc)")
        return
    use = templates.usage(compiled)
    click.echo("Trường đơn (trang thong_tin): " + (", ".join(sorted(use.fields)) or "không có"))
    for table, cols in sorted(use.tables.items()):
        click.echo(f"Bảng {table}: " + (", ".join(sorted(cols)) or "(không dùng cột nào)"))


@template.command("check", context_settings=CONTEXT, options_metavar=OPTIONS)
@click.argument("template")
@click.argument("data", required=False, type=click.Path(dir_okay=False))
def template_check(template, data):
    """Kiểm tra mẫu (cú pháp, biến lạ) và, nếu có DATA, dữ liệu có đủ cho mẫu không."""
    from .generate import templates
    from .generate.documents import check_workbook
    from .generate.workbook import open_workbook

    try:
        compiled, spec = templates.load(template)
        workbook = open_workbook(data, spec) if data else None
    except ThiduaError as exc:
        raise _fail(exc) from None
    problems = templates.check(compiled, spec, workbook)
    if workbook is not None:
        problems += check_workbook(workbook, spec)
    if problems:
        raise Failed(f"{len(problems)} vấn đề:\n" + "\n".join(f"  - {p}" for p in problems))
    click.echo(f"Mẫu {template}: không có lỗi" + (f"; dữ liệu {Path(data).name} đủ cho mẫu." if data else "."))


@template.command("sample", context_settings=CONTEXT, options_metavar=OPTIONS)
@click.argument("template", type=click.Choice(list(BUILTIN)))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Tệp .xlsx sẽ tạo.")
@click.option("--force", is_flag=True, help="Cho phép ghi đè tệp đã có.")
def template_sample(template, output, force):
    """Tạo tệp Excel trống đúng các trang, cột mà mẫu TEMPLATE cần."""
    from .generate.sample import write_input_workbook

    if Path(output).exists() and not force:
        raise Failed(f"tệp {output} đã có; không ghi đè. Dùng --force để ghi đè.")
    write_input_workbook(BUILTIN[template], output)
    click.echo(f"Đã tạo {output}: điền trang thong_tin và các bảng, rồi chạy\n"
               f"  thidua generate {template} {output} -o van-ban/")


@main.command(context_settings=CONTEXT, options_metavar=OPTIONS)
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False),
              help="Thư mục kết quả (mặc định: thidua-demo, hoặc thidua-demo-2 … nếu đã có).")
@click.option("-j", "--jobs", default=1, type=click.IntRange(1, 64), metavar="N", help="Số tiến trình chạy song song.")
def demo(out_dir, jobs):
    """Chạy thử trọn quy trình trên dữ liệu mẫu kèm theo."""
    from .demo import run_demo

    try:
        summary = run_demo(out_dir, jobs=jobs, echo=click.echo)
    except ThiduaError as exc:
        raise _fail(exc) from None
    _report(summary.result, quiet=True)


@main.command(context_settings=CONTEXT, options_metavar=OPTIONS)
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ĐỊA_CHỈ",
              help="Địa chỉ nghe. Khác 127.0.0.1 (cho máy khác vào) thì bắt buộc có --password-file.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), metavar="CỔNG",
              help="Cổng nghe; mở trang tại http://ĐỊA_CHỈ:CỔNG/.")
@click.option("--data", default="thidua-du-lieu", show_default=True, type=click.Path(file_okay=False),
              help="Thư mục giữ tệp tải lên, văn bản đã tạo và cơ sở dữ liệu thidua.sqlite.")
@click.option("--password-file", type=click.Path(dir_okay=False, exists=True), metavar="TỆP",
              help="Tệp mật khẩu: dòng đầu là mật khẩu hoặc mã băm scrypt$… (xem --hash-password); "
                   "dòng 'token: …' (nếu có) là mã truy cập API.")
@click.option("--max-upload-mb", default=100, show_default=True, type=click.IntRange(1, 10_000), metavar="N",
              help="Dung lượng tối đa mỗi lần tải lên (MB).")
@click.option("--hash-password", is_flag=True, help="Hỏi mật khẩu rồi in mã băm scrypt để ghi vào tệp mật khẩu.")
def serve(host, port, data, password_file, max_upload_mb, hash_password):
    """Mở trang web của thidua: tạo văn bản, đọc hồ sơ, rà soát bản ghi, tổng hợp — trong trình duyệt."""
    from .web import hash_password as make_hash, serve as run_server, settings_for

    if hash_password:
        password = click.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại mật khẩu")
        if len(password) < 8:
            raise click.UsageError("mật khẩu cần ít nhất 8 ký tự.")
        click.echo(make_hash(password))
        return
    try:
        settings = settings_for(host, Path(data), Path(password_file) if password_file else None, max_upload_mb)
    except ThiduaError as exc:
        raise click.UsageError(exc.message) from None
    try:
        run_server(settings, host, port, echo=click.echo)
    except ThiduaError as exc:
        raise _fail(exc) from None


@convert.command("unicode", context_settings=CONTEXT, options_metavar=OPTIONS)
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--from", "source", default="auto", show_default=True,
              type=click.Choice(["auto", "tcvn3", "vni", "viqr"]),
              help="Bảng mã của văn bản cũ; auto: xét theo phông chữ rồi theo ký tự.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Tệp kết quả (.txt/.csv/.docx/.xlsx).")
@click.option("--dry-run", is_flag=True, help="Chỉ liệt kê những chỗ sẽ đổi, không ghi tệp.")
@click.option("--force", is_flag=True, help="Cho phép ghi đè tệp đã có.")
def convert_unicode_command(file, source, output, dry_run, force):
    """Chuyển văn bản gõ bằng mã cũ (.VnTime, VNI-Times, VIQR) hoặc Unicode tổ hợp sang Unicode dựng sẵn.

    Hỗ trợ .txt, .csv, .docx (giữ nguyên định dạng, đổi phông sang Times New Roman) và .xlsx.
    """
    from .convert import convert_unicode

    try:
        changes = convert_unicode(Path(file), Path(output) if output else None, source=source,
                                  dry_run=dry_run, force=force)
    except ThiduaError as exc:
        raise _fail(exc) from None
    shown = changes if not dry_run else changes[:200]
    if dry_run:
        for change in shown:
            click.echo(f"{change.where}: «{change.before}» → «{change.after}»")
        if len(changes) > len(shown):
            click.echo(f"… và {len(changes) - len(shown)} chỗ khác")
        click.echo(f"Sẽ đổi {len(changes)} chỗ (chưa ghi gì vì --dry-run).")
    else:
        click.echo(f"Đã đổi {len(changes)} chỗ, ghi vào {output}.")


@convert.command("table", context_settings=CONTEXT, options_metavar=OPTIONS)
@click.argument("source", metavar="IN", type=click.Path(exists=True, dir_okay=False))
@click.argument("target", metavar="OUT", type=click.Path(dir_okay=False))
@click.option("--sheet", help="Trang tính cần đọc (mặc định: trang đầu).")
@click.option("--encoding", help="Bảng mã của tệp .csv (mặc định khi ghi: utf-8-sig, có BOM để Excel hiện đúng tiếng Việt).")
@click.option("--force", is_flag=True, help="Cho phép ghi đè tệp đã có.")
def convert_table_command(source, target, sheet, encoding, force):
    """Chuyển bảng giữa .xlsx, .csv và .json/.jsonl, giữ nguyên tiếng Việt."""
    from .convert import convert_table

    try:
        rows = convert_table(Path(source), Path(target), sheet=sheet, encoding=encoding, force=force)
    except ThiduaError as exc:
        raise _fail(exc) from None
    click.echo(f"Đã ghi {rows} dòng vào {target}.")


def _write_report(report: str | None, rows) -> None:
    """The failure table, when asked for; not being able to write it is itself a failure."""
    if not report:
        return
    from .outcome import write_failures

    try:
        write_failures(report, rows)
    except ThiduaError as exc:
        raise _fail(exc) from None


def _report(result: Outcome, quiet: bool = False, noun: str = "tệp") -> None:
    if result.skipped:
        click.echo(f"Đã có, bỏ qua: {len(result.skipped)} văn bản (tạo ở lần chạy trước).")
    if not quiet:
        for path in result.written[:20]:
            click.echo(f"  {path}")
        if len(result.written) > 20:
            click.echo(f"  … và {len(result.written) - 20} tệp khác")
        click.echo(f"Đã tạo {len(result.written)} {noun}.")
    if result.failures:
        lines = [f"  - {f.what}: {f.message}" for f in result.failures[:50]]
        if len(result.failures) > 50:
            lines.append(f"  … và {len(result.failures) - 50} lỗi khác")
        raise Failed(f"{len(result.failures)} tệp không tạo được:\n" + "\n".join(lines))


class _Bar:
    """A progress bar on a terminal; silent when output is piped or in tests."""

    def __init__(self, length, label: str):
        self.length, self.label, self.bar = length, label, None

    def __enter__(self):
        if sys.stderr.isatty():
            length = self.length() if callable(self.length) else self.length
            self.bar = click.progressbar(length=length, label=self.label, file=sys.stderr)
            self.bar.__enter__()
            return self.bar.update
        return None

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
