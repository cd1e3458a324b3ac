"""Build the bundled sample workbooks in `samples/`, one per built-in template.

Run `python samples/build.py [NAME …]`; it (re)writes `giao-uoc.xlsx`, `giao-uoc-khoi.xlsx`,
`dang-ky-thi-dua.xlsx`, `bao-cao-tong-ket.xlsx`, `bang-cham-diem.xlsx` and
`dang-ky-dan-van-kheo.xlsx` (or only the named ones) next to this script with
`toolkit.generate.sample.write_input_workbook`, the same writer as `thidua template sample`, so the
samples always have the sheets and columns the templates expect (`toolkit.generate.catalog`). The .xlsx
files are committed: `thidua demo`, the tests and new users start from them.

The content is fictional but realistic: the paperwork of 2025 in An Giang province (a
two-party pledge of the Sở Tài chính and its union, the pledge of a cluster of 14 unions, the
registration list of a project-management board; later in the year the union's Dân vận khéo
models, its year-end report on the pledged targets, and the cluster's scoring of a member).
Each sample exercises something: the optional `Số:` line is set on three and empty on the
others; every `ngay_ky` is a real date; the cluster leader and deputy are not listed first;
the registration list has five departments, one without a collective, and its own `Lưu` line
in `noi_nhan`; the report's results meet, miss (`trên 95%` against exactly 95%) or cannot be
compared with their targets; the scoring sheet has sub-criteria, decimal scores, a bonus and a
penalty group; two Dân vận khéo fields are written loosely.
"""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from toolkit.generate.catalog import (BANG_CHAM_DIEM, BAO_CAO_TONG_KET, BUILTIN,  # noqa: E402
                             DANG_KY_DAN_VAN_KHEO)
from toolkit.generate.sample import write_input_workbook  # noqa: E402

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


# --- bao-cao-tong-ket: the year-end report of the Công đoàn cơ sở Sở Tài chính ---------------

