"""What the waiting room hears: Vietnamese numbers as words, and the call sentence.

1023 → "một nghìn không trăm hai mươi ba", 1005 → "một nghìn không trăm lẻ năm",
15 → "mười lăm", 21 → "hai mươi mốt", 24 → "hai mươi tư", 105 → "một trăm lẻ năm".
A ticket number with letters ("A005", "K1-005") is read letter by letter and digit by
digit, as people read them: "A không không năm".
"""

from __future__ import annotations

from typing import Literal

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
LETTERS = {
    "A": "a", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e", "G": "giê", "H": "hát",
    "I": "i", "K": "ca", "L": "e lờ", "M": "em mờ", "N": "en nờ", "O": "o", "P": "pê",
    "Q": "quy", "R": "e rờ", "S": "ét xì", "T": "tê", "U": "u", "V": "vê", "X": "ích xì",
    "Y": "i dài", "F": "ép", "J": "gi", "W": "vê kép", "Z": "dét",
}  # fmt: skip
NumberStyle = Literal["words", "digits"]

CALL_TEMPLATE = "Xin mời công dân có số thứ tự {number} đến quầy số {counter}"
SHORT_TEMPLATE = "số {number} quầy {counter}"
"""A call in a busy minute, merged with others: "Xin mời số 1001 quầy 2, số 1002 quầy 5"."""
MERGED_OPENING = "Xin mời"
BACKLOG_SENTENCE = "Các số đã gọi đang hiển thị trên màn hình"
"""Said once when calls waited too long to be spoken: the board has them."""


def _tens_units(n: int, after_hundreds: bool) -> list[str]:
    """0–99, with the rules of what follows a hundreds digit ("lẻ")."""
    tens, units = divmod(n, 10)
    if tens == 0:
        if units == 0:
            return []
        return (["lẻ"] if after_hundreds else []) + [DIGITS[units]]
    words = ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 1 and tens >= 2:
        words.append("mốt")
    elif units == 4 and tens >= 2:
        words.append("tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _below_thousand(n: int, full: bool) -> list[str]:
    """0–999; `full` says "không trăm" when a higher group stands before it."""
    hundreds, rest = divmod(n, 100)
    words: list[str] = []
    if hundreds or (full and rest):
        words += [DIGITS[hundreds], "trăm"]
    words += _tens_units(rest, after_hundreds=bool(words))
    return words


def number_words(n: int) -> str:
    """A whole number from 0 to 999 999 999 in Vietnamese words."""
    if n < 0 or n > 999_999_999:
        raise ValueError("number out of range")
    if n == 0:
        return DIGITS[0]
    millions, rest = divmod(n, 1_000_000)
    thousands, units = divmod(rest, 1000)
    words: list[str] = []
    if millions:
        words += [*_below_thousand(millions, False), "triệu"]
    if thousands:
        words += [*_below_thousand(thousands, bool(words)), "nghìn"]
    elif millions and units:
        words += ["không", "nghìn"]
    if units:
        words += _below_thousand(units, bool(words))
    return " ".join(words)


def digit_words(text: str) -> str:
    """Letters by their names, digits one by one: 'A005' → 'a không không năm'."""
    out = []
    for ch in text.upper():
        if ch.isdigit():
            out.append(DIGITS[int(ch)])
        elif ch in LETTERS:
            out.append(LETTERS[ch])
    return " ".join(out)


def say_number(number: str, style: NumberStyle = "words") -> str:
    """How a ticket number is read out."""
    if number.isdigit() and style == "words":
        return number_words(int(number))
    return digit_words(number)


def call_sentence(number: str, counter_number: int, style: NumberStyle = "words") -> str:
    return CALL_TEMPLATE.format(
        number=say_number(number, style), counter=number_words(counter_number)
    )


def short_call(number: str, counter_number: int, style: NumberStyle = "words") -> str:
    return SHORT_TEMPLATE.format(
        number=say_number(number, style), counter=number_words(counter_number)
    )


def merged_calls(shorts: list[str]) -> str:
    """Several waiting calls said as one announcement, each in its short form."""
    return f"{MERGED_OPENING} {', '.join(shorts)}"
