import subprocess
import unicodedata

import pytest
from hypothesis import assume, given, settings, strategies as st

from toolkit.errors import ThiduaError
from toolkit.vn.legacy import (
    LegacyEncodingError,
    decode_bytes,
    decode_tcvn3,
    decode_viqr,
    decode_vni,
    detect,
    encode_tcvn3,
    encode_viqr,
    encode_vni,
    font_encoding,
    to_unicode,
)

# Every lower-case letter: Unicode, TCVN3 (ABC) byte, VNI, VIQR — transcribed from the published
# tables (TCVN 5712:1993 VN3, the VNI Windows fonts, RFC 1456), one base letter per line.
TABLE = """
á B8 aù a'    à B5 aø a`    ả B6 aû a?    ã B7 aõ a~    ạ B9 aï a.
ă A8 aê a(    ắ BE aé a('   ằ BB aè a(`   ẳ BC aú a(?   ẵ BD aü a(~   ặ C6 aë a(.
â A9 aâ a^    ấ CA aá a^'   ầ C7 aà a^`   ẩ C8 aå a^?   ẫ C9 aã a^~   ậ CB aä a^.
é D0 eù e'    è CC eø e`    ẻ CE eû e?    ẽ CF eõ e~    ẹ D1 eï e.
ê AA eâ e^    ế D5 eá e^'   ề D2 eà e^`   ể D3 eå e^?   ễ D4 eã e^~   ệ D6 eä e^.
í DD í  i'    ì D7 ì  i`    ỉ D8 æ  i?    ĩ DC ó  i~    ị DE ò  i.
ó E3 où o'    ò DF oø o`    ỏ E1 oû o?    õ E2 oõ o~    ọ E4 oï o.
ô AB oâ o^    ố E8 oá o^'   ồ E5 oà o^`   ổ E6 oå o^?   ỗ E7 oã o^~   ộ E9 oä o^.
ơ AC ô  o+    ớ ED ôù o+'   ờ EA ôø o+`   ở EB ôû o+?   ỡ EC ôõ o+~   ợ EE ôï o+.
ú F3 uù u'    ù EF uø u`    ủ F1 uû u?    ũ F2 uõ u~    ụ F4 uï u.
ư AD ö  u+    ứ F8 öù u+'   ừ F5 öø u+`   ử F6 öû u+?   ữ F7 öõ u+~   ự F9 öï u+.
ý FD yù y'    ỳ FA yø y`    ỷ FB yû y?    ỹ FC yõ y~    ỵ FE î  y.
đ AE ñ  dd
"""
_cells = TABLE.split()
ROWS = [
    (unicodedata.normalize("NFC", letter), chr(int(byte, 16)), vni, viqr)
    for letter, byte, vni, viqr in zip(*[iter(_cells)] * 4)
]
LOWER = [row[0] for row in ROWS]
UPPER = [letter.upper() for letter in LOWER]

# The alphabet built independently of the table: 12 vowel bases × (bare + 5 tones), less the
# six plain ASCII vowels, and đ.
_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
_BASES = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
ALPHABET_LOWER = {
    unicodedata.normalize("NFC", base + tone) for base in _BASES for tone in _TONES
} - set("aeiouy") | {"đ"}

SENTENCES = [
    "Bản giao ước thi đua năm 2025 giữa Sở Tài chính và Công đoàn cơ sở",
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc",
    "Chiến sĩ thi đua cơ sở",
    "Nguyễn Thị Hương, Trưởng phòng Kế hoạch - Tài chính",
]
PARAGRAPH = (
    "Căn cứ Luật Thi đua, khen thưởng năm 2022, Công đoàn cơ sở và Sở Tài chính thống nhất "
    "ký kết giao ước thi đua năm 2025. Hai bên cam kết tổ chức phong trào thi đua yêu nước, "
    "chăm lo đời sống, bảo vệ quyền lợi hợp pháp của người lao động; phấn đấu 100% đoàn viên "
    "hoàn thành tốt nhiệm vụ được giao."
)
ENCODERS = {"tcvn3": encode_tcvn3, "vni": encode_vni, "viqr": encode_viqr}
DECODERS = {"tcvn3": decode_tcvn3, "vni": decode_vni, "viqr": decode_viqr}