BAO_CAO_INFO = {
    "co_quan_chu_quan": "CÔNG ĐOÀN VIÊN CHỨC TỈNH AN GIANG",
    "co_quan_ban_hanh": "Công đoàn cơ sở Sở Tài chính",
    "so_ky_hieu": "12/BC-CĐCS",
    "dia_danh": "An Giang",
    "ngay_ky": date(2025, 11, 20),
    "nam": NAM,
    "noi_nhan": "Công đoàn Viên chức tỉnh An Giang (để báo cáo);\n"
                "Khối thi đua các Sở, ban, ngành tổng hợp;\n"
                "Đảng ủy, Ban Giám đốc Sở;\n"
                "Các tổ công đoàn.",
    "tieu_de": "Tổng kết phong trào thi đua năm 2025 và phương hướng, nhiệm vụ năm 2026",
    "dac_diem":
        "Công đoàn cơ sở Sở Tài chính trực thuộc Công đoàn Viên chức tỉnh An Giang, có 07 tổ "
        "công đoàn ở các phòng, đơn vị thuộc Sở. Ban Chấp hành nhiệm kỳ 2023 - 2028 gồm 07 đồng "
        "chí, Ủy ban Kiểm tra gồm 03 đồng chí.\n"
        "Tổng số cán bộ, công chức, viên chức và người lao động của cơ quan là 80 người (nữ 41 "
        "người, chiếm 51,25%); 100% cán bộ, công chức, viên chức và người lao động là đoàn viên "
        "công đoàn.\n"
        "- Thuận lợi: Công đoàn cơ sở luôn nhận được sự quan tâm lãnh đạo của Đảng ủy, sự phối "
        "hợp chặt chẽ của Ban Giám đốc Sở và sự chỉ đạo sát sao của Công đoàn Viên chức tỉnh; "
        "đội ngũ đoàn viên có trình độ chuyên môn vững vàng, đoàn kết, nhiệt tình.\n"
        "- Khó khăn: khối lượng công việc chuyên môn lớn, nhiều nhiệm vụ đột xuất trong thời gian "
        "sắp xếp, tinh gọn tổ chức bộ máy; một số đoàn viên thường xuyên công tác tại cơ sở nên "
        "việc tham gia sinh hoạt công đoàn còn hạn chế.",
    "ket_qua_chung":
        "1. Công tác tuyên truyền, phát động thi đua: ngay từ đầu năm, Ban Chấp hành phối hợp "
        "với Ban Giám đốc Sở ký kết giao ước thi đua; phát động 03 đợt thi đua ngắn hạn chào mừng "
        "các ngày lễ lớn và 01 đợt thi đua chuyên đề về cải cách hành chính, chuyển đổi số; 100% "
        "đoàn viên đăng ký danh hiệu thi đua.\n"
        "2. Thi đua thực hiện nhiệm vụ chuyên môn: tham mưu Ủy ban nhân dân tỉnh điều hành ngân "
        "sách chặt chẽ, đúng dự toán; tổng thu ngân sách nhà nước trên địa bàn ước đạt 10.141 tỷ "
        "đồng, bằng 106,82% dự toán Hội đồng nhân dân tỉnh giao; thẩm tra quyết toán 1.246 dự án "
        "hoàn thành, kiến nghị giảm trừ 38,5 tỷ đồng so với giá trị đề nghị quyết toán.\n"
        "3. Đại diện, chăm lo, bảo vệ quyền và lợi ích của đoàn viên: phối hợp tổ chức Hội nghị "
        "cán bộ, công chức, viên chức năm 2025; thăm hỏi 27 lượt đoàn viên ốm đau, gia đình có "
        "tang với số tiền 18.900.000 đồng; tặng quà Tết cho 80 đoàn viên với tổng số tiền "
        "80.000.000 đồng; hỗ trợ 01 đoàn viên có hoàn cảnh khó khăn sửa chữa nhà ở 30.000.000 "
        "đồng từ quỹ “Mái ấm công đoàn”.\n"
        "4. Hoạt động văn hóa, thể thao và công tác nữ công: tổ chức Hội thao chào mừng kỷ niệm "
        "80 năm Cách mạng tháng Tám và Quốc khánh 2/9 với 05 môn thi đấu, 72 lượt đoàn viên tham "
        "gia; 36/41 nữ đoàn viên đạt danh hiệu “Giỏi việc nước, đảm việc nhà” (87,8%).\n"
        "5. Xây dựng tổ chức công đoàn: kết nạp 05/05 người lao động mới tuyển dụng (100%); "
        "giới thiệu 02 đoàn viên ưu tú cho Chi bộ xem xét kết nạp Đảng; Ban Chấp hành sinh hoạt "
        "định kỳ hằng quý, Ủy ban Kiểm tra kiểm tra tài chính công đoàn 02 lần trong năm.",
    "ton_tai":
        "- Tỷ lệ Lao động tiên tiến đạt 95% (76/80 người), chưa vượt chỉ tiêu "
        "đăng ký trên 95%, do 04 người chưa đủ thời gian công tác hoặc chưa đạt yêu cầu đánh giá.\n"
        "- Tin, bài phản ánh hoạt động công đoàn mới đạt 10/12 tin, bài; việc cập nhật tin, bài "
        "lên Trang thông tin điện tử của Sở chưa thường xuyên.\n"
        "- Một số tổ công đoàn sinh hoạt chưa đều, nội dung sinh hoạt còn đơn điệu; việc nhân "
        "rộng các mô hình “Dân vận khéo” còn chậm.",
    "phuong_huong":
        "1. Tiếp tục đẩy mạnh phong trào thi đua yêu nước gắn với học tập và làm theo tư tưởng, "
        "đạo đức, phong cách Hồ Chí Minh; ký kết giao ước thi đua năm 2026 ngay từ đầu năm.\n"
        "2. Nâng cao chất lượng bình xét thi đua; phấn đấu tỷ lệ Lao động tiên tiến trên 95% và "
        "ít nhất 12 tin, bài về hoạt động công đoàn.\n"
        "3. Chăm lo tốt đời sống vật chất, tinh thần của đoàn viên; tổ chức các hoạt động văn "
        "hóa, thể thao chào mừng các ngày lễ lớn của đất nước.\n"
        "4. Duy trì và nhân rộng các mô hình “Dân vận khéo”; đẩy mạnh chuyển đổi số trong hoạt "
        "động công đoàn.",
    "de_xuat":
        "1. Đề nghị Công đoàn Viên chức tỉnh tiếp tục mở các lớp tập huấn nghiệp vụ thi đua, "
        "khen thưởng và tài chính công đoàn cho cán bộ công đoàn cơ sở.\n"
        "2. Đề nghị Công đoàn Viên chức tỉnh xem xét, tặng Giấy khen cho Công đoàn cơ sở Sở Tài "
        "chính đã có thành tích xuất sắc trong phong trào thi đua năm 2025.",
    "tu_xep_loai": "Hoàn thành xuất sắc nhiệm vụ",
    # The signing authority and title are left to their defaults: TM. BAN CHẤP HÀNH / CHỦ TỊCH.
    "nguoi_ky_tham_quyen": None,
    "nguoi_ky_chuc_vu": None,
    "nguoi_ky_ho_ten": "Lê Thị Mỹ Hạnh",
}

