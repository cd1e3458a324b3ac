"""Build the bundled sample workbooks in `samples/`, one per built-in template.

Run `python samples/build.py`; it (re)writes `giao-uoc.xlsx`, `giao-uoc-khoi.xlsx` and
`dang-ky-thi-dua.xlsx` next to this script with `toolkit.sample.write_input_workbook`, the same
writer as `thidua template sample`, so the samples always have the sheets and columns the
templates expect (`toolkit.catalog.BUILTIN`). The .xlsx files are committed: `thidua demo`,
the tests and new users start from them.

The content is fictional but realistic: the paperwork of early 2025 in An Giang province
(a two-party pledge of the Sở Tài chính and its union, the pledge of a cluster of 14 unions,
the registration list of a project-management board). Each sample exercises something: the
optional `Số:` line is set on two and empty on the cluster pledge; every `ngay_ky` is a real
date; the cluster leader and deputy are not listed first; the registration list has five
departments, one without a collective, and its own `Lưu` line in `noi_nhan`.
"""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from toolkit.catalog import BUILTIN  # noqa: E402
from toolkit.sample import write_input_workbook  # noqa: E402

NAM = 2025
CHUYEN_MON, CONG_DOAN, HAI_BEN = "Chuyên môn", "Công đoàn", "Hai bên"


def _chi_tieu(nhom: str, noi_dung: str, ma: str | None, gia_tri: str, ben: str) -> dict:
    return {"nhom": nhom, "noi_dung": noi_dung, "ma_chi_tieu": ma, "gia_tri": gia_tri, "ben": ben}


# --- giao-uoc: Sở Tài chính tỉnh An Giang × Công đoàn cơ sở Sở Tài chính ---------------------

GIAO_UOC_INFO = {
    "co_quan_chu_quan": "CÔNG ĐOÀN VIÊN CHỨC TỈNH AN GIANG",
    "co_quan_ban_hanh": "Công đoàn cơ sở Sở Tài chính",
    "so_ky_hieu": "01/GƯTĐ-CĐCS",
    "dia_danh": "An Giang",
    "ngay_ky": date(2025, 2, 5),
    "nam": NAM,
    "noi_nhan": "Công đoàn Viên chức tỉnh An Giang (để báo cáo);\n"
                "Ban Giám đốc Sở;\n"
                "Các phòng, đơn vị thuộc Sở;\n"
                "Các tổ công đoàn.",
    "don_vi": "Sở Tài chính tỉnh An Giang",
    "cong_doan": "Công đoàn cơ sở Sở Tài chính",
    "loi_mo_dau": "Thực hiện Kế hoạch số 08/KH-CĐVC ngày 10/01/2025 của Công đoàn Viên chức tỉnh "
                  "An Giang về tổ chức các phong trào thi đua năm 2025; căn cứ chương trình công "
                  "tác năm 2025 của Sở Tài chính và Nghị quyết Hội nghị cán bộ, công chức, viên "
                  "chức năm 2025 của cơ quan.",
    "muc_tieu_chung": "Đẩy mạnh phong trào thi đua yêu nước gắn với học tập và làm theo tư tưởng, "
                      "đạo đức, phong cách Hồ Chí Minh; phát huy tinh thần đoàn kết, sáng tạo của "
                      "cán bộ, công chức, viên chức và người lao động, phấn đấu hoàn thành xuất sắc "
                      "nhiệm vụ chính trị năm 2025, xây dựng cơ quan đạt chuẩn văn hóa và Công đoàn "
                      "cơ sở hoàn thành xuất sắc nhiệm vụ.",
    "thu_truong_chuc_vu": "Giám đốc",
    "thu_truong_ho_ten": "Nguyễn Thanh Bình",
    "chu_tich_ho_ten": "Lê Thị Mỹ Hạnh",
}

