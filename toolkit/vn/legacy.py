"""Vietnamese typed before Unicode: TCVN3 (ABC), VNI and VIQR, read back as Unicode.

Many agencies still keep documents typed in the 1990s–2000s. Opened today they show
`B¶n giao \\xadíc thi ®ua` (TCVN3), `Baûn giao öôùc thi ñua` (VNI) or `Ba?n giao u+o+'c thi
ddua` (VIQR) instead of `Bản giao ước thi đua`. This module knows the three tables, converts
both ways, guesses which one a text uses, and reads the answer off a run's font name.

Sources of the tables
- TCVN3 / ABC: TCVN 5712:1993, table VN3 (the "ABC" font encoding of the `.Vn*` fonts). VN3
  is the subset of VN1 holding the lower-case letters and only seven upper-case ones
  (`Ă Â Ê Ô Ơ Ư Đ` at 0xA1–0xA7); every byte it uses is in 0xA1–0xFE. Checked against
  glibc's `TCVN5712-1` converter (the test suite does so whenever `iconv` is installed).
  VN1's extra upper-case positions (0x01–0x17, 0x80–0x9F, …) are not decoded: the ABC fonts
  do not have them, and in .docx files those positions are ordinary cp1252 characters.
- VNI: the VNI Windows font encoding of the `VNI-*` fonts (VNI Software; as in xvnkb's
  `vni.h` conversion table): a base ASCII letter followed by one mark character
  (`aù` = á, `aâ` = â, `aá` = ấ, `aé` = ắ …), with single characters for `ơ ư đ` (`ô ö ñ`),
  for the toned i (`í ì æ ó ò`) and for `ỵ` (`î`); upper case uses upper-case marks (`AÙ`).
- VIQR: RFC 1456 (VIetnamese Quoted-Readable): `a( a^ e^ o^ o+ u+` for `ă â ê ô ơ ư`, tone
  marks `' ` ? ~ .` after the letter and its modifier, `dd`/`DD` (or `Dd`) for `đ`/`Đ`, and a
  backslash before a mark character that is meant literally (`Thu.y\\.` = `Thụy.`).

How legacy text reaches us
- Old .txt files hold the font's bytes; `decode_bytes` reads them as Windows-1252 (Latin-1
  for the five bytes cp1252 leaves undefined) and decodes the characters.
- In a .docx, Word stores each byte of a legacy font as the Windows-1252 character for that
  byte (`¸` U+00B8 for the TCVN3 byte 0xB8). Neither TCVN3 nor VNI uses 0x80–0x9F, where
  cp1252 and Latin-1 disagree, so every decoder accepts both spellings of the same text.
- Upper-case toned letters have no TCVN3 byte: people switched to the "H" fonts
  (`.VnTimeH`), which draw the lower-case positions as capitals. A run in an H font is
  decoded with the lower-case table and then upper-cased (`upper=True`).

Heuristics
- TCVN3 `ư` is 0xAD, the soft hyphen, which copy-paste and some editors turn into `-` (the
  wild sample `B¶n giao -íc thi ®ua`). A `-` directly followed by a TCVN3 `ơ` letter
  (`¬ ê ë ì í î`) and preceded by a letter, a space or nothing is read as `ư`: `ươ` is by
  far the most common `ư` cluster and a real hyphen is not written before one. A soft
  hyphen dropped altogether (`Mêng` for `Mường`) cannot be recovered.
- VIQR marks are read only where RFC 1456 allows (they combine into a Vietnamese letter),
  and more strictly: one tone per syllable, on the modified vowel when the syllable has one
  (`Ha` No^.i.` keeps its final period, `dda^u?` its question mark), and `dd` → `đ` only at
  the start of a word (`add`, `Buddha` stay). RFC 1456's mode switches (`\\V \\M \\L`) are
  not supported.
- `detect` never reports text holding Unicode-only Vietnamese letters (`ạ ế ộ đ ư` …) or
  combining marks, and asks for several legacy words that decode into well-formed Vietnamese
  syllables, so converted text is never converted twice.
"""
from __future__ import annotations

import re
import unicodedata
from itertools import islice
from typing import Callable

from ..errors import ThiduaError
from .text import nfc

__all__ = [
    "ENCODINGS", "LegacyEncodingError", "decode_bytes", "decode_tcvn3", "decode_viqr", "decode_vni",
    "detect", "encode_tcvn3", "encode_viqr", "encode_vni", "font_encoding", "to_unicode",
]