# (đơn vị tính, kết quả thực hiện) of each pledged target of the two-party pledge, in its
# order: LĐTT at exactly 95% does not meet "trên 95%"; tin, bài falls short; the union's own
# grade is not known yet (text, no verdict); the GVNĐVN result lies inside its 85-90% range.
_THUC_HIEN = [
    ("%", "100%"),
    ("%", "95%"),
    ("%", "11,84%"),
    ("sáng kiến", "03"),
    ("tập thể", "02"),
    ("đơn vị", "Chờ cấp trên xếp loại"),
    ("%", "100%"),
    ("%", "12,5%"),
    ("tin, bài", "10"),
    ("%", "87,8%"),
    ("mô hình", "04"),
    ("%", "97,5%"),
    ("%", "100%"),
]
BAO_CAO_KET_QUA = [
    {"ma_chi_tieu": c["ma_chi_tieu"], "noi_dung": c["noi_dung"], "don_vi_tinh": dvt,
     "dang_ky": c["gia_tri"], "thuc_hien": ket_qua}
    for c, (dvt, ket_qua) in zip(GIAO_UOC_CHI_TIEU, _THUC_HIEN, strict=True)
]

BAO_CAO_KHEN_THUONG = [
    {"hinh_thuc": "Bằng khen của Ban Chấp hành Công đoàn Viên chức Việt Nam", "cap": "Trung ương",
     "so_luong": 1},
    {"hinh_thuc": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "cap": "Tỉnh", "so_luong": 2},
    {"hinh_thuc": "Giấy khen của Công đoàn Viên chức tỉnh An Giang", "cap": "Tỉnh", "so_luong": 4},
    {"hinh_thuc": "Giấy khen của Giám đốc Sở Tài chính", "cap": "Cơ sở", "so_luong": 12},
]


# --- bang-cham-diem: the cluster scores the union of the Sở Tư pháp ---------------------------

BANG_CHAM_DIEM_INFO = {
    "co_quan_chu_quan": "Liên đoàn Lao động tỉnh An Giang",
    "co_quan_ban_hanh": KHOI,
    "so_ky_hieu": None,
    "dia_danh": "An Giang",
    "ngay_ky": date(2025, 11, 28),
    "nam": NAM,
    "noi_nhan": None,
    "khoi": KHOI,
    "don_vi": "Công đoàn cơ sở Sở Tư pháp",
    "chu_tich_ho_ten": "Huỳnh Ngọc Diệp",
    "khoi_truong_ho_ten": "Lê Thị Mỹ Hạnh",
}


def _tieu_chi(stt: str, noi_dung: str, diem_chuan=None, tu_cham=None, khoi_cham=None,
              giai_trinh: str | None = None) -> dict:
    return {"stt": stt, "noi_dung": noi_dung, "diem_chuan": diem_chuan, "tu_cham": tu_cham,
            "khoi_cham": khoi_cham, "giai_trinh": giai_trinh}


