import pytest

from toolkit.vn import KHAC, METRICS, Metric, find_metric, fold, metric_names, nfc

DESIGN_CODES = [
    "lao_dong_tien_tien", "chien_si_thi_dua_co_so", "chien_si_thi_dua_cap_tinh",
    "chien_si_thi_dua_toan_quoc", "doan_vien_cong_doan_xuat_sac", "gioi_viec_nuoc_dam_viec_nha",
    "nguoi_tot_viec_tot",
    "tap_the_lao_dong_tien_tien", "tap_the_lao_dong_xuat_sac", "co_thi_dua_chinh_phu",
    "co_thi_dua_cap_tinh", "co_thi_dua_tld", "co_thi_dua_ldld", "gia_dinh_van_hoa",
    "co_quan_van_hoa",
    "cdcs_vung_manh", "cdcs_hoan_thanh_xuat_sac", "cdcs_hoan_thanh_tot", "cdcs_hoan_thanh",
    "cdcs_khong_hoan_thanh",
    "bang_khen_thu_tuong", "bang_khen_tld", "bang_khen_cd_nganh", "bang_khen_ldld",
    "bang_khen_ubnd", "bang_lao_dong_sang_tao", "giay_khen", "ky_niem_chuong",
    "so_cdcs", "so_doan_vien", "so_nguoi_lao_dong", "ket_nap_doan_vien", "gioi_thieu_dang",
    "ket_nap_dang",
    "sang_kien", "cong_trinh_thi_dua", "mo_hinh_dan_van_kheo", "tin_bai", "phat_dong_thi_dua",
    "hoc_tap_lam_theo_bac",
    # Awards by form and issuer (toolkit/vn/awards.py).
    "bang_khen", "bang_khen_tap_doan", "co_thi_dua",
    "co_thi_dua_cd_nganh", "co_thi_dua_tap_doan",
    "huan_chuong_sao_vang", "huan_chuong_ho_chi_minh", "huan_chuong_doc_lap",
    "huan_chuong_lao_dong", "huan_chuong_bao_ve_to_quoc", "huan_chuong_chien_cong",
    "huan_chuong_dai_doan_ket_dan_toc", "huan_chuong_dung_cam", "huan_chuong_huu_nghi",
    "huy_chuong", "anh_hung_lao_dong", "anh_hung_llvtnd", "ba_me_viet_nam_anh_hung",
    "nha_giao_nhan_dan", "nha_giao_uu_tu", "thay_thuoc_nhan_dan", "thay_thuoc_uu_tu",
    "nghe_si_nhan_dan", "nghe_si_uu_tu", "nghe_nhan_nhan_dan", "nghe_nhan_uu_tu",
    "giai_thuong_ho_chi_minh", "giai_thuong_nha_nuoc",
    "giai_dac_biet", "giai_nhat", "giai_nhi", "giai_ba", "giai_khuyen_khich",
]


def test_codes_are_exactly_the_design_vocabulary_in_order():
    assert list(METRICS) == DESIGN_CODES
    assert KHAC == "khac" and KHAC not in METRICS


def test_every_metric_is_well_formed():
    for code, metric in METRICS.items():
        assert isinstance(metric, Metric) and metric.code == code
        assert metric.group in ("ca_nhan", "tap_the", "xep_loai", "khen_thuong", "to_chuc", "hoat_dong")
        assert metric.subject_type in ("individual", "collective", "unit")
        assert all(nfc(s) == s for s in (metric.name, metric.short, *metric.aliases))


BARE_AWARD_FORMS = {"bang_khen", "co_thi_dua", "giai_dac_biet", "giai_nhat", "giai_nhi", "giai_ba",
                    "giai_khuyen_khich"}


def test_every_name_short_form_and_alias_finds_its_own_metric():
    for metric in METRICS.values():
        if metric.code in BARE_AWARD_FORMS:
            continue
        for phrase in {metric.name, metric.short, *metric.aliases} - {""}:
            written = phrase.replace("…", "05 đoàn viên ưu tú")
            assert find_metric(written) == metric, phrase


def test_a_bare_award_form_is_an_award_but_not_a_sentence_metric():
    from toolkit.vn.awards import find_award

    for code in BARE_AWARD_FORMS:
        name = METRICS[code].name
        assert find_metric(name) is None, name
        assert find_award(name).metric == code, name


