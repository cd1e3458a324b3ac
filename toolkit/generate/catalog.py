"""The built-in templates and the input each expects.

A `TemplateSpec` names the fields of the `thong_tin` sheet (single values) and the table
sheets with their columns. It drives `template sample` (an empty input workbook), `template
vars`, type conversion while loading (dates, numbers, targets) and the check that a workbook
has what the template needs. Field names are slugs (`ho_va_ten`); `label` is the Vietnamese
header a person sees in Excel.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from ..scoring import compute
from ..targets import verdict
from ..vn import slug

TEXT, DATE, NUMBER, TARGET, LINES = "text", "date", "number", "target", "lines"


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str = TEXT
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()  # allowed values, matched without case or diacritics
    aliases: tuple[str, ...] = ()  # other headers people write for this column (slugs)


@dataclass(frozen=True)
class TableSpec:
    name: str
    label: str
    columns: tuple[Field, ...]
    required: bool = True
    # Computed columns and checks over the whole table: (rows, sheet row numbers, file,
    # sheet title) → rows. Raises ThiduaError naming the row.
    prepare: Callable[..., list[dict[str, Any]]] | None = None
    computed: tuple[str, ...] = ()  # the columns `prepare` adds, which the workbook never has

    def column(self, name: str) -> Field | None:
        return next((c for c in self.columns if c.name == name), None)

    def canonical(self, header_slug: str) -> str:
        """The column name a header stands for (`diem_tu_cham` → `tu_cham`)."""
        for c in self.columns:
            if header_slug in (c.name, slug(c.label), *c.aliases):
                return c.name
        return header_slug


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


def _danh_gia(rows, numbers, file=None, sheet=None):
    """The report's Đánh giá column: the pledged target against the result."""
    return [{**row, "danh_gia": verdict(row.get("dang_ky"), row.get("thuc_hien"))} for row in rows]


def _cham_diem(rows, numbers, file=None, sheet=None):
    return compute(rows, numbers, file=file, sheet=sheet)


BAO_CAO_TONG_KET = TemplateSpec(
    "bao-cao-tong-ket",
    "Báo cáo tổng kết",
    "Báo cáo tổng kết phong trào thi đua năm của một đơn vị, có bảng kết quả so với đăng ký",
    COMMON
    + (
        Field("tieu_de", "Trích yếu", required=True, help="Ví dụ Tổng kết phong trào thi đua năm 2025"),
        Field("dac_diem", "I. Đặc điểm tình hình"),
        Field("ket_qua_chung", "II. Kết quả thực hiện (phần lời)"),
        Field("ton_tai", "III. Tồn tại, hạn chế"),
        Field("phuong_huong", "IV. Phương hướng"),
        Field("de_xuat", "V. Đề xuất, kiến nghị"),
        Field("tu_xep_loai", "Tự xếp loại", help="Ví dụ Hoàn thành xuất sắc nhiệm vụ"),
        Field("nguoi_ky_tham_quyen", "Thẩm quyền ký", help="Ví dụ TM. BAN CHẤP HÀNH"),
        Field("nguoi_ky_chuc_vu", "Chức vụ người ký", help="Ví dụ CHỦ TỊCH"),
        Field("nguoi_ky_ho_ten", "Họ tên người ký", required=True),
    ),
    (
        TableSpec("ket_qua", "Kết quả", (
            Field("ma_chi_tieu", "Mã chỉ tiêu"),
            Field("noi_dung", "Nội dung", required=True),
            Field("don_vi_tinh", "Đơn vị tính"),
            Field("dang_ky", "Đăng ký", TARGET, help="Chỉ tiêu đã đăng ký: trên 95%, ít nhất 01, 02 …"),
            Field("thuc_hien", "Thực hiện", TARGET, help="Kết quả đạt được: 96,5%, 03 …"),
        ), prepare=_danh_gia, computed=("danh_gia",)),
        TableSpec("khen_thuong", "Khen thưởng", (
            Field("hinh_thuc", "Hình thức", required=True, help="Ví dụ Giấy khen của LĐLĐ tỉnh"),
            Field("cap", "Cấp"),
            Field("so_luong", "Số lượng", NUMBER),
        ), required=False),
    ),
)

BANG_CHAM_DIEM = TemplateSpec(
    "bang-cham-diem",
    "Bảng chấm điểm thi đua",
    "Bảng tự chấm và khối chấm điểm thi đua của một công đoàn cơ sở",
    COMMON
    + (
        Field("khoi", "Tên khối thi đua", required=True),
        Field("don_vi", "Đơn vị được chấm", required=True),
        Field("chu_tich_ho_ten", "Họ tên chủ tịch đơn vị"),
        Field("khoi_truong_ho_ten", "Họ tên khối trưởng"),
    ),
    (
        TableSpec("tieu_chi", "Tiêu chí", (
            Field("stt", "STT", help="I, II … cho nhóm; 1, 2 … cho tiêu chí; 1.1 … cho tiêu chí con"),
            Field("noi_dung", "Nội dung tiêu chí", required=True, aliases=("tieu_chi",)),
            Field("diem_chuan", "Điểm chuẩn", NUMBER),
            Field("tu_cham", "Điểm tự chấm", NUMBER, aliases=("tu_cham_diem",)),
            Field("khoi_cham", "Điểm khối chấm", NUMBER, aliases=("khoi_cham_diem",)),
            Field("giai_trinh", "Giải trình"),
        ), prepare=_cham_diem, computed=("cap", "la_nhom", "la_tong")),
    ),
)

LINH_VUC_DAN_VAN = ("Kinh tế", "Văn hóa - xã hội", "Quốc phòng - an ninh", "Xây dựng hệ thống chính trị")

DANG_KY_DAN_VAN_KHEO = TemplateSpec(
    "dang-ky-dan-van-kheo",
    "Đăng ký mô hình Dân vận khéo",
    "Đăng ký mô hình, điển hình Dân vận khéo của đơn vị",
    COMMON
    + (
        Field("don_vi", "Tên đơn vị", required=True),
        Field("chu_tich_ho_ten", "Họ tên chủ tịch công đoàn", required=True),
    ),
    (
        TableSpec("mo_hinh", "Mô hình", (
            Field("ten_mo_hinh", "Tên mô hình", required=True),
            Field("linh_vuc", "Lĩnh vực", required=True, choices=LINH_VUC_DAN_VAN,
                  help="Một trong: " + "; ".join(LINH_VUC_DAN_VAN)),
            Field("muc_tieu", "Mục tiêu"),
            Field("noi_dung", "Nội dung"),
            Field("thoi_gian", "Thời gian"),
            Field("luc_luong", "Lực lượng tham gia"),
            Field("ket_qua_du_kien", "Kết quả dự kiến"),
            Field("nguoi_phu_trach", "Người phụ trách"),
        )),
    ),
)

BUILTIN.update({t.name: t for t in (BAO_CAO_TONG_KET, BANG_CHAM_DIEM, DANG_KY_DAN_VAN_KHEO)})