# HD 1294/HD-TLĐ: 40 + 40 + 15 points and 5 bonus points; a penalty group. Group and parent rows
# carry no points: the subtotals are computed (toolkit.scoring).
BANG_CHAM_DIEM_TIEU_CHI = [
    _tieu_chi("I", "Công tác đại diện, bảo vệ quyền, lợi ích hợp pháp, chính đáng và chăm lo "
                   "đời sống của đoàn viên, người lao động"),
    _tieu_chi("1", "Phối hợp tổ chức Hội nghị cán bộ, công chức, viên chức; thực hiện quy chế "
                   "dân chủ ở cơ sở"),
    _tieu_chi("1.1", "Phối hợp tổ chức Hội nghị cán bộ, công chức, viên chức đúng thời gian, đủ "
                     "nội dung theo quy định", 5, 5, 5),
    _tieu_chi("1.2", "Tham gia xây dựng quy chế chi tiêu nội bộ, quy chế dân chủ và giám sát việc "
                     "thực hiện", 5, 5, 4.5, "Chưa có biên bản giám sát quý III"),
    _tieu_chi("2", "Tham gia giải quyết chế độ, chính sách; chăm lo việc làm, thu nhập, điều kiện "
                   "làm việc của đoàn viên", 10, 10, 9.5),
    _tieu_chi("3", "Thăm hỏi, hỗ trợ đoàn viên ốm đau, có hoàn cảnh khó khăn; tổ chức “Tết Sum "
                   "vầy”, “Mái ấm công đoàn”", 10, 10, 10),
    _tieu_chi("4", "Tổ chức phong trào thi đua, hoạt động văn hóa, văn nghệ, thể dục thể thao",
              10, 9.5, 9, "Chưa tham gia Hội diễn văn nghệ của Khối"),
    _tieu_chi("II", "Công tác xây dựng tổ chức công đoàn"),
    _tieu_chi("1", "Phát triển, quản lý đoàn viên; kết nạp người lao động đủ điều kiện vào công "
                   "đoàn", 8, 8, 8),
    _tieu_chi("2", "Hoạt động của Ban Chấp hành công đoàn cơ sở"),
    _tieu_chi("2.1", "Có quy chế hoạt động, chương trình công tác toàn khóa và hằng năm", 4, 4, 4),
    _tieu_chi("2.2", "Sinh hoạt Ban Chấp hành định kỳ, có nghị quyết, biên bản đầy đủ", 6, 6, 5.5,
              "Thiếu biên bản sinh hoạt tháng 7"),
    _tieu_chi("3", "Hoạt động của Ủy ban Kiểm tra công đoàn", 6, 6, 6),
    _tieu_chi("4", "Quản lý tài chính, tài sản công đoàn; thu, nộp kinh phí và đoàn phí công đoàn "
                   "đúng, đủ, kịp thời", 10, 10, 10),
    _tieu_chi("5", "Giới thiệu đoàn viên ưu tú cho Đảng xem xét kết nạp", 6, 6, 6,
              "Giới thiệu 02 đoàn viên"),
    _tieu_chi("III", "Công tác tuyên truyền, giáo dục và các hoạt động khác"),
    _tieu_chi("1", "Tuyên truyền chủ trương của Đảng, chính sách, pháp luật của Nhà nước; học tập "
                   "và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", 5, 5, 5),
    _tieu_chi("2", "Công tác nữ công; phong trào “Giỏi việc nước, đảm việc nhà”", 5, 5, 5),
    _tieu_chi("3", "Thông tin, báo cáo định kỳ, đột xuất; tin, bài gửi Bản tin Công đoàn tỉnh",
              5, 4.5, 4, "Gửi 03/04 tin, bài"),
    _tieu_chi("IV", "Điểm thưởng"),
    _tieu_chi("1", "Có mô hình “Dân vận khéo” được công nhận", 2, 2, 2),
    _tieu_chi("2", "Được công đoàn cấp trên khen thưởng chuyên đề, đột xuất", 3, 3, 2,
              "Khen thưởng chuyên đề cấp cơ sở"),
    _tieu_chi("V", "Điểm trừ"),
    _tieu_chi("1", "Gửi báo cáo chậm so với thời gian quy định (trừ 0,5 điểm mỗi lần)", 2, 0, 0.5,
              "Báo cáo 6 tháng gửi chậm"),
    _tieu_chi("2", "Không tham gia hoạt động chung do Khối tổ chức (trừ 1 điểm mỗi lần)", 3, 0, 0),
]