_CM, _CD, _PT = "Về công tác chuyên môn", "Về hoạt động công đoàn", "Về các phong trào thi đua"
GIAO_UOC_CHI_TIEU = [
    _chi_tieu(_CM, "Hoàn thành các nhiệm vụ, chỉ tiêu chuyên môn được Ủy ban nhân dân tỉnh giao "
                   "năm 2025", None, "100%", CHUYEN_MON),
    _chi_tieu(_CM, "Cán bộ, công chức, viên chức, người lao động đạt danh hiệu Lao động tiên tiến",
              "lao_dong_tien_tien", "trên 95%", CHUYEN_MON),
    _chi_tieu(_CM, "Cá nhân đạt danh hiệu Chiến sĩ thi đua cơ sở (so với số Lao động tiên tiến)",
              "chien_si_thi_dua_co_so", "không quá 15%", CHUYEN_MON),
    _chi_tieu(_CM, "Sáng kiến, giải pháp cải tiến được Hội đồng sáng kiến cơ sở công nhận",
              "sang_kien", "02", HAI_BEN),
    _chi_tieu(_CM, "Phòng, đơn vị đạt danh hiệu Tập thể lao động xuất sắc",
              "tap_the_lao_dong_xuat_sac", "ít nhất 01", CHUYEN_MON),
    _chi_tieu(_CD, "Công đoàn cơ sở được công đoàn cấp trên đánh giá, xếp loại hoàn thành xuất sắc "
                   "nhiệm vụ", "cdcs_hoan_thanh_xuat_sac", "01", CONG_DOAN),
    _chi_tieu(_CD, "Kết nạp người lao động mới tuyển dụng đủ điều kiện vào tổ chức công đoàn",
              "ket_nap_doan_vien", "100%", CONG_DOAN),
    _chi_tieu(_CD, "Đoàn viên đạt danh hiệu Đoàn viên công đoàn xuất sắc",
              "doan_vien_cong_doan_xuat_sac", "ít nhất 10%", CONG_DOAN),
    _chi_tieu(_CD, "Tin, bài về hoạt động công đoàn đăng trên Trang thông tin điện tử của Sở và của "
                   "Công đoàn Viên chức tỉnh", "tin_bai", "ít nhất 12", CONG_DOAN),
    _chi_tieu(_PT, "Nữ cán bộ, công chức, viên chức, người lao động đạt danh hiệu “Giỏi việc nước, "
                   "đảm việc nhà”", "gioi_viec_nuoc_dam_viec_nha", "85-90%", CONG_DOAN),
    _chi_tieu(_PT, "Đăng ký và thực hiện mô hình “Dân vận khéo” cấp cơ sở",
              "mo_hinh_dan_van_kheo", "ít nhất 01", HAI_BEN),
    _chi_tieu(_PT, "Gia đình cán bộ, công chức, viên chức đạt danh hiệu Gia đình văn hóa",
              "gia_dinh_van_hoa", "trên 95%", HAI_BEN),
    _chi_tieu(_PT, "Cán bộ, công chức, viên chức, người lao động chấp hành tốt chủ trương của "
                   "Đảng, chính sách, pháp luật của Nhà nước, không vi phạm kỷ luật", None, "100%",
              HAI_BEN),
]

GIAO_UOC_TRACH_NHIEM = [
    {"ben": CHUYEN_MON, "noi_dung": "Chỉ đạo các phòng, đơn vị xây dựng kế hoạch công tác năm "
                                    "2025 gắn với phong trào thi đua; tạo điều kiện để Công đoàn "
                                    "cơ sở hoạt động theo quy định của Luật Công đoàn."},
    {"ben": CHUYEN_MON, "noi_dung": "Thực hiện đầy đủ chế độ, chính sách đối với cán bộ, công "
                                    "chức, viên chức và người lao động; tổ chức Hội nghị cán bộ, "
                                    "công chức, viên chức và thực hiện tốt quy chế dân chủ ở cơ sở."},
    {"ben": CHUYEN_MON, "noi_dung": "Bố trí kinh phí cho công tác thi đua, khen thưởng và các hoạt "
                                    "động văn hóa, thể thao theo quy chế chi tiêu nội bộ."},
    {"ben": CHUYEN_MON, "noi_dung": "Phối hợp với Ban Chấp hành Công đoàn cơ sở sơ kết, tổng kết, "
                                    "bình xét thi đua, khen thưởng kịp thời, công khai, đúng đối "
                                    "tượng."},
    {"ben": CONG_DOAN, "noi_dung": "Tuyên truyền, vận động đoàn viên, người lao động thi đua hoàn "
                                   "thành nhiệm vụ chuyên môn; phát động các đợt thi đua ngắn hạn, "
                                   "chuyên đề."},
    {"ben": CONG_DOAN, "noi_dung": "Đại diện, chăm lo, bảo vệ quyền và lợi ích hợp pháp, chính "
                                   "đáng của đoàn viên, người lao động; giám sát việc thực hiện "
                                   "chế độ, chính sách."},
    {"ben": CONG_DOAN, "noi_dung": "Tổ chức các hoạt động văn hóa, văn nghệ, thể dục thể thao; "
                                   "thăm hỏi, hỗ trợ đoàn viên có hoàn cảnh khó khăn."},
    {"ben": CONG_DOAN, "noi_dung": "Phối hợp với Thủ trưởng cơ quan theo dõi, đánh giá kết quả thực "
                                   "hiện giao ước và đề xuất khen thưởng."},
]


