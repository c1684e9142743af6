"""What a clerk reads and types: Berlin time across the DST changes, one number format, German amounts."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from servicekit.formats import AmountError, from_local_input, money, number, parse_amount, percent, to_local_input, when


@pytest.mark.parametrize(("instant", "german", "english"), [
    (datetime(2026, 3, 29, 0, 59, tzinfo=UTC), "29.03.2026, 01:59 Uhr", "29 Mar 2026, 01:59"),  # last winter minute
    (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "29.03.2026, 03:00 Uhr", "29 Mar 2026, 03:00"),   # summer time begins
    (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "25.10.2026, 02:30 Uhr", "25 Oct 2026, 02:30"),  # first 02:30
    (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "25.10.2026, 02:30 Uhr", "25 Oct 2026, 02:30"),  # second 02:30
    (datetime(2026, 12, 7, 11, 42), "07.12.2026, 12:42 Uhr", "7 Dec 2026, 12:42"),  # SQLite's naive UTC
    (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "01.01.2027, 00:30 Uhr", "1 Jan 2027, 00:30"),  # the date moves
])
def test_instants_are_shown_in_berlin_time_across_the_dst_changes(instant, german, english):
    assert when(instant, "de") == german
    assert when(instant, "en") == english


def test_a_plain_date_is_not_shifted_and_an_empty_value_is_a_dash():
    assert (when(date(2026, 3, 1)), when(date(2026, 3, 1), "en"), when(None)) == ("01.03.2026", "1 Mar 2026", "–")


def test_a_typed_wall_clock_time_is_stored_as_utc_and_shown_back_as_typed():
    summer = from_local_input(datetime(2026, 7, 1, 18, 0))
    winter = from_local_input(datetime(2026, 12, 1, 18, 0))
    assert (summer, winter) == (datetime(2026, 7, 1, 16, 0, tzinfo=UTC), datetime(2026, 12, 1, 17, 0, tzinfo=UTC))
    assert to_local_input(summer) == datetime(2026, 7, 1, 18, 0) and when(winter) == "01.12.2026, 18:00 Uhr"


def test_one_number_format_per_language():
    assert (number(Decimal("70.94")), number("81.35"), number(1234.5, 1, "en")) == ("70,9", "81,4", "1,234.5")
    assert (money(Decimal("-1800.5")), money(Decimal("12000"), "en")) == ("-1.800,50 €", "€12,000.00")
    assert (percent(Decimal("12.345")), percent(Decimal("12.345"), "en")) == ("12,3 %", "12.3%")


@pytest.mark.parametrize(("typed", "value"), [
    ("12.000,00", "12000.00"), ("12000", "12000.00"), ("12000,5", "12000.50"), ("12.000", "12000.00"),
    ("1.234.567,89", "1234567.89"), (" 12.000,00 € ", "12000.00"), ("12000.50", "12000.50"), ("0,99", "0.99"),
    ("7", "7.00"), ("12\u00a0000,00", "12000.00"),
])
def test_amounts_are_read_the_german_way(typed, value):
    parsed = parse_amount(typed)
    assert parsed == Decimal(value) and isinstance(parsed, Decimal)


@pytest.mark.parametrize(("typed", "message"), [
    ("zwölf", "Bitte einen Betrag wie „12.000,00“ oder „12000“ eingeben."),
    ("12,000,00", "Bitte einen Betrag wie „12.000,00“ oder „12000“ eingeben."),
    ("1.23,00", "Bitte einen Betrag wie „12.000,00“ oder „12000“ eingeben."),
    ("12,", "Bitte einen Betrag wie „12.000,00“ oder „12000“ eingeben."),
    ("1e5", "Bitte einen Betrag wie „12.000,00“ oder „12000“ eingeben."),
    ("12,345", "Höchstens zwei Nachkommastellen (Cent), z. B. „12.000,50“."),
    ("-5", "Bitte einen Betrag ohne Minuszeichen eingeben."),
    ("1" * 16, "Dieser Betrag ist zu groß."),
])
def test_bad_amounts_get_a_german_message_and_an_english_one(typed, message):
    with pytest.raises(AmountError) as caught:
        parse_amount(typed)
    assert str(caught.value) == message and caught.value.english and caught.value.english != message


def test_empty_is_no_amount_negative_when_allowed_and_english_marks_on_english_screens():
    assert parse_amount("  ") is None and parse_amount(None) is None
    assert parse_amount("-1.500,00", negative=True) == Decimal("-1500.00")
    assert parse_amount("12,000.50", lang="en") == Decimal("12000.50")