# --- dang-ky-dan-van-kheo: the Dân vận khéo models of the Công đoàn cơ sở Sở Tài chính --------

DAN_VAN_KHEO_INFO = {
    "co_quan_chu_quan": "CÔNG ĐOÀN VIÊN CHỨC TỈNH AN GIANG",
    "co_quan_ban_hanh": "Công đoàn cơ sở Sở Tài chính",
    "so_ky_hieu": None,
    "dia_danh": "An Giang",
    "ngay_ky": date(2025, 3, 12),
    "nam": NAM,
    "noi_nhan": "Công đoàn Viên chức tỉnh An Giang (để báo cáo);\n"
                "Đảng ủy Sở Tài chính;\n"
                "Ban Giám đốc Sở;\n"
                "Các tổ công đoàn.",
    "don_vi": "Công đoàn cơ sở Sở Tài chính",
    "chu_tich_ho_ten": "Lê Thị Mỹ Hạnh",
}

# Lĩnh vực is written loosely in two rows (`văn hóa - Xã hội`, `QUỐC PHÒNG-AN NINH`): loading
# normalizes it to the official spelling. One model has no mục tiêu, one no người phụ trách.
DAN_VAN_KHEO_MO_HINH = [
    {"ten_mo_hinh": "Hướng dẫn trực tuyến quyết toán vốn đầu tư công cho cấp xã",
     "linh_vuc": "Kinh tế",
     "muc_tieu": "Giúp kế toán các xã, phường, thị trấn rút ngắn thời gian lập hồ sơ quyết toán "
                 "dự án hoàn thành, giảm số hồ sơ phải trả lại để bổ sung.",
     "noi_dung": "- Lập nhóm trao đổi nghiệp vụ quyết toán với kế toán các xã, phường, thị trấn;\n"
                 "- Xây dựng bộ tài liệu hướng dẫn và mẫu biểu quyết toán, đăng trên Trang thông "
                 "tin điện tử của Sở;\n"
                 "- Tổ chức 02 buổi hướng dẫn trực tuyến mỗi quý.",
     "thoi_gian": "Từ tháng 3 đến tháng 12 năm 2025",
     "luc_luong": "Tổ công đoàn Phòng Tài chính đầu tư",
     "ket_qua_du_kien": "100% xã, phường, thị trấn được hướng dẫn; giảm ít nhất 30% số hồ sơ quyết "
                        "toán phải trả lại để bổ sung.",
     "nguoi_phu_trach": "Ông Trần Văn Khải, Trưởng phòng Tài chính đầu tư"},
    {"ten_mo_hinh": "Mái ấm công đoàn - chung tay vì đoàn viên khó khăn",
     "linh_vuc": "văn hóa - Xã hội",
     "muc_tieu": "Hỗ trợ đoàn viên có hoàn cảnh khó khăn về nhà ở ổn định cuộc sống, yên tâm công "
                 "tác.",
     "noi_dung": "Vận động mỗi đoàn viên đóng góp ít nhất 01 ngày lương, kết hợp kinh phí công "
                 "đoàn và nguồn xã hội hóa để xây mới, sửa chữa nhà ở cho đoàn viên khó khăn.",
     "thoi_gian": "Năm 2025",
     "luc_luong": "Toàn thể đoàn viên Công đoàn cơ sở",
     "ket_qua_du_kien": "Hỗ trợ sửa chữa 01 căn nhà cho đoàn viên khó khăn, mức hỗ trợ "
                        "30.000.000 đồng.",
     "nguoi_phu_trach": "Bà Lê Thị Mỹ Hạnh, Chủ tịch Công đoàn cơ sở"},
    {"ten_mo_hinh": "Công chức thân thiện - nói không với phiền hà",
     "linh_vuc": "Xây dựng hệ thống chính trị",
     "muc_tieu": "Nâng cao tinh thần, thái độ phục vụ của công chức tiếp nhận và trả kết quả thủ "
                 "tục hành chính; không để xảy ra phản ánh về thái độ phục vụ.",
     "noi_dung": "Công khai số điện thoại đường dây nóng; đăng ký “5 xin, 4 luôn” tại Bộ phận một "
                 "cửa; khảo sát sự hài lòng của tổ chức, cá nhân hằng quý.",
     "thoi_gian": "Năm 2025",
     "luc_luong": "Công chức Văn phòng Sở và Bộ phận tiếp nhận, trả kết quả",
     "ket_qua_du_kien": "Tỷ lệ hài lòng của tổ chức, cá nhân trên 95%.",
     "nguoi_phu_trach": None},
    {"ten_mo_hinh": "Cơ quan an toàn về an ninh trật tự và phòng cháy, chữa cháy",
     "linh_vuc": "QUỐC PHÒNG-AN NINH",
     "muc_tieu": None,
     "noi_dung": "- Kiện toàn Đội phòng cháy, chữa cháy cơ sở và Tổ bảo vệ cơ quan;\n"
                 "- Phối hợp Công an phường tổ chức 01 buổi huấn luyện, diễn tập phương án chữa "
                 "cháy;\n"
                 "- Kiểm tra hệ thống điện, thiết bị chữa cháy định kỳ hằng tháng.",
     "thoi_gian": "Quý II đến quý IV năm 2025",
     "luc_luong": "Đội phòng cháy, chữa cháy cơ sở và Tổ bảo vệ cơ quan",
     "ket_qua_du_kien": "Không để xảy ra cháy, nổ, mất tài sản; 100% thành viên Đội phòng cháy, "
                        "chữa cháy cơ sở được huấn luyện nghiệp vụ.",
     "nguoi_phu_trach": "Ông Nguyễn Văn Hiền, Chánh Văn phòng Sở"},
]