ENCODINGS = ("tcvn3", "vni", "viqr")


class LegacyEncodingError(ThiduaError, ValueError):
    """An unknown encoding name, or a letter the target encoding cannot write."""


# ---------------------------------------------------------------------------------------------
# The Vietnamese letters, built rather than typed so every one is NFC and none is missing.

_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_TONES = (_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT)  # sắc, huyền, hỏi, ngã, nặng
_BASES = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
_MODIFIED = {"ă", "â", "ê", "ô", "ơ", "ư"}


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


# 66 vowels (12 bases × bare and 5 tones, minus the 6 plain ASCII ones) + đ = 67 per case.
_LOWER = tuple(
    [_nfc(base + tone) for base in _BASES for tone in ("",) + _TONES if base + tone not in "aeiouy"]
    + ["đ"]
)
_UPPER = tuple(letter.upper() for letter in _LOWER)
_LETTERS = frozenset(_LOWER + _UPPER)
_ALPHABET = _LETTERS | set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

# Letters and marks only Unicode text can hold: legacy text, read as cp1252 or Latin-1, is made
# of characters below U+0100 (and cp1252 punctuation such as `€ “ ”`, none of which is here).
_UNICODE_ONLY = frozenset(
    {c for c in _LETTERS if ord(c) > 0xFF} | set(_TONES + (_BREVE, _CIRCUMFLEX, _HORN))
)


def _parts(letter: str) -> tuple[str, str, str]:
    """`ệ` → (`e`, circumflex, dot below); `đ` → (`đ`, ``, ``)."""
    decomposed = unicodedata.normalize("NFD", letter)
    base, marks = decomposed[0], decomposed[1:]
    modifier = "".join(m for m in marks if m in (_BREVE, _CIRCUMFLEX, _HORN))
    tone = "".join(m for m in marks if m in _TONES)
    return base, modifier, tone


# ---------------------------------------------------------------------------------------------
# Bytes ↔ characters: what Word and Python show for a legacy font's byte.

def _byte_chars(byte: int) -> set[str]:
    """The characters a byte becomes: its cp1252 character, and its Latin-1 one if different."""
    latin1 = chr(byte)
    try:
        return {bytes([byte]).decode("cp1252"), latin1}
    except UnicodeDecodeError:  # 0x81 0x8D 0x8F 0x90 0x9D are undefined in cp1252
        return {latin1}


_CP1252_C1 = {
    b: char for b in range(0x80, 0xA0) for char in _byte_chars(b) if char != chr(b)
}


def _bytes_to_text(data: bytes) -> str:
    """Windows-1252, with Latin-1 for the bytes cp1252 leaves undefined (never fails)."""
    return data.decode("latin-1").translate(_CP1252_C1)


# ---------------------------------------------------------------------------------------------
# TCVN3 (ABC), TCVN 5712:1993 VN3.

_TCVN3_BYTES: dict[str, int] = {
    "á": 0xB8, "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "ạ": 0xB9,
    "ă": 0xA8, "ắ": 0xBE, "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD, "ặ": 0xC6,
    "â": 0xA9, "ấ": 0xCA, "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ậ": 0xCB,
    "é": 0xD0, "è": 0xCC, "ẻ": 0xCE, "ẽ": 0xCF, "ẹ": 0xD1,
    "ê": 0xAA, "ế": 0xD5, "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4, "ệ": 0xD6,
    "í": 0xDD, "ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "ị": 0xDE,
    "ó": 0xE3, "ò": 0xDF, "ỏ": 0xE1, "õ": 0xE2, "ọ": 0xE4,
    "ô": 0xAB, "ố": 0xE8, "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ộ": 0xE9,
    "ơ": 0xAC, "ớ": 0xED, "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ợ": 0xEE,
    "ú": 0xF3, "ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2, "ụ": 0xF4,
    "ư": 0xAD, "ứ": 0xF8, "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ự": 0xF9,
    "ý": 0xFD, "ỳ": 0xFA, "ỷ": 0xFB, "ỹ": 0xFC, "ỵ": 0xFE,
    "đ": 0xAE,
    "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
}
_TCVN3_BYTES = {_nfc(letter): byte for letter, byte in _TCVN3_BYTES.items()}

