"""The built-in templates and the input each expects.

A `TemplateSpec` names the fields of the `thong_tin` sheet (single values) and the table
sheets with their columns. It drives `template sample` (an empty input workbook), `template
vars`, type conversion while loading (dates, numbers, targets) and the check that a workbook
has what the template needs. Field names are slugs (`ho_va_ten`); `label` is the Vietnamese
header a person sees in Excel.
"""
from __future__ import annotations

from dataclasses import dataclass, field

TEXT, DATE, NUMBER, TARGET, LINES = "text", "date", "number", "target", "lines"


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str = TEXT
    required: bool = False
    help: str = ""


@dataclass(frozen=True)
class TableSpec:
    name: str
    label: str
    columns: tuple[Field, ...]
    required: bool = True

    def column(self, name: str) -> Field | None:
        return next((c for c in self.columns if c.name == name), None)


@dataclass(frozen=True)
class TemplateSpec:
    name: str
    title: str
    description: str
    thong_tin: tuple[Field, ...]
    tables: tuple[TableSpec, ...] = field(default_factory=tuple)

    def table(self, name: str) -> TableSpec | None:
        return next((t for t in self.tables if t.name == name), None)

    def info_field(self, name: str) -> Field | None:
        return next((f for f in self.thong_tin if f.name == name), None)


COMMON = (
    Field("co_quan_chu_quan", "Cơ quan chủ quản", help="Dòng 1 bên trái, viết hoa, ví dụ LIÊN ĐOÀN LAO ĐỘNG TỈNH AN GIANG"),
    Field("co_quan_ban_hanh", "Cơ quan ban hành", required=True, help="Dòng 2 bên trái, in đậm, ví dụ CÔNG ĐOÀN CƠ SỞ SỞ TÀI CHÍNH"),
    Field("so_ky_hieu", "Số, ký hiệu", help="Không bắt buộc, ví dụ 05/GƯTĐ-CĐCS; để trống số khi là dự thảo: /GƯTĐ-CĐCS"),
    Field("dia_danh", "Địa danh", required=True, help="Ví dụ An Giang"),
    Field("ngay_ky", "Ngày ký", DATE, help="dd/mm/yyyy; để trống khi là dự thảo"),
    Field("nam", "Năm thi đua", NUMBER, required=True, help="Ví dụ 2025"),
    Field("noi_nhan", "Nơi nhận", LINES, help="Mỗi nơi nhận một dòng (Alt+Enter trong Excel)"),
)

CHI_TIEU = TableSpec(
    "chi_tieu",
    "Chỉ tiêu",
    (
        Field("nhom", "Nhóm", help="Nhóm chỉ tiêu, ví dụ Về chuyên môn"),
        Field("noi_dung", "Nội dung", required=True),
        Field("ma_chi_tieu", "Mã chỉ tiêu", help="Mã trong bộ chỉ tiêu, ví dụ lao_dong_tien_tien"),
        Field("gia_tri", "Giá trị", TARGET, help="Ví dụ: trên 95%, ít nhất 01, 85-90%"),
        Field("ben", "Bên", help="Bên thực hiện: Chuyên môn, Công đoàn hoặc Hai bên"),
    ),
)

GIAO_UOC = TemplateSpec(
    "giao-uoc",
    "Bản giao ước thi đua",
    "Giao ước thi đua giữa thủ trưởng cơ quan và ban chấp hành công đoàn cơ sở",
    COMMON
    + (
        Field("don_vi", "Tên cơ quan, đơn vị", required=True),
        Field("cong_doan", "Tên công đoàn cơ sở", required=True),
        Field("loi_mo_dau", "Lời mở đầu"),
        Field("muc_tieu_chung", "Mục tiêu chung"),
        Field("thu_truong_chuc_vu", "Chức vụ thủ trưởng", required=True, help="Ví dụ GIÁM ĐỐC"),
        Field("thu_truong_ho_ten", "Họ tên thủ trưởng", required=True),
        Field("chu_tich_ho_ten", "Họ tên chủ tịch công đoàn", required=True),
    ),
    (
        CHI_TIEU,
        TableSpec("trach_nhiem", "Trách nhiệm", (
            Field("ben", "Bên", required=True, help="Chuyên môn hoặc Công đoàn"),
            Field("noi_dung", "Nội dung", required=True),
        ), required=False),
    ),
)

GIAO_UOC_KHOI = TemplateSpec(
    "giao-uoc-khoi",
    "Bản giao ước thi đua khối",
    "Giao ước thi đua của các công đoàn cơ sở trong một khối (cụm) thi đua",
    COMMON
    + (
        Field("khoi", "Tên khối thi đua", required=True, help="Ví dụ Khối thi đua các cơ quan Đảng, đoàn thể tỉnh"),
        Field("loi_mo_dau", "Lời mở đầu"),
    ),
    (
        TableSpec("thanh_vien", "Thành viên", (
            Field("ten_cdcs", "Tên CĐCS", required=True),
            Field("vai_tro", "Vai trò", help="Khối trưởng, Khối phó hoặc để trống"),
            Field("chu_tich", "Chủ tịch", required=True),
        )),
        TableSpec("noi_dung_thi_dua", "Nội dung thi đua", (
            Field("noi_dung", "Nội dung", required=True),
        )),
        CHI_TIEU,
    ),
)

DANG_KY_THI_DUA = TemplateSpec(
    "dang-ky-thi-dua",
    "Danh sách đăng ký thi đua",
    "Danh sách cá nhân, tập thể đăng ký danh hiệu thi đua và hình thức khen thưởng",
    COMMON
    + (
        Field("cong_doan", "Tên công đoàn cơ sở", required=True),
        Field("chu_tich_ho_ten", "Họ tên chủ tịch công đoàn", required=True),
        Field("thu_truong_ho_ten", "Họ tên thủ trưởng đơn vị", help="Ký xác nhận danh hiệu thi đua của chính quyền; để trống nếu không cần"),
        Field("nguoi_lap_bieu", "Người lập biểu"),
    ),
    (
        TableSpec("ca_nhan", "Cá nhân", (
            Field("ho_va_ten", "Họ và tên", required=True),
            Field("chuc_vu", "Chức vụ"),
            Field("don_vi", "Đơn vị"),
            Field("danh_hieu", "Danh hiệu", help="Ví dụ Lao động tiên tiến, Chiến sĩ thi đua cơ sở"),
            Field("hinh_thuc_khen_thuong", "Hình thức khen thưởng"),
            Field("ghi_chu", "Ghi chú"),
        )),
        TableSpec("tap_the", "Tập thể", (
            Field("ten_tap_the", "Tên tập thể", required=True),
            Field("danh_hieu", "Danh hiệu", help="Ví dụ Lao động tiên tiến, Chiến sĩ thi đua cơ sở"),
            Field("hinh_thuc_khen_thuong", "Hình thức khen thưởng"),
            Field("ghi_chu", "Ghi chú"),
        ), required=False),
    ),
)

BUILTIN: dict[str, TemplateSpec] = {t.name: t for t in (GIAO_UOC, GIAO_UOC_KHOI, DANG_KY_THI_DUA)}