def test_the_table_lists_every_letter_once():
    assert len(LOWER) == len(set(LOWER)) == 67
    assert set(LOWER) == ALPHABET_LOWER
    assert len(set(LOWER + UPPER)) == 134


# --- the tables, letter by letter ---------------------------------------------------------------

@pytest.mark.parametrize("letter, tcvn3, vni, viqr", ROWS)
def test_lower_case_letters_match_the_published_tables(letter, tcvn3, vni, viqr):
    assert encode_tcvn3(letter) == tcvn3
    assert encode_vni(letter) == vni
    assert encode_viqr(letter) == viqr
    assert decode_tcvn3(tcvn3) == letter
    assert decode_vni(vni) == letter
    assert decode_viqr(viqr) == letter


@pytest.mark.parametrize("letter, tcvn3", [
    ("Ă", "\xa1"), ("Â", "\xa2"), ("Ê", "\xa3"), ("Ô", "\xa4"), ("Ơ", "\xa5"), ("Ư", "\xa6"),
    ("Đ", "\xa7"),
])
def test_tcvn3_has_seven_upper_case_letters_of_its_own(letter, tcvn3):
    assert encode_tcvn3(letter) == tcvn3
    assert decode_tcvn3(tcvn3) == letter


@pytest.mark.parametrize("letter, vni", [
    ("Á", "AÙ"), ("Ẳ", "AÚ"), ("Ậ", "AÄ"), ("Ê", "EÂ"), ("Ĩ", "Ó"), ("Ỉ", "Æ"), ("Ơ", "Ô"),
    ("Ợ", "ÔÏ"), ("Ư", "Ö"), ("Ứ", "ÖÙ"), ("Ỵ", "Î"), ("Đ", "Ñ"),
])
def test_vni_upper_case_uses_upper_case_marks(letter, vni):
    assert encode_vni(letter) == vni
    assert decode_vni(vni) == letter


@pytest.mark.parametrize("letter, viqr", [("Ắ", "A('"), ("Ữ", "U+~"), ("Ệ", "E^."), ("Đ", "DD")])
def test_viqr_upper_case(letter, viqr):
    assert encode_viqr(letter) == viqr
    assert decode_viqr(viqr) == letter


@pytest.mark.parametrize("letter", LOWER + UPPER)
def test_every_letter_round_trips_through_vni_and_viqr(letter):
    assert decode_vni(encode_vni(letter)) == letter
    assert decode_viqr(encode_viqr(letter)) == letter


@pytest.mark.parametrize("letter", LOWER + ["Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"])
def test_every_tcvn3_letter_round_trips(letter):
    assert decode_tcvn3(encode_tcvn3(letter)) == letter


@pytest.mark.parametrize("letter", UPPER)
def test_every_upper_case_letter_round_trips_through_an_h_font(letter):
    assert decode_tcvn3(encode_tcvn3(letter, upper=True), upper=True) == letter


def test_tcvn3_refuses_toned_capitals_outside_an_h_font():
    with pytest.raises(LegacyEncodingError) as caught:
        encode_tcvn3("Ấn Độ")
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, ThiduaError)
    assert "Ấ" in str(caught.value) and "VnTimeH" in str(caught.value)


def test_legacy_fonts_use_no_byte_where_cp1252_and_latin1_differ():
    # So a .docx run (cp1252 characters) and a Latin-1 reading of a file decode alike.
    for letter in LOWER + UPPER:
        for char in encode_vni(letter) + (encode_tcvn3(letter, upper=letter in UPPER)):
            assert char.isascii() or 0xA0 < ord(char) <= 0xFF