# --- giao-uoc-khoi: the cluster of general-affairs departments of An Giang ------------------

KHOI = "Khối thi đua các Sở, ban, ngành tổng hợp"

GIAO_UOC_KHOI_INFO = {
    "co_quan_chu_quan": "Liên đoàn Lao động tỉnh An Giang",
    "co_quan_ban_hanh": KHOI,
    "so_ky_hieu": None,
    "dia_danh": "An Giang",
    "ngay_ky": date(2025, 1, 16),
    "nam": NAM,
    "noi_nhan": "Liên đoàn Lao động tỉnh An Giang (để báo cáo)\n"
                "Ban Thi đua - Khen thưởng tỉnh\n"
                "Các công đoàn cơ sở thành viên Khối",
    "khoi": KHOI,
    "loi_mo_dau": "Thực hiện Hướng dẫn số 05/HD-LĐLĐ ngày 06/01/2025 của Ban Thường vụ Liên đoàn "
                  "Lao động tỉnh An Giang về công tác thi đua, khen thưởng năm 2025, Hội nghị các "
                  "công đoàn cơ sở thành viên Khối ngày 16 tháng 01 năm 2025 đã thống nhất nội "
                  "dung giao ước thi đua năm 2025.",
}

GIAO_UOC_KHOI_THANH_VIEN = [
    {"ten_cdcs": "Công đoàn cơ sở Văn phòng Ủy ban nhân dân tỉnh", "vai_tro": None,
     "chu_tich": "Trần Minh Tuấn"},
    {"ten_cdcs": "Công đoàn cơ sở Văn phòng Đoàn Đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
     "vai_tro": None, "chu_tich": "Nguyễn Thị Phương Thảo"},
    {"ten_cdcs": "Công đoàn cơ sở Sở Nội vụ", "vai_tro": "Khối phó", "chu_tich": "Lê Văn Cường"},
    {"ten_cdcs": "Công đoàn cơ sở Sở Tư pháp", "vai_tro": None, "chu_tich": "Huỳnh Ngọc Diệp"},
    {"ten_cdcs": "Công đoàn cơ sở Thanh tra tỉnh", "vai_tro": None, "chu_tich": "Phạm Văn Hòa"},
    {"ten_cdcs": "Công đoàn cơ sở Sở Tài chính", "vai_tro": "Khối trưởng",
     "chu_tich": "Lê Thị Mỹ Hạnh"},
    {"ten_cdcs": "Công đoàn cơ sở Sở Kế hoạch và Đầu tư", "vai_tro": None,
     "chu_tich": "Võ Hoàng Sơn"},
    {"ten_cdcs": "Công đoàn cơ sở Sở Ngoại vụ", "vai_tro": None, "chu_tich": "Đặng Thị Kim Loan"},
    {"ten_cdcs": "Công đoàn cơ sở Cục Thống kê tỉnh", "vai_tro": None,
     "chu_tich": "Nguyễn Hữu Thọ"},
    {"ten_cdcs": "Công đoàn cơ sở Kho bạc Nhà nước An Giang", "vai_tro": None,
     "chu_tich": "Trương Thị Ngọc Hà"},
    {"ten_cdcs": "Công đoàn cơ sở Cục Thuế tỉnh", "vai_tro": None, "chu_tich": "Bùi Quang Vinh"},
    {"ten_cdcs": "Công đoàn cơ sở Cục Hải quan tỉnh", "vai_tro": None,
     "chu_tich": "Châu Văn Tài"},
    {"ten_cdcs": "Công đoàn cơ sở Ngân hàng Nhà nước chi nhánh tỉnh An Giang", "vai_tro": None,
     "chu_tich": "Lâm Thị Thanh Xuân"},
    {"ten_cdcs": "Công đoàn cơ sở Bảo hiểm xã hội tỉnh", "vai_tro": None,
     "chu_tich": "Hồ Thanh Liêm"},
]