@pytest.mark.parametrize("text, code", [
    ("Lao động tiên tiến", "lao_dong_tien_tien"),
    ("Lao động tiến tiến", "lao_dong_tien_tien"),
    ("LAO ĐỘNG TIÊN TIẾN", "lao_dong_tien_tien"),
    ("Lao dong tien tien", "lao_dong_tien_tien"),
    ("LĐ tiên tiến", "lao_dong_tien_tien"),
    ("LĐTT", "lao_dong_tien_tien"),
    ("Lao đông tiên tiến", "lao_dong_tien_tien"),
    ("Chiến sỹ thi đua cơ sở", "chien_si_thi_dua_co_so"),
    ("CSTĐ cơ sở", "chien_si_thi_dua_co_so"),
    ("CSTĐCS", "chien_si_thi_dua_co_so"),
    ("Chiến sĩ thi đua cấp tỉnh", "chien_si_thi_dua_cap_tinh"),
    ("Chiến sĩ thi đua cấp bộ", "chien_si_thi_dua_cap_tinh"),
    ("Chiến sỹ thi đua cấp ngành", "chien_si_thi_dua_cap_tinh"),
    ("Chiến sĩ thi đua toàn quốc", "chien_si_thi_dua_toan_quoc"),
    ("Đoàn viên công đoàn xuất sắc", "doan_vien_cong_doan_xuat_sac"),
    ("Giỏi việc nước, đảm việc nhà", "gioi_viec_nuoc_dam_viec_nha"),
    ("Người tốt việc tốt", "nguoi_tot_viec_tot"),
    ("TTLĐXS", "tap_the_lao_dong_xuat_sac"),
    ("Tập thể LĐ xuất sắc", "tap_the_lao_dong_xuat_sac"),
    ("TTLĐTT", "tap_the_lao_dong_tien_tien"),
    ("Tập thể lao động tiên tiến", "tap_the_lao_dong_tien_tien"),
    ("Tập thể lao động tiến tiến", "tap_the_lao_dong_tien_tien"),
    ("Cờ thi đua của Chính phủ", "co_thi_dua_chinh_phu"),
    ("Cờ thi đua của Tổng Liên đoàn", "co_thi_dua_tld"),
    ("Cờ thi đua LĐLĐ tỉnh", "co_thi_dua_ldld"),
    ("Cờ thi đua của UBND tỉnh", "co_thi_dua_cap_tinh"),
    ("Gia đình văn hóa", "gia_dinh_van_hoa"),
    ("Gia đình văn hoá", "gia_dinh_van_hoa"),
    ("Cơ quan văn hóa", "co_quan_van_hoa"),
    ("CĐCS vững mạnh", "cdcs_vung_manh"),
    ("vững mạnh", "cdcs_vung_manh"),
    ("Hoàn thành xuất sắc nhiệm vụ", "cdcs_hoan_thanh_xuat_sac"),
    ("HTXSNV", "cdcs_hoan_thanh_xuat_sac"),
    ("Hoàn thành tốt nhiệm vụ", "cdcs_hoan_thanh_tot"),
    ("HTTNV", "cdcs_hoan_thanh_tot"),
    ("Hoàn thành nhiệm vụ", "cdcs_hoan_thanh"),
    ("Không hoàn thành nhiệm vụ", "cdcs_khong_hoan_thanh"),
    ("Bằng khen của Thủ tướng Chính phủ", "bang_khen_thu_tuong"),
    ("Bằng khen của Tổng Liên đoàn", "bang_khen_tld"),
    ("Bằng khen Tổng LĐLĐ VN", "bang_khen_tld"),
    ("Bằng khen của Công đoàn Viên chức Việt Nam", "bang_khen_cd_nganh"),
    ("Bằng khen LĐLĐ tỉnh", "bang_khen_ldld"),
    ("Bằng khen UBND tỉnh", "bang_khen_ubnd"),
    ("Bằng Lao động sáng tạo", "bang_lao_dong_sang_tao"),
    ("Giấy khen", "giay_khen"),
    ("Kỷ niệm chương", "ky_niem_chuong"),
    ("Kỉ niệm chương", "ky_niem_chuong"),
    ("Số CĐCS trực thuộc", "so_cdcs"),
    ("đoàn viên", "so_doan_vien"),
    ("CBCCVCLĐ", "so_nguoi_lao_dong"),
    ("CNVCLĐ", "so_nguoi_lao_dong"),
    ("CCVCLĐ", "so_nguoi_lao_dong"),
    ("người lao động", "so_nguoi_lao_dong"),
    ("NLĐ", "so_nguoi_lao_dong"),
    ("kết nạp đoàn viên", "ket_nap_doan_vien"),
    ("Giới thiệu 05 đoàn viên ưu tú cho Đảng xem xét kết nạp", "gioi_thieu_dang"),
    ("giới thiệu kết nạp Đảng", "gioi_thieu_dang"),
    ("kết nạp Đảng", "ket_nap_dang"),
    ("sáng kiến", "sang_kien"),
    ("SKKN", "sang_kien"),
    ("Công trình thi đua", "cong_trinh_thi_dua"),
    ("Dân vận khéo", "mo_hinh_dan_van_kheo"),
    ("tin bài", "tin_bai"),
    ("Phát động thi đua", "phat_dong_thi_dua"),
    ("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "hoc_tap_lam_theo_bac"),
])
def test_find_metric(text, code):
    assert find_metric(text).code == code


@pytest.mark.parametrize("text, code", [
    ("Đề nghị tặng Giấy khen của BCH CĐCS", "giay_khen"),
    ("Đăng ký danh hiệu Lao động tiên tiến năm 2025", "lao_dong_tien_tien"),
    ("Đăng ký danh hiệu Tập thể lao động tiên tiến năm 2025", "tap_the_lao_dong_tien_tien"),
    ("trên 95% CBCCVC đạt LĐTT", "lao_dong_tien_tien"),     # a title beats a head count
    ("Tỷ lệ NLĐ là đoàn viên", "so_doan_vien"),
    ("Chiến sĩ thi đua cấp Bộ, ngành", "chien_si_thi_dua_cap_tinh"),
])
def test_find_metric_inside_a_sentence(text, code):
    assert find_metric(text).code == code


@pytest.mark.parametrize("text", [
    "", "abc", "Hoàn thành", "Công đoàn Viên chức tỉnh An Giang", "Bằng khen", "nguyễn văn an",
    "tiên tiến", "lao động",
])
def test_find_metric_finds_nothing(text):
    assert find_metric(text) is None


@pytest.mark.parametrize("text, subject_type, code", [
    ("Lao động tiên tiến", "individual", "lao_dong_tien_tien"),
    ("Tập thể lao động tiên tiến", "collective", "tap_the_lao_dong_tien_tien"),
    ("Tập thể lao động tiên tiến", "individual", None),
    ("Tập thể LĐTT", "individual", None),
    ("Lao động tiên tiến", "collective", None),
    ("Đoàn viên công đoàn xuất sắc", "collective", None),
    ("Giấy khen", "individual", "giay_khen"),
    ("Giấy khen", "collective", "giay_khen"),
    ("Hoàn thành tốt nhiệm vụ", "collective", "cdcs_hoan_thanh_tot"),
    ("LĐTT", "unit", "lao_dong_tien_tien"),
])
def test_subject_type_never_mixes_people_and_collectives(text, subject_type, code):
    metric = find_metric(text, subject_type)
    assert (metric.code if metric else None) == code


def test_no_folded_alias_names_two_metrics():
    seen = {}
    for metric in METRICS.values():
        for phrase in {metric.name, metric.short, *metric.aliases} - {""}:
            key = fold(phrase).replace("cua ", "")
            assert seen.setdefault(key, metric.code) == metric.code, phrase


def test_metric_names_for_dropdowns():
    assert metric_names("ca_nhan")[:2] == ["Lao động tiên tiến", "Chiến sĩ thi đua cơ sở"]
    assert "Tập thể lao động xuất sắc" in metric_names("tap_the")
    assert metric_names("xep_loai") == [
        "Công đoàn cơ sở vững mạnh", "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ",
        "Hoàn thành nhiệm vụ", "Không hoàn thành nhiệm vụ",
    ]
    assert metric_names("khong_co") == []
