"""Awards as decisions write them: form, class (hạng) and issuer."""
import pytest

from toolkit.vn import METRICS
from toolkit.vn.awards import Award, find_award, find_issuer


@pytest.mark.parametrize("text, form, hang, issuer, metric", [
    ("Bằng khen của Chủ tịch UBND tỉnh", "bang_khen", None, "ubnd", "bang_khen_ubnd"),
    ("Tặng Bằng khen của Tổng Liên đoàn Lao động Việt Nam", "bang_khen", None, "tld", "bang_khen_tld"),
    ("Bằng khen Tổng LĐLĐVN", "bang_khen", None, "tld", "bang_khen_tld"),
    ("Bằng khen của BCH CĐVC Việt Nam", "bang_khen", None, "cd_nganh", "bang_khen_cd_nganh"),
    ("Bằng khen của LĐLĐ tỉnh", "bang_khen", None, "ldld", "bang_khen_ldld"),
    ("BẰNG KHEN CỦA THỦ TƯỚNG CHÍNH PHỦ", "bang_khen", None, "thu_tuong", "bang_khen_thu_tuong"),
    ("Tổng Giám đốc Tập đoàn tặng Bằng khen", "bang_khen", None, "tap_doan", "bang_khen_tap_doan"),
    ("Cờ thi đua của Chính phủ", "co_thi_dua", None, "chinh_phu", "co_thi_dua_chinh_phu"),
    ("Cờ thi đua của UBND thành phố", "co_thi_dua", None, "ubnd", "co_thi_dua_cap_tinh"),
    ("Huân chương Lao động hạng Ba", "huan_chuong_lao_dong", "ba", "chu_tich_nuoc", "huan_chuong_lao_dong"),
    ("HCLĐ hạng Nhì", "huan_chuong_lao_dong", "nhi", "chu_tich_nuoc", "huan_chuong_lao_dong"),
    ("Bà mẹ Việt Nam anh hùng", "ba_me_viet_nam_anh_hung", None, "chu_tich_nuoc", "ba_me_viet_nam_anh_hung"),
    ("Giải Khuyến khích", "giai_khuyen_khich", None, None, "giai_khuyen_khich"),
    ("Giải Nhất", "giai_nhat", None, None, "giai_nhat"),
    ("Chiến sĩ thi đua cơ sở", "chien_si_thi_dua", "co_so", None, "chien_si_thi_dua_co_so"),
    ("Chiến sỹ thi đua toàn quốc", "chien_si_thi_dua", "toan_quoc", None, "chien_si_thi_dua_toan_quoc"),
    ("Giấy khen của Chủ tịch UBND cấp huyện", "giay_khen", None, "ubnd_huyen", "giay_khen"),
    ("Tập thể lao động xuất sắc", "tap_the_lao_dong_xuat_sac", None, None, "tap_the_lao_dong_xuat_sac"),
    # OCR loses accents and case: folding still reads the form.
    ("bang khen cua chu tich uy ban nhan dan tinh", "bang_khen", None, "ubnd", "bang_khen_ubnd"),
])
def test_a_decision_phrase_gives_form_class_and_issuer(text, form, hang, issuer, metric):
    award = find_award(text)
    assert award == Award(form, hang, issuer)
    assert award.metric == metric and metric in METRICS


def test_text_without_an_award_gives_none():
    assert find_award("Trung tâm Viễn thông 3") is None
    assert find_award("") is None


@pytest.mark.parametrize("text, issuer", [
    ("Thủ tướng Chính phủ", "thu_tuong"),
    ("Chính phủ", "chinh_phu"),
    ("UBND tỉnh Quảng Bình", "ubnd"),
    ("Ủy ban nhân dân thành phố Hà Nội", "ubnd"),
    ("Bộ Tài chính", "bo"),
    ("Tổng Liên đoàn Lao động Việt Nam", "tld"),
    ("TLĐ", "tld"),
    ("Công đoàn Viên chức Việt Nam", "cd_nganh"),
    ("Liên đoàn Lao động tỉnh Quảng Bình", "ldld"),
    ("Tập đoàn Bưu chính Viễn thông Việt Nam", "tap_doan"),
    ("Phòng Nội vụ", None),
])
def test_issuers_by_long_short_and_abbreviated_names(text, issuer):
    assert find_issuer(text) == issuer


def test_metric_is_form_and_issuer_only_when_the_vocabulary_has_it():
    assert Award("bang_khen", None, "tld").metric == "bang_khen_tld"
    assert Award("bang_khen").metric == "bang_khen"
    assert Award("giay_khen", None, "tap_doan").metric == "giay_khen"