def test_tcvn3_table_agrees_with_glibc():
    # glibc's iconv (Debian's libc-bin, installed by scripts/setup.sh) is the reference table.
    letters = "".join(LOWER) + "ĂÂÊÔƠƯĐ"
    done = subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=letters.encode(),
                          capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    assert decode_bytes(done.stdout, "tcvn3") == letters
    assert done.stdout.decode("latin-1") == encode_tcvn3(letters)


# --- sentences ----------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "viqr"])
@pytest.mark.parametrize("sentence", SENTENCES)
def test_sentences_round_trip(sentence, encoding):
    legacy = ENCODERS[encoding](sentence)
    assert legacy != sentence
    assert DECODERS[encoding](legacy) == sentence
    assert decode_bytes(legacy.encode("cp1252"), encoding) == sentence


@pytest.mark.parametrize("sentence", SENTENCES)
def test_sentences_round_trip_in_capitals_through_an_h_font(sentence):
    assert decode_tcvn3(encode_tcvn3(sentence, upper=True), upper=True) == sentence.upper()


@pytest.mark.parametrize("legacy, expected", [
    ("Céng hßa x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("B¶o Th¾ng, B¸t X¸t", "Bảo Thắng, Bát Xát"),
    ("B¶n giao \xadíc thi ®ua", "Bản giao ước thi đua"),
    # the soft hyphen (ư) turned into `-` by copy-paste, before an ơ letter
    ("B¶n giao -íc thi ®ua", "Bản giao ước thi đua"),
    ("®-îc ng-êi tr-êng", "được người trường"),
    # … but a real hyphen stays
    ("KÕ ho¹ch - Tµi chÝnh", "Kế hoạch - Tài chính"),
    ("Nam-B¾c", "Nam-Bắc"),
])
def test_tcvn3_fixed_points(legacy, expected):
    assert decode_tcvn3(legacy) == expected


def test_h_font_run_reads_in_capitals():
    assert decode_tcvn3("céng hßa x· héi chñ nghÜa viÖt nam", upper=True) == (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    )


@pytest.mark.parametrize("legacy, expected", [
    ("Xin chaøo caùc baïn", "Xin chào các bạn"),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("ñöôïc ngöôøi tröôøng", "được người trường"),
    ("Ñoäc laäp", "Độc lập"),
    ("COÄNG HOØA", "CỘNG HÒA"),
    ("Aùnh saùng", "Ánh sáng"),  # title-cased by Word: capital base, lower-case mark
])
def test_vni_fixed_points(legacy, expected):
    assert decode_vni(legacy) == expected


@pytest.mark.parametrize("legacy, expected", [
    ("Vie^.t Nam", "Việt Nam"),
    ("Ha` No^.i", "Hà Nội"),
    ("To^i ye^u tie^'ng nu+o+'c to^i tu+` khi mo+'i ra ddo+`i\\.",
     "Tôi yêu tiếng nước tôi từ khi mới ra đời."),
    ("O^ng te^n gi`\\? To^i te^n la` Ted\\dy Thu.y\\.", "Ông tên gì? Tôi tên là Teddy Thụy."),
    ("DDa`m Dda^`m", "Đàm Đầm"),
    # punctuation that cannot be a mark stays punctuation
    ("Ha` No^.i.", "Hà Nội."),
    ("Xong. What? OK!", "Xong. What? OK!"),
    ("ddi dda^u?", "đi đâu?"),
    ("ngu+o+`i lao ddo^.ng", "người lao động"),
    ("add Buddha", "add Buddha"),
    ("x^2 + y^2", "x^2 + y^2"),
    ("C:\\temp\\new", "C:\\temp\\new"),
    ("a\\'", "a'"),
])
def test_viqr_fixed_points(legacy, expected):
    assert decode_viqr(legacy) == expected


@pytest.mark.parametrize("text, viqr", [
    ("Hà Nội.", "Ha` No^.i\\."),
    ("Ông tên gì?", "O^ng te^n gi`\\?"),
    ("Teddy", "Teddy"),
    ("ddos", "d\\dos"),
])
def test_viqr_escapes_what_would_read_as_a_mark(text, viqr):
    assert encode_viqr(text) == viqr
    assert decode_viqr(viqr) == text


# --- bytes ----------------------------------------------------------------------------------------

def test_decode_bytes_reads_windows_1252_with_latin1_for_undefined_bytes():
    assert decode_bytes(b"C\xe9ng \x80 \x81", "tcvn3") == "Cộng € \x81"
    assert decode_bytes(b"Vie^.t Nam", "VIQR") == "Việt Nam"
    assert decode_bytes("Coäng hoøa".encode("cp1252"), "vni") == "Cộng hòa"


def test_decode_bytes_rejects_an_unknown_encoding_in_vietnamese():
    with pytest.raises(LegacyEncodingError, match="Không biết bảng mã 'vps'"):
        decode_bytes(b"abc", "vps")


# --- fonts, detection, to_unicode ---------------------------------------------------------------

@pytest.mark.parametrize("font, expected", [
    (".VnTime", ("tcvn3", False)),
    (".VnTimeH", ("tcvn3", True)),
    (".VnArial", ("tcvn3", False)),
    (".VnArialH", ("tcvn3", True)),
    (".VnArial NarrowH", ("tcvn3", True)),
    (".VnCentury Schoolbook", ("tcvn3", False)),
    ("VNI-Times", ("vni", False)),
    ("VNI-Helve", ("vni", False)),
    ("Times New Roman", None),
    ("Arial", None),
    ("", None),
    (None, None),
])
def test_font_encoding(font, expected):
    assert font_encoding(font) == expected


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "viqr"])
def test_detect_recognizes_a_paragraph(encoding):
    legacy = ENCODERS[encoding](PARAGRAPH)
    assert detect(legacy) == encoding
    assert to_unicode(legacy) == PARAGRAPH


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "viqr"])
@pytest.mark.parametrize("sentence", SENTENCES)
def test_detect_recognizes_each_sentence(sentence, encoding):
    assert detect(ENCODERS[encoding](sentence)) == encoding