GIAO_UOC_KHOI_NOI_DUNG = [
    {"noi_dung": "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh gắn với "
                 "các phong trào thi đua yêu nước do Liên đoàn Lao động tỉnh phát động."},
    {"noi_dung": "Thi đua hoàn thành xuất sắc nhiệm vụ chính trị của từng cơ quan, đơn vị; đẩy "
                 "mạnh cải cách hành chính, chuyển đổi số, nâng cao chất lượng phục vụ người dân "
                 "và doanh nghiệp."},
    {"noi_dung": "Chăm lo đời sống vật chất, tinh thần; đại diện, bảo vệ quyền, lợi ích hợp pháp, "
                 "chính đáng của đoàn viên, người lao động; thực hiện tốt quy chế dân chủ ở cơ sở."},
    {"noi_dung": "Phát triển đoàn viên, xây dựng công đoàn cơ sở hoàn thành tốt nhiệm vụ trở lên; "
                 "giới thiệu đoàn viên ưu tú để Đảng xem xét kết nạp."},
    {"noi_dung": "Đẩy mạnh phong trào “Giỏi việc nước, đảm việc nhà” trong nữ công chức, viên "
                 "chức, lao động; thực hiện tốt công tác gia đình và bình đẳng giới."},
    {"noi_dung": "Đăng ký và thực hiện hiệu quả mô hình “Dân vận khéo”; hưởng ứng phong trào "
                 "“Người tốt, việc tốt”."},
    {"noi_dung": "Tham gia đầy đủ các hoạt động văn hóa, văn nghệ, thể dục thể thao do Khối và "
                 "công đoàn cấp trên tổ chức."},
    {"noi_dung": "Thực hiện tốt công tác tuyên truyền; gửi báo cáo định kỳ, đột xuất về Khối trưởng "
                 "đúng thời gian quy định."},
]

GIAO_UOC_KHOI_CHI_TIEU = [
    _chi_tieu(_CM, "Cơ quan, đơn vị hoàn thành xuất sắc nhiệm vụ chính trị được giao", None,
              "100%", CHUYEN_MON),
    _chi_tieu(_CM, "Cán bộ, công chức, viên chức, người lao động đạt danh hiệu Lao động tiên tiến",
              "lao_dong_tien_tien", "trên 90%", CHUYEN_MON),
    _chi_tieu(_CM, "Cá nhân đạt danh hiệu Chiến sĩ thi đua cơ sở (so với số Lao động tiên tiến)",
              "chien_si_thi_dua_co_so", "không quá 15%", CHUYEN_MON),
    _chi_tieu(_CD, "Công đoàn cơ sở được xếp loại hoàn thành tốt nhiệm vụ trở lên", "cdcs_vung_manh",
              "100%", CONG_DOAN),
    _chi_tieu(_CD, "Người lao động đủ điều kiện được kết nạp vào tổ chức công đoàn",
              "ket_nap_doan_vien", "100%", CONG_DOAN),
    _chi_tieu(_CD, "Đoàn viên ưu tú được giới thiệu cho Đảng xem xét kết nạp", "gioi_thieu_dang",
              "ít nhất 01", CONG_DOAN),
    _chi_tieu(_CD, "Tin, bài phản ánh hoạt động của đơn vị gửi Bản tin Công đoàn tỉnh", "tin_bai",
              "ít nhất 04", CONG_DOAN),
    _chi_tieu(_PT, "Nữ công chức, viên chức, lao động đạt danh hiệu “Giỏi việc nước, đảm việc nhà”",
              "gioi_viec_nuoc_dam_viec_nha", "85-90%", CONG_DOAN),
    _chi_tieu(_PT, "Mô hình “Dân vận khéo” được đăng ký và triển khai", "mo_hinh_dan_van_kheo",
              "ít nhất 01", HAI_BEN),
    _chi_tieu(_PT, "Cơ quan, đơn vị đạt chuẩn văn hóa", "co_quan_van_hoa", "100%", HAI_BEN),
]