_TCVN3_DECODE: dict[int, str] = {
    ord(char): letter for letter, byte in _TCVN3_BYTES.items() for char in _byte_chars(byte)
}
_TCVN3_ENCODE: dict[int, str] = {ord(letter): chr(byte) for letter, byte in _TCVN3_BYTES.items()}
_TCVN3_CHARS = frozenset(chr(code) for code in _TCVN3_DECODE)
# Characters no Unicode Vietnamese text contains (`¸ µ ® ß Ü Ö` …): TCVN3's fingerprint.
_TCVN3_MARKS = frozenset(c for c in _TCVN3_CHARS if c not in _LETTERS)
# Upper-case letters that exist only in the H fonts (as their lower-case byte).
_TCVN3_H_ONLY = frozenset(c for c in _UPPER if c not in _TCVN3_BYTES)

_TCVN3_O_HORN = "".join(chr(_TCVN3_BYTES[_nfc("ơ" + tone)]) for tone in ("",) + _TONES)
# A `-` standing for a lost soft hyphen (TCVN3 `ư`), before a TCVN3 `ơ` letter.
_TCVN3_LOST_U_HORN = re.compile(rf"(?<![^\sA-Za-z\xa1-\xfe])-(?=[{re.escape(_TCVN3_O_HORN)}])")


def decode_tcvn3(text: str, upper: bool = False) -> str:
    """TCVN3 (ABC) characters → Unicode: `B¶n giao \\xadíc thi ®ua` → `Bản giao ước thi đua`.

    `text` is the characters as a .docx run or a cp1252-decoded file shows them; Latin-1
    spellings of the same bytes are accepted too. `upper=True` is for runs in an H font
    (`.VnTimeH`), which draws every letter as a capital. A `-` in front of an `ơ` letter
    stands for a lost `ư` (see the module docstring).
    """
    if "-" in text:
        text = _TCVN3_LOST_U_HORN.sub("\xad", text)
    decoded = text.translate(_TCVN3_DECODE)
    return _nfc(decoded.upper()) if upper else decoded


def encode_tcvn3(text: str, upper: bool = False) -> str:
    """Unicode → TCVN3 (ABC) characters (cp1252 spelling), the inverse of `decode_tcvn3`.

    TCVN3 has upper-case bytes only for `Ă Â Ê Ô Ơ Ư Đ`; any other toned capital raises
    `LegacyEncodingError` (a `ValueError`) rather than silently changing case. With
    `upper=True` the text is written for an H font: everything is lower-cased and
    `decode_tcvn3(..., upper=True)` gives back the text in capitals. Characters that are not
    Vietnamese letters pass through unchanged.
    """
    text = nfc(text)
    if upper:
        text = text.lower()
    else:
        for char in text:
            if char in _TCVN3_H_ONLY:
                raise LegacyEncodingError(
                    f"TCVN3 (ABC) không có mã cho chữ hoa có dấu '{char}': chữ hoa có dấu "
                    "phải gõ bằng phông chữ hoa (.VnTimeH …), tức encode_tcvn3(..., upper=True)"
                )
    return text.translate(_TCVN3_ENCODE)


# ---------------------------------------------------------------------------------------------
# VNI (VNI Windows fonts).

# Mark characters after a base letter, lower case; upper case uses their upper-case forms.
_VNI_TONE_PLAIN = dict(zip(_TONES, "ùøûõï"))    # after a e o u y ô(ơ) ö(ư)
_VNI_TONE_CIRCUMFLEX = dict(zip(_TONES, "áàåãä"))  # after aâ eâ oâ
_VNI_TONE_BREVE = dict(zip(_TONES, "éèúüë"))       # after aê
_VNI_I = dict(zip(("",) + _TONES, ("i", "í", "ì", "æ", "ó", "ò")))  # i has one character per tone


