"""Vietnamese numbers as the waiting room must hear them."""

from __future__ import annotations

import pytest

from queue_core.speech import call_sentence, digit_words, number_words, say_number

CASES = {
    0: "không",
    5: "năm",
    10: "mười",
    11: "mười một",
    14: "mười bốn",
    15: "mười lăm",
    20: "hai mươi",
    21: "hai mươi mốt",
    24: "hai mươi tư",
    25: "hai mươi lăm",
    55: "năm mươi lăm",
    100: "một trăm",
    101: "một trăm lẻ một",
    105: "một trăm lẻ năm",
    110: "một trăm mười",
    115: "một trăm mười lăm",
    121: "một trăm hai mươi mốt",
    1000: "một nghìn",
    1001: "một nghìn không trăm lẻ một",
    1005: "một nghìn không trăm lẻ năm",
    1010: "một nghìn không trăm mười",
    1023: "một nghìn không trăm hai mươi ba",
    1100: "một nghìn một trăm",
    1105: "một nghìn một trăm lẻ năm",
    2050: "hai nghìn không trăm năm mươi",
    9999: "chín nghìn chín trăm chín mươi chín",
    10005: "mười nghìn không trăm lẻ năm",
    1_000_001: "một triệu không nghìn không trăm lẻ một",
}


@pytest.mark.parametrize(("n", "words"), CASES.items())
def test_number_words(n: int, words: str) -> None:
    assert number_words(n) == words


def test_le_only_after_hundreds() -> None:
    for n in range(1, 10):
        assert "lẻ" not in number_words(n) and "lẻ" not in number_words(10 + n)
        assert number_words(200 + n).startswith("hai trăm lẻ ")
    assert all("lẻ" not in number_words(n) for n in range(110, 200))


def test_digits_and_letters() -> None:
    assert digit_words("A005") == "a không không năm"
    assert say_number("1023", "digits") == "một không hai ba"
    assert say_number("K1-005") == "ca một không không năm"
    assert say_number("1023") == "một nghìn không trăm hai mươi ba"


def test_call_sentence() -> None:
    assert call_sentence("1023", 5) == (
        "Xin mời công dân có số thứ tự một nghìn không trăm hai mươi ba đến quầy số năm"
    )
    with pytest.raises(ValueError):
        number_words(-1)