# --- dang-ky-thi-dua: Ban Quản lý dự án đầu tư xây dựng tỉnh An Giang ------------------------

DANG_KY_INFO = {
    "co_quan_chu_quan": "CÔNG ĐOÀN VIÊN CHỨC TỈNH AN GIANG",
    "co_quan_ban_hanh": "Công đoàn cơ sở Ban Quản lý dự án đầu tư xây dựng tỉnh",
    "so_ky_hieu": "03/ĐKTĐ-CĐCS",
    "dia_danh": "An Giang",
    "ngay_ky": date(2025, 3, 4),
    "nam": NAM,
    "noi_nhan": "- Công đoàn Viên chức tỉnh An Giang;\n"
                "- Hội đồng Thi đua - Khen thưởng Ban;\n"
                "- Lưu: VT, CĐCS.",
    "cong_doan": "Công đoàn cơ sở Ban Quản lý dự án đầu tư xây dựng tỉnh An Giang",
    "chu_tich_ho_ten": "Huỳnh Thị Thu Trang",
    "thu_truong_ho_ten": "Phan Văn Lộc",
    "nguoi_lap_bieu": "Võ Thị Kim Ngân",
}

LDTT, CSTD = "Lao động tiên tiến", "Lao động tiên tiến, Chiến sĩ thi đua cơ sở"
GK_BAN, GK_CDVC, BK_UBND = ("Giấy khen của Giám đốc Ban", "Giấy khen của Công đoàn Viên chức tỉnh",
                            "Bằng khen của Ủy ban nhân dân tỉnh")
BGD, TCHC, KHTC, KTTD, QLDA = ("Ban Giám đốc", "Phòng Tổ chức - Hành chính",
                               "Phòng Kế hoạch - Tài chính", "Phòng Kỹ thuật - Thẩm định",
                               "Phòng Quản lý dự án")