def _vni_lower(letter: str) -> str:
    if letter == "đ":
        return "ñ"
    base, modifier, tone = _parts(letter)
    if base == "i":
        return _VNI_I[tone]
    if base == "y" and tone == _DOT:
        return "î"
    if modifier == _HORN:
        return {"o": "ô", "u": "ö"}[base] + (_VNI_TONE_PLAIN[tone] if tone else "")
    if modifier == _CIRCUMFLEX:  # the tone character replaces `â`: aâ = â, aá = ấ
        return base + (_VNI_TONE_CIRCUMFLEX[tone] if tone else "â")
    if modifier == _BREVE:  # likewise for `ê`: aê = ă, aé = ắ
        return "a" + (_VNI_TONE_BREVE[tone] if tone else "ê")
    return base + _VNI_TONE_PLAIN[tone]


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(letter → VNI sequence, VNI sequence → letter)."""
    encode = {}
    for letter in _LOWER:
        encode[letter] = _vni_lower(letter)
        encode[letter.upper()] = _vni_lower(letter).upper()
    decode = {seq: letter for letter, seq in encode.items()}
    # Title-cased VNI text (`Aùnh`, from Word's Change Case) keeps lower-case marks after a capital.
    for letter in _UPPER:
        seq = encode[letter]
        if len(seq) == 2:
            decode.setdefault(seq[0] + seq[1].lower(), letter)
    return encode, decode


_VNI_ENCODE, _VNI_DECODE = _vni_tables()
_VNI_PAIR = re.compile("|".join(sorted(map(re.escape, _VNI_DECODE), key=len, reverse=True)))
# Characters no Unicode Vietnamese text contains (`ø û ï ö ñ` …: huyền, hỏi, nặng, ư, đ):
# VNI's fingerprint.
_VNI_MARKS = frozenset(c for seq in _VNI_ENCODE.values() for c in seq if c not in _ALPHABET)


def decode_vni(text: str) -> str:
    """VNI characters → Unicode: `Coäng hoøa` → `Cộng hòa`; longest sequence first."""
    return _VNI_PAIR.sub(lambda m: _VNI_DECODE[m.group()], text)


def encode_vni(text: str) -> str:
    """Unicode → VNI characters (cp1252 spelling), the inverse of `decode_vni`."""
    return "".join(_VNI_ENCODE.get(char, char) for char in nfc(text))


# ---------------------------------------------------------------------------------------------
# VIQR (RFC 1456).

_VIQR_MODIFIERS = {"(": _BREVE, "^": _CIRCUMFLEX, "+": _HORN}
_VIQR_TONES = {"'": _ACUTE, "`": _GRAVE, "?": _HOOK, "~": _TILDE, ".": _DOT}
_VIQR_VALID_MODIFIER = {("a", "("), ("a", "^"), ("e", "^"), ("o", "^"), ("o", "+"), ("u", "+")}
_VIQR_MARKS = "".join(_VIQR_MODIFIERS) + "".join(_VIQR_TONES)
# RFC 1456 also lists `/` among the characters a backslash may protect.
_VIQR_ESCAPABLE = frozenset(_VIQR_MARKS + "\\/")


def _viqr_letter(letter: str) -> str:
    if letter in ("đ", "Đ"):
        return "dd" if letter == "đ" else "DD"
    base, modifier, tone = _parts(letter)
    modifier_char = next((k for k, v in _VIQR_MODIFIERS.items() if v == modifier), "")
    tone_char = next((k for k, v in _VIQR_TONES.items() if v == tone), "")
    return base + modifier_char + tone_char


_VIQR_ENCODE = {letter: _viqr_letter(letter) for letter in _LOWER + _UPPER}


def _vowel_flags(char: str) -> tuple[bool, bool, bool]:
    """(is a vowel, carries a modifier, carries a tone) for any character."""
    if not char:
        return False, False, False
    base, modifier, tone = _parts(char)
    return base.lower() in ("a", "e", "i", "o", "u", "y"), bool(modifier), bool(tone)


def _syllable_state(out: list[str]) -> tuple[bool, bool]:
    """(has a tone, has a modified vowel) for the letters written so far in this word."""
    has_tone = has_modifier = False
    for char in reversed(out):
        if not char.isalpha():
            break
        vowel, modifier, tone = _vowel_flags(char)
        has_tone |= tone
        has_modifier |= vowel and modifier
    return has_tone, has_modifier


def decode_viqr(text: str) -> str:
    """VIQR → Unicode: `Vie^.t Nam`, `Ha` No^.i` → `Việt Nam`, `Hà Nội`.

    A mark is applied only where it makes a Vietnamese letter: modifiers after the vowels
    that take them, a tone after a vowel when the syllable has no tone yet and the vowel is
    the modified one if the syllable has one. `\\` before a mark character keeps it literal.
    """
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        escaped_d = nxt in ("d", "D") and i > 0 and text[i - 1] in ("d", "D")
        if char == "\\" and (nxt in _VIQR_ESCAPABLE or escaped_d):
            out.append(nxt)  # `\.` `\?` …, and `d\d` (RFC 1456: `Ted\dy`)
            i += 2
            continue
        word_start = not out or not out[-1].isalpha()
        if char + nxt in ("dd", "DD", "Dd") and word_start:
            out.append("đ" if char == "d" else "Đ")
            i += 2
            continue
        if char.isascii() and char.lower() in "aeiouy":
            letter, j = char, i + 1
            if j < n and (char.lower(), text[j]) in _VIQR_VALID_MODIFIER:
                letter = _nfc(letter + _VIQR_MODIFIERS[text[j]])
                j += 1
            if j < n and text[j] in _VIQR_TONES:
                has_tone, has_modifier = _syllable_state(out)
                if not has_tone and (letter.lower() in _MODIFIED or not has_modifier):
                    letter = _nfc(letter + _VIQR_TONES[text[j]])
                    j += 1
            out.append(letter)
            i = j
            continue
        out.append(char)
        i += 1
    return "".join(out)


def encode_viqr(text: str) -> str:
    """Unicode → VIQR, the inverse of `decode_viqr` for Vietnamese text.

    A mark character written right after a vowel gets a backslash (`Hà Nội.` → `Ha` No^.i\\.`),
    so the result reads back exactly. `đ` is `dd`, which reads back only at the start of a
    word, where Vietnamese writes it.
    """
    text = nfc(text)
    seqs = [_VIQR_ENCODE.get(char, char) for char in text]
    out: list[str] = []
    escape_next_d = False
    for i, char in enumerate(text):
        seq = seqs[i]
        prev = text[i - 1] if i else ""
        after = seqs[i + 1][:1] if i + 1 < len(text) else ""
        last = out[-1][-1:] if out else ""
        if escape_next_d and seq[:1] in ("d", "D"):
            seq = "\\" + seq
        escape_next_d = False
        escapes_d = after in ("d", "D") and last in ("d", "D")
        if char == "\\" and (after in _VIQR_ESCAPABLE or escapes_d):
            seq = "\\\\"
        elif char in _VIQR_MARKS and _vowel_flags(prev)[0]:
            seq = "\\" + char
        elif char + after in ("dd", "DD", "Dd") and not prev.isalpha():
            escape_next_d = True  # `dd` typed as two letters at a word start: `d\d`
        out.append(seq)
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Bytes, fonts, detection.

def _encoding_name(encoding: str) -> str:
    return re.sub(r"[\s_-]+", "", encoding or "").lower()


_DECODERS: dict[str, Callable[[str], str]] = {
    "tcvn3": decode_tcvn3, "vni": decode_vni, "viqr": decode_viqr,
}


def decode_bytes(data: bytes, encoding: str) -> str:
    """A legacy file's bytes → Unicode; `encoding` is `tcvn3`, `vni` or `viqr`.

    The bytes are read as Windows-1252 (Latin-1 for the bytes it leaves undefined), which is
    how a legacy font's byte values show as characters, then decoded.
    """
    name = _encoding_name(encoding)
    if name not in _DECODERS:
        raise LegacyEncodingError(
            f"Không biết bảng mã '{encoding}': chọn một trong {', '.join(ENCODINGS)}"
        )
    return _DECODERS[name](_bytes_to_text(data))


def font_encoding(font_name: str | None) -> tuple[str, bool] | None:
    """The legacy encoding a font implies: (`tcvn3`, upper) for `.Vn*`, (`vni`, False) for `VNI-*`.

    `upper` is True for the TCVN3 H fonts (`.VnTimeH`, `.VnArialH` …), which draw capitals.
    """
    if not font_name:
        return None
    name = font_name.strip()
    lowered = name.lower()
    if lowered.startswith(".vn"):
        return "tcvn3", name.endswith("H")
    if lowered.startswith(("vni-", "vni ")):
        return "vni", False
    return None


_ONSET = "ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx]"
_NUCLEI = (
    "a ă â e ê i o ô ơ u ư y "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê "
    "iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyê uyu"
).split()
_CODA = "ch|ng|nh|[cmnpt]"
_SYLLABLE = re.compile(
    rf"(?:{_ONSET})?(?:{'|'.join(sorted(_NUCLEI, key=len, reverse=True))})(?:{_CODA})?"
)
_NO_TONE = {ord(tone): None for tone in _TONES}
_STRIP_TONE = {
    ord(letter): _nfc(unicodedata.normalize("NFD", letter).translate(_NO_TONE)) for letter in _LOWER
}


def _is_syllable(word: str) -> bool:
    """A well-formed Vietnamese syllable (or hyphenated run of them), in one consistent case."""
    for piece in word.split("-"):
        if not piece or not (piece.islower() or piece.isupper() or piece.istitle()):
            return False
        lowered = piece.lower()
        if sum(bool(_parts(c)[2]) for c in lowered) > 1:
            return False
        if not _SYLLABLE.fullmatch(lowered.translate(_STRIP_TONE)):
            return False
    return True


_EDGE = re.compile(r"^[^\w-]+|[^\w-]+$")


def _evidence(
    words: list[str], decode: Callable[[str], str], marks: frozenset[str] | None
) -> tuple[int, int, int]:
    """(words that decode to Vietnamese, words that decode to something else, fingerprint chars)."""
    valid = invalid = fingerprint = 0
    for word in words:
        decoded = decode(word)
        if decoded == word:
            continue
        if _is_syllable(_EDGE.sub("", decoded).strip("-")):
            valid += 1
            if marks is not None:
                fingerprint += sum(c in marks for c in word)
        else:
            invalid += 1
    return valid, invalid, fingerprint


def _is_unicode_vietnamese(text: str) -> bool:
    return any(c in _UNICODE_ONLY for c in text)


_DETECT_WORDS = 2000
_WORD = re.compile(r"\S+")


def detect(text: str) -> str | None:
    """`tcvn3`, `vni` or `viqr` when `text` is clearly in that encoding, else None.

    Unicode Vietnamese (anything holding `ạ ế ộ đ ư` … or combining marks) is always None.
    A legacy verdict needs at least two words, and 30% of the words, that decode into
    well-formed Vietnamese syllables — more than decode into anything else — plus, for TCVN3
    and VNI, at least two characters of theirs that Unicode Vietnamese never contains
    (`¸ µ ® ·` …, `ø ï ö ñ` …); VIQR text must have no non-ASCII letter. Short strings are
    therefore usually None. H-font TCVN3 is reported as `tcvn3`; only the font can say that
    it meant capitals.
    """
    if not text or _is_unicode_vietnamese(text):
        return None
    if text.isascii() and not any(c in _VIQR_MARKS or c in "dD" for c in text):
        return None
    # The first few thousand words are evidence enough, and keep a whole book fast.
    tokens = (m.group() for m in _WORD.finditer(text))
    words = [
        w for w in islice(tokens, _DETECT_WORDS) if any(c.isalpha() or c in _TCVN3_CHARS for c in w)
    ]
    if len(words) < 2:
        return None
    non_ascii_letters = any(c.isalpha() and not c.isascii() for c in text)
    best: tuple[int, str] | None = None
    for name, marks in (("tcvn3", _TCVN3_MARKS), ("vni", _VNI_MARKS), ("viqr", None)):
        if name == "viqr" and non_ascii_letters:
            continue  # VIQR is 7-bit ASCII
        valid, invalid, fingerprint = _evidence(words, _DECODERS[name], marks)
        if valid < 2 or valid < 0.3 * len(words) or valid <= invalid:
            continue
        if marks is not None and fingerprint < 2:
            continue
        if best is None or valid > best[0]:
            best = (valid, name)
    return best[1] if best else None


def to_unicode(text: str, encoding: str = "auto", font: str | None = None) -> str:
    """Text in whatever legacy encoding it is in → NFC Unicode; unchanged if nothing is legacy.

    `encoding="auto"` decides from the run's `font` first (`.VnTimeH` → TCVN3 in capitals,
    `VNI-Times` → VNI), then from `detect`. Text that already holds Unicode-only Vietnamese
    letters is returned as is, whatever the font says (people often retype in Unicode and
    keep the old font). Without a font, text typed in an H font comes out in lower case. An
    explicit `encoding` (`tcvn3`, `vni`, `viqr`, or `unicode` for no change) is applied as
    asked; for `tcvn3` an H `font` still means capitals.
    """
    name = _encoding_name(encoding)
    upper = False
    from_font = font_encoding(font)
    if name == "auto":
        if _is_unicode_vietnamese(text):
            return text
        if from_font:
            name, upper = from_font
        else:
            name = detect(text)
            if name is None:
                return text
    elif name == "unicode":
        return text
    elif name in _DECODERS:
        upper = name == "tcvn3" and from_font is not None and from_font == ("tcvn3", True)
    else:
        raise LegacyEncodingError(
            f"Không biết bảng mã '{encoding}': chọn auto, unicode hoặc một trong "
            f"{', '.join(ENCODINGS)}"
        )
    decoded = decode_tcvn3(text, upper=upper) if name == "tcvn3" else _DECODERS[name](text)
    return text if decoded == text else _nfc(decoded)
