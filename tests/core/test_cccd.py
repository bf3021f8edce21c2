"""The ID-card QR parser: both formats, normalisation, every rejection, fuzzing."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from queue_core.cccd import CardError, elderly_priority, parse_card
from testkit.cards import id_number, payload

TODAY = date(2025, 11, 27)


def test_2021_card() -> None:
    card = parse_card(payload(), TODAY)
    assert card.id_number == "001060012345" and card.old_id_number == ""
    assert card.full_name == "Nguyễn Văn Ánh" and card.sex == "male"
    assert card.date_of_birth == date(1960, 3, 15) and card.issue_date == date(2021, 6, 15)
    assert card.card_format == "cccd-2021" and card.warnings == ()
    assert card.masked_id == "0010******45"


@pytest.mark.parametrize("parents_at", [7, 8])
def test_2024_card_of_a_child_carries_parents(parents_at: int) -> None:
    text = payload(
        born=date(2019, 8, 2),
        male=False,
        name="Lê Ngọc Diệp",
        issued=date(2024, 9, 1),
        parents=("Lê Văn Hùng", "Phạm Thị Mai"),
        parents_at=parents_at,
    )
    assert text.split("|")[parents_at] == "Lê Văn Hùng"
    card = parse_card(text, TODAY)
    assert card.card_format == "can-cuoc-2024" and card.sex == "female"
    assert (card.father_name, card.mother_name) == ("Lê Văn Hùng", "Phạm Thị Mai")
    assert card.id_number[3] == "3"  # 2000s, female


def test_2024_adult_card_ends_in_empty_fields_and_old_id() -> None:
    card = parse_card(payload(eleven=True, old_id="012345678"), TODAY)
    assert (
        card.card_format == "can-cuoc-2024"
        and card.father_name == ""
        and card.old_id_number == "012345678"
    )


def test_normalisation() -> None:
    text = payload()
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    full_width = text.replace("001060012345", "００１０６００１２３４５")
    for variant in (decomposed, full_width, f"  {text}\r\n", f"\ufeff{text}\n"):
        card = parse_card(variant, TODAY)
        assert card.full_name == "Nguyễn Văn Ánh" and card.id_number == "001060012345"


def test_unknown_place_code_is_a_warning() -> None:
    card = parse_card(payload(place="099"), TODAY)
    assert card.warnings and "099" in card.warnings[0]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("https://dichvucong.gov.vn/p/home/dvc-trang-chu.html", "cccd_url"),
        (
            "00020101021238570010A00000072701270006970436011300123456789020208QRIBFTTA53037045802VN6304ABCD",
            "cccd_bank_qr",
        ),
        ("001060012345|Nguyễn Văn Ánh|15031960", "cccd_field_count"),
        ("x" * 50_000, "cccd_too_long"),
        ("", "cccd_empty"),
        (payload().replace("001060012345", "00106001234"), "cccd_bad_id"),
        (
            payload().replace("001060012345", "001160012345"),
            "cccd_id_mismatch",
        ),  # female digit, male card
        (
            payload().replace("001060012345", "001260012345"),
            "cccd_id_mismatch",
        ),  # 2000s digit, born 1960
        (payload().replace("001060012345", "001061012345"), "cccd_id_mismatch"),  # year digits 61
        (payload().replace("15031960", "31021960"), "cccd_bad_date"),
        (payload().replace("15031960", "1960-03-15"), "cccd_bad_date"),
        (payload().replace("|Nam|", "|Male|"), "cccd_bad_sex"),
        (payload().replace("Nguyễn Văn Ánh", ""), "cccd_bad_name"),
        (payload().replace("15062021", "15061950"), "cccd_bad_issue_date"),
        (payload(born=date(2026, 1, 1), issued=date(2026, 2, 1)), "cccd_future_birth"),
        (payload().replace("||", "|12345|"), "cccd_bad_old_id"),
    ],
)
def test_rejections(text: str, code: str) -> None:
    with pytest.raises(CardError) as e:
        parse_card(text, TODAY)
    assert e.value.code == code
    assert " / " in e.value.message and e.value.vi and e.value.en


def test_full_id_never_printed() -> None:
    card = parse_card(payload(), TODAY)
    for shown in (repr(card), str(card), f"{card}"):
        assert "001060012345" not in shown and "Bùi Huy Bích" not in shown
        assert "0010******45" in shown


def test_elderly_priority_from_the_full_60th_birthday() -> None:
    card = parse_card(payload(born=date(1965, 11, 27)), TODAY)
    assert elderly_priority(card, date(2025, 11, 27))
    assert not elderly_priority(card, date(2025, 11, 26))  # same birth year, one day short
    leap = parse_card(payload(born=date(1964, 2, 29), issued=date(2021, 1, 1)), TODAY)
    assert not elderly_priority(leap, date(2024, 2, 28)) and elderly_priority(
        leap, date(2024, 2, 29)
    )


def test_id_number_helper_matches_the_rule() -> None:
    assert id_number(date(2001, 1, 1), male=False)[3:6] == "301"
    assert id_number(date(1999, 1, 1), male=True)[3:6] == "099"


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=400))
def test_fuzz_any_text_is_a_card_or_a_clear_error(text: str) -> None:
    card_or_clear_error(text)


def card_or_clear_error(text: str) -> None:
    """The parser answers with a checked card or its own error; nothing else escapes."""
    try:
        card = parse_card(text, TODAY)
    except CardError as e:
        assert e.code.startswith("cccd_") and " / " in e.message
    else:
        assert len(card.id_number) == 12 and card.id_number.isdigit()
        assert card.date_of_birth <= TODAY and card.issue_date >= card.date_of_birth


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="0123456789|NamữĐđ ", max_size=14), min_size=7, max_size=11))
def test_fuzz_near_cards(fields: list[str]) -> None:
    card_or_clear_error("|".join(fields))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 6), st.text(max_size=20))
def test_fuzz_one_field_of_a_real_card(index: int, value: str) -> None:
    fields = payload().split("|")
    fields[index] = value
    card_or_clear_error("|".join(fields))