# (họ và tên, chức vụ, đơn vị, danh hiệu, hình thức khen thưởng, ghi chú)
_CA_NHAN = [
    ("Phan Văn Lộc", "Giám đốc", BGD, CSTD, BK_UBND, None),
    ("Nguyễn Thị Thanh Thủy", "Phó Giám đốc", BGD, LDTT, None, None),
    ("Trần Quốc Khánh", "Phó Giám đốc", BGD, LDTT, None, None),
    ("Lê Thị Ngọc Hân", "Trưởng phòng", TCHC, CSTD, GK_BAN, None),
    ("Võ Thị Kim Ngân", "Phó Trưởng phòng", TCHC, LDTT, None, None),
    ("Đặng Minh Tâm", "Chuyên viên", TCHC, LDTT, None, None),
    ("Huỳnh Thị Thu Trang", "Chuyên viên", TCHC, LDTT, GK_CDVC, "Chủ tịch CĐCS"),
    ("Trương Văn Phúc", "Văn thư", TCHC, LDTT, None, None),
    ("Nguyễn Văn Sang", "Lái xe", TCHC, LDTT, None, None),
    ("Lâm Thị Bích", "Nhân viên phục vụ", TCHC, LDTT, None, "Hợp đồng lao động"),
    ("Phạm Thị Mỹ Linh", "Trưởng phòng", KHTC, LDTT, None, None),
    ("Châu Thanh Hải", "Phó Trưởng phòng", KHTC, LDTT, None, None),
    ("Ngô Thị Hồng Nhung", "Kế toán trưởng", KHTC, CSTD, GK_BAN, None),
    ("Đỗ Minh Trí", "Chuyên viên", KHTC, LDTT, None, None),
    ("Bùi Thị Yến", "Kế toán viên", KHTC, LDTT, None, None),
    ("Tô Hoàng Nam", "Chuyên viên", KHTC, LDTT, None, None),
    ("Dương Thị Ánh Tuyết", "Thủ quỹ", KHTC, LDTT, None, None),
    ("Hồ Văn Thắng", "Trưởng phòng", KTTD, LDTT, None, None),
    ("Nguyễn Hoàng Phong", "Phó Trưởng phòng", KTTD, CSTD, None, "Sáng kiến cấp cơ sở"),
    ("Lý Minh Quân", "Kỹ sư", KTTD, LDTT, None, None),
    ("Trần Thị Diễm My", "Kỹ sư", KTTD, LDTT, None, None),
    ("Võ Thành Đạt", "Kỹ sư", KTTD, LDTT, GK_BAN, None),
    ("Mai Văn Toàn", "Chuyên viên", KTTD, LDTT, None, None),
    ("Phạm Quốc Bảo", "Kỹ sư", KTTD, LDTT, None, None),
    ("Kiều Thị Mai", "Chuyên viên", KTTD, LDTT, None, None),
    ("Lê Hoàng Vũ", "Trưởng phòng", QLDA, LDTT, None, None),
    ("Trịnh Văn Hiếu", "Phó Trưởng phòng", QLDA, LDTT, None, None),
    ("Nguyễn Thị Cẩm Tú", "Kỹ sư", QLDA, LDTT, None, None),
    ("Đoàn Văn Nghĩa", "Cán bộ giám sát", QLDA, LDTT, None, None),
    ("Huỳnh Tấn Lực", "Cán bộ giám sát", QLDA, LDTT, GK_CDVC, None),
    ("Phan Thị Kiều Oanh", "Kỹ sư", QLDA, LDTT, None, None),
    ("Lưu Minh Khoa", "Cán bộ giám sát", QLDA, LDTT, None, None),
    ("Thái Văn Hậu", "Kỹ sư", QLDA, LDTT, None, None),
    ("Quách Thị Ngọc Ánh", "Chuyên viên", QLDA, LDTT, None, None),
    ("Võ Hữu Lợi", "Cán bộ giám sát", QLDA, LDTT, None, "Hợp đồng lao động"),
    ("Nguyễn Phước Thịnh", "Kỹ sư", QLDA, LDTT, None, None),
]
DANG_KY_CA_NHAN = [
    dict(zip(("ho_va_ten", "chuc_vu", "don_vi", "danh_hieu", "hinh_thuc_khen_thuong", "ghi_chu"),
             row))
    for row in _CA_NHAN
]

# `don_vi` (not in the catalog) ties each collective to its department, so that
# `--group-by ca_nhan.don_vi` puts a department's collective on its own list.
DANG_KY_TAP_THE = [
    {"ten_tap_the": TCHC, "danh_hieu": "Tập thể lao động xuất sắc", "hinh_thuc_khen_thuong": GK_BAN,
     "ghi_chu": None, "don_vi": TCHC},
    {"ten_tap_the": KHTC, "danh_hieu": "Tập thể lao động tiên tiến", "hinh_thuc_khen_thuong": None,
     "ghi_chu": None, "don_vi": KHTC},
    {"ten_tap_the": KTTD, "danh_hieu": "Tập thể lao động xuất sắc", "hinh_thuc_khen_thuong": BK_UBND,
     "ghi_chu": None, "don_vi": KTTD},
    {"ten_tap_the": QLDA, "danh_hieu": "Tập thể lao động tiên tiến", "hinh_thuc_khen_thuong": None,
     "ghi_chu": None, "don_vi": QLDA},
]


SAMPLES = {
    "giao-uoc": (GIAO_UOC_INFO, {"chi_tieu": GIAO_UOC_CHI_TIEU,
                                 "trach_nhiem": GIAO_UOC_TRACH_NHIEM}),
    "giao-uoc-khoi": (GIAO_UOC_KHOI_INFO, {"thanh_vien": GIAO_UOC_KHOI_THANH_VIEN,
                                           "noi_dung_thi_dua": GIAO_UOC_KHOI_NOI_DUNG,
                                           "chi_tieu": GIAO_UOC_KHOI_CHI_TIEU}),
    "dang-ky-thi-dua": (DANG_KY_INFO, {"ca_nhan": DANG_KY_CA_NHAN, "tap_the": DANG_KY_TAP_THE}),
}


def main() -> None:
    for name, (info, tables) in SAMPLES.items():
        path = write_input_workbook(BUILTIN[name], HERE / f"{name}.xlsx", info, tables)
        print(path)


if __name__ == "__main__":
    main()