SAMPLES = {
    "giao-uoc": (GIAO_UOC_INFO, {"chi_tieu": GIAO_UOC_CHI_TIEU,
                                 "trach_nhiem": GIAO_UOC_TRACH_NHIEM}),
    "giao-uoc-khoi": (GIAO_UOC_KHOI_INFO, {"thanh_vien": GIAO_UOC_KHOI_THANH_VIEN,
                                           "noi_dung_thi_dua": GIAO_UOC_KHOI_NOI_DUNG,
                                           "chi_tieu": GIAO_UOC_KHOI_CHI_TIEU}),
    "dang-ky-thi-dua": (DANG_KY_INFO, {"ca_nhan": DANG_KY_CA_NHAN, "tap_the": DANG_KY_TAP_THE}),
    "bao-cao-tong-ket": (BAO_CAO_INFO, {"ket_qua": BAO_CAO_KET_QUA,
                                        "khen_thuong": BAO_CAO_KHEN_THUONG}),
    "bang-cham-diem": (BANG_CHAM_DIEM_INFO, {"tieu_chi": BANG_CHAM_DIEM_TIEU_CHI}),
    "dang-ky-dan-van-kheo": (DAN_VAN_KHEO_INFO, {"mo_hinh": DAN_VAN_KHEO_MO_HINH}),
}

# The report, scoring-sheet and Dân vận khéo specs are not registered in BUILTIN yet.
SPECS = {**{s.name: s for s in (BAO_CAO_TONG_KET, BANG_CHAM_DIEM, DANG_KY_DAN_VAN_KHEO)}, **BUILTIN}


def main(names: list[str]) -> None:
    """Write the named samples, or all of them."""
    unknown = [n for n in names if n not in SAMPLES]
    if unknown:
        sys.exit(f"không có mẫu: {', '.join(unknown)}; các mẫu: {', '.join(SAMPLES)}")
    for name in names or SAMPLES:
        info, tables = SAMPLES[name]
        path = write_input_workbook(SPECS[name], HERE / f"{name}.xlsx", info, tables)
        print(path)


if __name__ == "__main__":
    main(sys.argv[1:])