def test_detect_recognizes_the_sample_from_the_wild():
    assert detect("B¶n giao -íc thi ®ua") == "tcvn3"
    assert to_unicode("B¶n giao -íc thi ®ua") == "Bản giao ước thi đua"


def test_detect_recognizes_an_h_font_paragraph():
    assert detect(encode_tcvn3(PARAGRAPH, upper=True)) == "tcvn3"


@pytest.mark.parametrize("text", SENTENCES + [
    PARAGRAPH,
    unicodedata.normalize("NFD", PARAGRAPH),
    "Tôi là ai, mà còn khát khao",  # Unicode with only Latin-1 letters
    "The quick brown fox jumps over the lazy dog.",
    "I'm sure it's fine. Don't worry; you're ok, they'll add it.",
    "Hello world. Is it? Yes. e.g. i.e. a^2 + b^2 = c^2",
    "Copyright © 2020 Company® «Bonjour» le monde",
    "schön über Köln, Grüße aus München",
    "Café au lait, crème brûlée à la carte",
    "",
    "2025",
    # too short to tell
    "TiÕng", "aù", "Vie^.t",
])
def test_detect_says_none(text):
    assert detect(text) is None


def test_to_unicode_follows_the_font():
    assert to_unicode("céng hßa", font=".VnTimeH") == "CỘNG HÒA"
    assert to_unicode("Céng hßa", font=".VnTime") == "Cộng hòa"
    assert to_unicode("Coäng", font="VNI-Times") == "Cộng"
    assert to_unicode("Nam", font=".VnTimeH") == "NAM"


def test_to_unicode_keeps_unicode_typed_in_an_old_font():
    assert to_unicode("Cộng hòa", font=".VnTime") == "Cộng hòa"


def test_to_unicode_with_an_explicit_encoding():
    assert to_unicode("Céng", "tcvn3") == "Cộng"
    assert to_unicode("céng", "TCVN3", font=".VnArialH") == "CỘNG"
    assert to_unicode("Céng", "unicode") == "Céng"
    with pytest.raises(LegacyEncodingError, match="Không biết bảng mã"):
        to_unicode("x", "vps")


