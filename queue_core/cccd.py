"""The QR code on the citizen ID card: 2021 CCCD (7 fields) and Căn cước from 2024 (11).

    id|old_id|full name|ddmmyyyy birth|sex|address|ddmmyyyy issue[|father|mother|…|…]

Input is normalised first (NFC, full-width digits, surrounding blanks), then checked:
12 digits; digit 4 encodes century and sex; digits 5–6 the birth year; real dates,
birth not in the future, issue not before birth. An unknown place code is a warning.
Everything else is rejected fast with one reason in Vietnamese and English.
The card object never prints the full ID number or the address.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from .errors import Invalid
from .privacy import mask_id

MAX_PAYLOAD = 1024
"""Real payloads are under 300 characters; anything much longer is not a card."""

PLACE_CODES = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn",
    "008": "Tuyên Quang", "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu",
    "014": "Sơn La", "015": "Yên Bái", "017": "Hoà Bình", "019": "Thái Nguyên",
    "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang", "025": "Phú Thọ",
    "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định",
    "037": "Ninh Bình", "038": "Thanh Hoá", "040": "Nghệ An", "042": "Hà Tĩnh",
    "044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế", "048": "Đà Nẵng",
    "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định", "054": "Phú Yên",
    "056": "Khánh Hoà", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
    "070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
    "077": "Bà Rịa – Vũng Tàu", "079": "Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang",
    "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long", "087": "Đồng Tháp",
    "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang",
    "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}  # fmt: skip
"""Birth-registration place codes (Thông tư 07/2016/TT-BCA); the first 3 digits."""

CENTURY_OF_CODE = {
    0: 1900,
    1: 1900,
    2: 2000,
    3: 2000,
    4: 2100,
    5: 2100,
    6: 2200,
    7: 2200,
    8: 1800,
    9: 1800,
}
FULL_WIDTH_DIGITS = {0xFF10 + i: ord("0") + i for i in range(10)}
SEX_OF_TEXT = {"nam": "male", "nữ": "female", "nu": "female"}


class CardError(Invalid):
    """The payload is not a valid ID-card QR code; `message` says why in both languages."""


@dataclass(frozen=True)
class CitizenCard:
    id_number: str = field(repr=False)
    old_id_number: str = field(repr=False)
    full_name: str
    date_of_birth: date
    sex: str
    address: str = field(repr=False)
    issue_date: date
    father_name: str = ""
    mother_name: str = ""
    card_format: str = "cccd-2021"
    warnings: tuple[str, ...] = ()

    @property
    def masked_id(self) -> str:
        return mask_id(self.id_number)

    def __repr__(self) -> str:  # never the full number, never the address
        return (
            f"CitizenCard(id={self.masked_id}, name={self.full_name!r}, "
            f"born={self.date_of_birth.year}, format={self.card_format})"
        )

    __str__ = __repr__

    def age_on(self, day: date) -> int:
        """Full years on `day` (a birthday counts from the day itself)."""
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def as_json(self) -> dict[str, object]:
        """The fields `xephang cccd parse` prints."""
        return {
            "id_number": self.id_number,
            "old_id_number": self.old_id_number,
            "full_name": self.full_name,
            "date_of_birth": self.date_of_birth.isoformat(),
            "sex": self.sex,
            "address": self.address,
            "issue_date": self.issue_date.isoformat(),
            "father_name": self.father_name,
            "mother_name": self.mother_name,
            "card_format": self.card_format,
            "warnings": list(self.warnings),
        }


def normalise(payload: str) -> str:
    """NFC (keyboard-wedge scanners send decomposed text), ASCII digits, no outer blanks."""
    return unicodedata.normalize("NFC", payload).translate(FULL_WIDTH_DIGITS).strip(" \t\r\n\ufeff")


def _reject(code: str, vi: str, en: str) -> CardError:
    return CardError(f"cccd_{code}", vi, en)


def _date(text: str, what_vi: str, what_en: str) -> date:
    if not re.fullmatch(r"[0-9]{8}", text):
        raise _reject(
            "bad_date", f"{what_vi} không đúng dạng ngàythángnăm", f"{what_en} is not ddmmyyyy"
        )
    try:
        return date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        raise _reject(
            "bad_date", f"{what_vi} không có thật", f"{what_en} is not a real date"
        ) from None


def parse_card(payload: str, today: date) -> CitizenCard:
    """Parse and check one QR payload read on `today`; raise CardError otherwise."""
    if len(payload) > MAX_PAYLOAD * 4:
        raise _reject(
            "too_long", "Mã QR quá dài, không phải thẻ căn cước", "Payload too long for an ID card"
        )
    text = normalise(payload)
    if len(text) > MAX_PAYLOAD:
        raise _reject(
            "too_long", "Mã QR quá dài, không phải thẻ căn cước", "Payload too long for an ID card"
        )
    if not text:
        raise _reject("empty", "Mã QR trống", "Empty payload")
    lowered = text.lower()
    if lowered.startswith(("http://", "https://", "www.")) or "://" in lowered[:16]:
        raise _reject(
            "url",
            "Đây là một đường dẫn web, không phải thẻ căn cước",
            "This is a web link, not an ID card",
        )
    if text.startswith("000201"):
        raise _reject(
            "bank_qr",
            "Đây là mã QR ngân hàng (VietQR), không phải thẻ căn cước",
            "This is a bank (VietQR) code, not an ID card",
        )
    fields = text.split("|")
    if len(fields) not in (7, 11):
        raise _reject(
            "field_count",
            f"Mã QR có {len(fields)} trường, thẻ căn cước có 7 hoặc 11",
            f"The code has {len(fields)} fields; an ID card has 7 or 11",
        )
    fields = [f.strip() for f in fields]
    id_number, old_id, name, dob_text, sex_text, address, issue_text = fields[:7]
    if not re.fullmatch(r"[0-9]{12}", id_number):
        raise _reject(
            "bad_id",
            "Số định danh phải có đúng 12 chữ số",
            "The ID number must be exactly 12 digits",
        )
    if old_id and not re.fullmatch(r"[0-9]{9}|[0-9]{12}", old_id):
        raise _reject(
            "bad_old_id",
            "Số CMND cũ phải có 9 hoặc 12 chữ số",
            "The old ID number must have 9 or 12 digits",
        )
    if not name or any(ch.isdigit() for ch in name) or len(name) > 100:
        raise _reject("bad_name", "Họ và tên không hợp lệ", "The full name is not valid")
    born = _date(dob_text, "Ngày sinh", "Date of birth")
    issued = _date(issue_text, "Ngày cấp", "Issue date")
    sex = SEX_OF_TEXT.get(sex_text.lower())
    if sex is None:
        raise _reject("bad_sex", "Giới tính phải là Nam hoặc Nữ", "Sex must be Nam or Nữ")
    code = int(id_number[3])
    if CENTURY_OF_CODE[code] != born.year // 100 * 100 or ("male", "female")[code % 2] != sex:
        raise _reject(
            "id_mismatch",
            "Chữ số thứ 4 của số định danh không khớp giới tính và thế kỷ sinh",
            "Digit 4 of the ID number does not match sex and century of birth",
        )
    if id_number[4:6] != f"{born.year % 100:02d}":
        raise _reject(
            "id_mismatch",
            "Chữ số thứ 5–6 của số định danh không khớp năm sinh",
            "Digits 5-6 of the ID number do not match the year of birth",
        )
    if born > today:
        raise _reject("future_birth", "Ngày sinh ở tương lai", "Date of birth is in the future")
    if issued < born or issued > today:
        raise _reject(
            "bad_issue_date", "Ngày cấp không hợp lệ", "Issue date is before birth or in the future"
        )
    warnings = []
    if id_number[:3] not in PLACE_CODES:
        warnings.append(f"unknown place code {id_number[:3]} (registered abroad?)")
    father, mother = parents_of(fields)
    return CitizenCard(
        id_number=id_number,
        old_id_number=old_id,
        full_name=name,
        date_of_birth=born,
        sex=sex,
        address=address,
        issue_date=issued,
        father_name=father,
        mother_name=mother,
        card_format="can-cuoc-2024" if len(fields) == 11 else "cccd-2021",
        warnings=tuple(warnings),
    )


def parents_of(fields: list[str]) -> tuple[str, str]:
    """(father, mother) on an 11-field Căn cước: at 0-based fields 7 and 8 on some cards,
    at 8 and 9 with field 7 empty on others (the samples we hold); chosen by which are
    filled. A 7-field card, or an adult's, has none."""
    if len(fields) != 11:
        return "", ""
    if not fields[7] and (fields[8] or fields[9]):
        return fields[8], fields[9]
    return fields[7], fields[8]


def elderly_priority(card: CitizenCard, today: date, min_age: int = 60) -> bool:
    """Offered from a full `min_age` years on the day, not merely by birth year."""
    return card.age_on(today) >= min_age