def test_to_unicode_returns_nfc():
    result = to_unicode(encode_viqr(PARAGRAPH))
    assert unicodedata.is_normalized("NFC", result)


# --- properties ---------------------------------------------------------------------------------

_ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng",
           "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"]
# Nucleus and the index of the vowel that carries the tone.
_NUCLEI = [("a", 0), ("ă", 0), ("â", 0), ("e", 0), ("ê", 0), ("i", 0), ("o", 0), ("ô", 0), ("ơ", 0),
           ("u", 0), ("ư", 0), ("y", 0), ("ai", 0), ("ao", 0), ("âu", 0), ("ây", 0), ("eo", 0),
           ("ia", 0), ("iê", 1), ("oa", 1), ("oe", 1), ("ôi", 0), ("ơi", 0), ("ua", 0), ("uâ", 1),
           ("uô", 1), ("uy", 1), ("ưa", 0), ("ươ", 1), ("ưu", 0), ("yê", 1), ("iêu", 1), ("uôi", 1),
           ("ươi", 1), ("uyê", 2), ("oai", 1)]
_CODAS = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"]


@st.composite
def syllables(draw):
    nucleus, at = draw(st.sampled_from(_NUCLEI))
    tone = draw(st.sampled_from(_TONES))
    nucleus = nucleus[:at] + unicodedata.normalize("NFC", nucleus[at] + tone) + nucleus[at + 1:]
    word = draw(st.sampled_from(_ONSETS)) + nucleus + draw(st.sampled_from(_CODAS))
    return draw(st.sampled_from([word, word.capitalize(), word.upper()]))


@st.composite
def vietnamese_texts(draw):
    words = draw(st.lists(syllables(), min_size=1, max_size=12))
    separator = st.sampled_from([" ", " ", ", ", ". ", " - ", "? ", "; ", "\n", " 2025 "])
    separators = draw(st.lists(separator, min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, separators)).rstrip()


@settings(max_examples=300)
@given(vietnamese_texts())
def test_vni_and_viqr_round_trip_any_vietnamese_text(text):
    assert decode_vni(encode_vni(text)) == text
    assert decode_viqr(encode_viqr(text)) == text


@settings(max_examples=300)
@given(vietnamese_texts())
def test_tcvn3_round_trips_any_vietnamese_text(text):
    assert decode_tcvn3(encode_tcvn3(text.lower())) == text.lower()
    assert decode_tcvn3(encode_tcvn3(text, upper=True), upper=True) == text.upper()


@settings(max_examples=300)
@given(vietnamese_texts())
def test_to_unicode_never_changes_vietnamese_text(text):
    assume(not text.isascii())
    assert detect(text) is None
    assert to_unicode(text) == text


_LETTERS = sorted(ALPHABET_LOWER | {c.upper() for c in ALPHABET_LOWER})
_LATIN1_LETTERS = [c for c in _LETTERS if ord(c) <= 0xFF]


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(_LETTERS + list("abcdeghiklmnopqrstuvxy ,.-?")),
               min_size=1))
def test_to_unicode_never_changes_text_built_from_the_alphabet(text):
    assume(not text.isascii())
    assert to_unicode(text) == text


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from(_LATIN1_LETTERS + list("abcdeghiklmnopqrstuvxyBCDHNT ,;:-")),
               min_size=1))
def test_unicode_text_with_only_latin1_letters_is_not_taken_for_tcvn3_or_vni(text):
    # The hard case: à á â ã è é ê ì í ò ó ô õ ù ú ý are also TCVN3 and VNI characters.
    assert detect(text) is None
    assert to_unicode(text) == text


@given(st.text())
def test_decoders_never_crash(text):
    for decode in (decode_tcvn3, decode_vni, decode_viqr, to_unicode):
        assert isinstance(decode(text), str)
    assert detect(text) in (None, "tcvn3", "vni", "viqr")
