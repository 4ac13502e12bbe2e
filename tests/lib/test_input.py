"""Normalising what staff type: dates (西暦 and 和暦), names with variant kanji, phone numbers."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest

from kasane.lib import dates
from kasane.lib.dates import parse_date_input, parse_date_input_or_none
from kasane.lib.text import NAME_FOLDS_ADDED, name_key, name_search_terms, phone_key, search_key, terms

JAPANESE = re.compile(r"[ぁ-んァ-ン一-龥]")
UNREADABLE = "日付として読み取れません。例：昭和45年3月2日、S45.3.2、1970-03-02"
NOT_A_DAY = "その日付は存在しません。"

# Compatibility ideographs as escapes: an NFC pass over this file must not be able to hide them.
COMPAT_SAKI = "\ufa11"  # 﨑
COMPAT_TSUKA = "\ufa10"  # 塚
COMPAT_TSUKA_2 = "\ufa7c"  # 塚
COMPAT_YANAGI = "\uf9c9"  # 柳


# --- dates: what is accepted -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1970-03-02",
        "1970-3-2",
        "1970/3/2",
        "1970/03/02",
        "1970.3.2",
        "1970年3月2日",
        "1970年03月02日",
        "1970年3月2",
        "19700302",
        "１９７０－０３－０２",
        "１９７０／３／２",
        "１９７０．３．２",
        "１９７０年３月２日",
        "１９７００３０２",
        " 1970/3/2 ",
        "\u30001970/3/2\u3000",
        "1970 / 3 / 2",
        "1970 3 2",
        "1970年 3月 2日",
        "1970ー3ー2",  # the IME's prolonged sound mark typed for a dash
        "1970−3−2",  # U+2212 minus sign
        "1970‐3‐2",  # U+2010 hyphen
        "1970/3-2",
    ],
)
def test_western_dates(text: str) -> None:
    assert parse_date_input(text) == dt.date(1970, 3, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("昭和45年3月2日", dt.date(1970, 3, 2)),
        ("昭和４５年３月２日", dt.date(1970, 3, 2)),
        ("昭和 45年 3月 2日", dt.date(1970, 3, 2)),
        ("昭和45.3.2", dt.date(1970, 3, 2)),
        ("昭和45年03月02日", dt.date(1970, 3, 2)),
        ("平成元年1月8日", dt.date(1989, 1, 8)),
        ("平成1年1月8日", dt.date(1989, 1, 8)),
        ("令和7年4月1日", dt.date(2025, 4, 1)),
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("大正15年12月24日", dt.date(1926, 12, 24)),
        ("明治45年7月29日", dt.date(1912, 7, 29)),
        # abbreviated with a letter, either case, any separator
        ("S45.3.2", dt.date(1970, 3, 2)),
        ("s45/3/2", dt.date(1970, 3, 2)),
        ("S45-3-2", dt.date(1970, 3, 2)),
        ("S 45.3.2", dt.date(1970, 3, 2)),
        ("Ｓ４５．３．２", dt.date(1970, 3, 2)),
        ("ｓ４５／３／２", dt.date(1970, 3, 2)),
        ("S45年3月2日", dt.date(1970, 3, 2)),
        ("H1/1/8", dt.date(1989, 1, 8)),
        ("h元.1.8", dt.date(1989, 1, 8)),
        ("R7-4-1", dt.date(2025, 4, 1)),
        ("r7.4.1", dt.date(2025, 4, 1)),
        ("T15.12.24", dt.date(1926, 12, 24)),
        ("M45.7.29", dt.date(1912, 7, 29)),
        ("M1.1.25", dt.date(1868, 1, 25)),
        # abbreviated with one kanji
        ("昭45.3.2", dt.date(1970, 3, 2)),
        ("平1.1.8", dt.date(1989, 1, 8)),
        ("令7.4.1", dt.date(2025, 4, 1)),
        ("大15.12.24", dt.date(1926, 12, 24)),
        ("明45.7.29", dt.date(1912, 7, 29)),
        ("昭45年3月2日", dt.date(1970, 3, 2)),
        # the one-character era signs fold to their names under NFKC
        ("㍼45年3月2日", dt.date(1970, 3, 2)),
        ("㍻元年1月8日", dt.date(1989, 1, 8)),
        ("㋿7年4月1日", dt.date(2025, 4, 1)),
        ("㍽15年12月24日", dt.date(1926, 12, 24)),
        ("㍾45年7月29日", dt.date(1912, 7, 29)),
        # era sign followed by six digits, as on many municipal forms
        ("S450302", dt.date(1970, 3, 2)),
        ("H010108", dt.date(1989, 1, 8)),
        ("R070401", dt.date(2025, 4, 1)),
    ],
)
def test_japanese_dates(text: str, expected: dt.date) -> None:
    assert parse_date_input(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("昭和64年1月7日", dt.date(1989, 1, 7)),
        ("S64.1.7", dt.date(1989, 1, 7)),
        ("平成元年1月8日", dt.date(1989, 1, 8)),
        ("平成31年4月30日", dt.date(2019, 4, 30)),
        ("H31.4.30", dt.date(2019, 4, 30)),
        ("令和1年5月1日", dt.date(2019, 5, 1)),
        ("R1.5.1", dt.date(2019, 5, 1)),
        ("昭和元年12月25日", dt.date(1926, 12, 25)),
        ("昭和1年12月31日", dt.date(1926, 12, 31)),
        ("大正元年7月30日", dt.date(1912, 7, 30)),
        ("大正15年12月24日", dt.date(1926, 12, 24)),
        ("明治元年1月25日", dt.date(1868, 1, 25)),
        ("明治45年7月29日", dt.date(1912, 7, 29)),
        ("1868-01-25", dt.date(1868, 1, 25)),
    ],
)
def test_era_boundaries_accepted(text: str, expected: dt.date) -> None:
    assert parse_date_input(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和2年2月29日", dt.date(2020, 2, 29)),
        ("2000-02-29", dt.date(2000, 2, 29)),
        ("H12.2.29", dt.date(2000, 2, 29)),
        ("S63.2.29", dt.date(1988, 2, 29)),
    ],
)
def test_leap_days(text: str, expected: dt.date) -> None:
    assert parse_date_input(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和99年12月31日", dt.date(2117, 12, 31)),
        ("R50.1.1", dt.date(2068, 1, 1)),
        ("2100-01-01", dt.date(2100, 1, 1)),
    ],
)
def test_future_dates_are_left_to_the_caller(text: str, expected: dt.date) -> None:
    assert parse_date_input(text) == expected


def _sample_days() -> list[dt.date]:
    days = {dates.ERAS[-1].start + dt.timedelta(days=n) for n in range(0, 365 * 170, 11)}
    for era in dates.ERAS:
        days.update(era.start + dt.timedelta(days=n) for n in range(-3, 4))
    return sorted(day for day in days if day >= dates.ERAS[-1].start)


def test_every_written_form_reads_back() -> None:
    for day in _sample_days():
        era, n = dates.era_year(day)
        assert parse_date_input(dates.wareki(day)) == day
        assert parse_date_input(f"{era.short}{n}.{day.month}.{day.day}") == day
        assert parse_date_input(f"{era.name[0]}{n:02d}/{day.month:02d}/{day.day:02d}") == day
        assert parse_date_input(day.isoformat()) == day
        assert parse_date_input(day.strftime("%Y%m%d")) == day
        assert parse_date_input(f"{day.year}年{day.month}月{day.day}日") == day


# --- dates: what is rejected, and how ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("昭和65年1月1日", "昭和は64年（1989年1月7日）までです。"),
        ("昭和64年1月8日", "昭和は64年（1989年1月7日）までです。"),
        ("S65.1.1", "昭和は64年（1989年1月7日）までです。"),
        ("昭和99年1月1日", "昭和は64年（1989年1月7日）までです。"),
        ("平成1年1月7日", "平成は元年（1989年1月8日）からです。"),
        ("平成元年1月1日", "平成は元年（1989年1月8日）からです。"),
        ("H1.1.7", "平成は元年（1989年1月8日）からです。"),
        ("平成31年5月1日", "平成は31年（2019年4月30日）までです。"),
        ("H310501", "平成は31年（2019年4月30日）までです。"),
        ("平成32年1月1日", "平成は31年（2019年4月30日）までです。"),
        ("令和1年4月30日", "令和は元年（2019年5月1日）からです。"),
        ("R1.1.1", "令和は元年（2019年5月1日）からです。"),
        ("令和0年5月1日", "令和は元年（2019年5月1日）からです。"),
        ("S0.12.25", "昭和は元年（1926年12月25日）からです。"),
        ("昭和元年12月24日", "昭和は元年（1926年12月25日）からです。"),
        ("大正15年12月25日", "大正は15年（1926年12月24日）までです。"),
        ("T15.12.25", "大正は15年（1926年12月24日）までです。"),
        ("大正元年7月29日", "大正は元年（1912年7月30日）からです。"),
        ("明治45年7月30日", "明治は45年（1912年7月29日）までです。"),
        ("M45.7.30", "明治は45年（1912年7月29日）までです。"),
        ("明治元年1月1日", "明治は元年（1868年1月25日）からです。"),
        ("M1.1.24", "明治は元年（1868年1月25日）からです。"),
        ("1868-01-24", "1868年1月25日（明治元年）より前の日付は扱えません。"),
        ("1800/1/1", "1868年1月25日（明治元年）より前の日付は扱えません。"),
        ("0970-03-02", "1868年1月25日（明治元年）より前の日付は扱えません。"),
    ],
)
def test_outside_the_era(text: str, message: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        parse_date_input(text)
    assert str(excinfo.value) == message


@pytest.mark.parametrize(
    "text",
    [
        "2024-02-30",
        "2023-02-29",
        "1900-02-29",
        "1970-13-01",
        "1970-00-10",
        "1970-04-31",
        "1970-03-00",
        "19700230",
        "令和5年2月29日",
        "昭和45年2月30日",
        "S45.13.1",
        "H元.2.30",
        "令和7年4月31日",
        # an invalid day in a year outside the era is still first of all not a day
        "昭和99年2月30日",
    ],
)
def test_days_that_do_not_exist(text: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        parse_date_input(text)
    assert str(excinfo.value) == NOT_A_DAY


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "1970",
        "197003",
        "1970302",
        "197003021",
        "70/3/2",
        "1970-03",
        "1970-03-02-01",
        "1970-03-02 10:00",
        "1970//3/2",
        "1970/3/2/",
        "S45",
        "S45.3",
        "昭和45年3月",
        "昭和45年",
        "昭和四十五年三月二日",
        "X45.3.2",
        "和45.3.2",
        "昭和昭和45.3.2",
        "S123.3.2",
        "S4503",
        "S45.3.2日生",
        "元年1月8日",
        "年月日",
        "-",
        "今日",
    ],
)
def test_unreadable_input(text: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        parse_date_input(text)
    assert str(excinfo.value) == UNREADABLE


@pytest.mark.parametrize("text", ["", " ", "\u3000", "\t\n", "　　"])
def test_blank_input_is_an_error_for_a_required_date(text: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        parse_date_input(text)
    assert str(excinfo.value) == "日付を入力してください。"


@pytest.mark.parametrize("text", ["", " ", "\u3000", "\t\n", None])
def test_blank_input_is_no_date_when_optional(text: str | None) -> None:
    assert parse_date_input_or_none(text) is None


def test_optional_date_still_reads_and_rejects() -> None:
    assert parse_date_input_or_none(" S45.3.2 ") == dt.date(1970, 3, 2)
    assert parse_date_input_or_none("令和元年5月1日") == dt.date(2019, 5, 1)
    with pytest.raises(ValueError) as excinfo:
        parse_date_input_or_none("平成31年5月1日")
    assert str(excinfo.value) == "平成は31年（2019年4月30日）までです。"
    with pytest.raises(ValueError) as excinfo:
        parse_date_input_or_none("abc")
    assert str(excinfo.value) == UNREADABLE


@pytest.mark.parametrize(
    "text", ["abc", "", "2024-02-30", "昭和65年1月1日", "平成1年1月7日", "1800-01-01", "S0.1.1"]
)
def test_every_date_error_is_japanese(text: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        parse_date_input(text)
    message = str(excinfo.value)
    assert JAPANESE.search(message)
    assert message.endswith(("。", "1970-03-02"))
    # No Python internals such as "day is out of range for month" leak through.
    assert "range" not in message
    assert excinfo.value.__cause__ is None


def test_parsing_leaves_the_raw_text_alone() -> None:
    raw = "　Ｓ４５．３．２　"
    copy = "".join(list(raw))
    parse_date_input(raw)
    assert raw == copy


# --- names ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variant", "common"),
    [
        ("髙橋", "高橋"),
        ("髙槗", "高橋"),
        ("高槗", "高橋"),
        (f"山{COMPAT_SAKI}", "山崎"),
        ("山嵜", "山崎"),
        (f"宮{COMPAT_SAKI}", "宮崎"),
        ("渡邉", "渡辺"),
        ("渡邊", "渡辺"),
        ("齋藤", "斎藤"),
        ("齊藤", "斎藤"),
        ("斉藤", "斎藤"),
        ("濵田", "浜田"),
        ("濱田", "浜田"),
        ("德永", "徳永"),
        ("瀨戸", "瀬戸"),
        ("栁田", "柳田"),
        (f"{COMPAT_YANAGI}田", "柳田"),
        ("草彅", "草薙"),
        ("曻", "昇"),
        ("佐藤曻", "佐藤昇"),
        (f"{COMPAT_TSUKA}本", "塚本"),
        (f"{COMPAT_TSUKA_2}本", "塚本"),
        (f"大{COMPAT_TSUKA}", "大塚"),
        ("𠮷田", "吉田"),
        ("髙橋 ｲﾁﾛｳ", "高橋いちろう"),
        ("渡邊　德子", "渡辺徳子"),
    ],
)
def test_variant_kanji_fold_both_ways(variant: str, common: str) -> None:
    assert name_key(variant) == common
    assert name_key(name_key(common)) == name_key(common)
    assert name_key(variant) == name_key(common)
    # A search typed either way finds the record stored the other way.
    assert all(term in name_key(variant) for term in name_search_terms(common))
    assert all(term in name_key(common) for term in name_search_terms(variant))


@pytest.mark.parametrize(("variant", "common"), sorted(NAME_FOLDS_ADDED.items()))
def test_every_house_addition_folds(variant: str, common: str) -> None:
    assert name_key(variant) == common
    assert name_key(common) == common
    assert name_key(f"　{variant}さん") == f"{common}さん"


def test_the_house_additions_are_flat() -> None:
    for variant, common in NAME_FOLDS_ADDED.items():
        assert variant != common
        assert len(variant) == len(common) == 1
        assert unicodedata.normalize("NFKC", common) == common
        # No chains: a common form is never itself a variant.
        assert common not in NAME_FOLDS_ADDED


def test_compatibility_ideographs_fold_like_their_unified_forms() -> None:
    blocks = [*range(0xF900, 0xFB00), *range(0x2F800, 0x2FA20)]
    for code in blocks:
        char = chr(code)
        if unicodedata.category(char) != "Lo":
            continue
        assert name_key(char) == name_key(unicodedata.normalize("NFKC", char)), hex(code)


@pytest.mark.parametrize(
    "name", ["高橋", "佐藤", "鈴木", "田中", "渡辺", "斎藤", "山崎", "浜田", "柳田", "塚本", "吉田"]
)
def test_common_names_are_unchanged(name: str) -> None:
    assert name_key(name) == name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("高橋", "高島"),
        ("渡辺", "渡部"),
        ("浜田", "濱口"),
        ("たかはし", "たかばし"),
    ],
)
def test_different_names_stay_apart(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ﾀｶﾊｼ", "たかはし"),
        ("タカハシ", "たかはし"),
        ("たかはし", "たかはし"),
        ("ﾀｶﾊｼ ﾀﾛｳ", "たかはしたろう"),
        ("ｶﾞ", "が"),
        ("ｶﾞｸ", "がく"),
        ("ﾊﾟﾝ", "ぱん"),
        ("ﾜﾀﾅﾍﾞ", "わたなべ"),
        ("ｻﾄｳ ﾀﾛｰ", "さとうたろー"),
        ("ﾀﾛｰ", name_key("タロー")),
        ("か゛", "が"),  # stand-alone voiced mark, which NFKC splits into a space and a combining mark
        ("カ゛", "が"),
        ("ハ゜", "ぱ"),
        ("か\u3099", "が"),
        ("ヴ", "ゔ"),
        ("ｳﾞ", "ゔ"),
        ("ＴＡＫＡＨＡＳＨＩ", "takahashi"),
        ("Takahashi Taro", "takahashitaro"),
        ("高橋　太郎", "高橋太郎"),
        ("高橋 太郎", "高橋太郎"),
        (" 高橋\t太郎\n", "高橋太郎"),
        ("髙橋　ﾀﾛｳ", "高橋たろう"),
        ("", ""),
        ("\u3000", ""),
    ],
)
def test_name_key_folds_width_kana_case_and_spaces(text: str, expected: str) -> None:
    assert name_key(text) == expected


def test_half_width_voiced_kana_match_every_spelling() -> None:
    assert name_key("ｶﾞ") == name_key("ガ") == name_key("が") == name_key("か゛") == "が"
    assert name_key("ｰ") == name_key("ー") == "ー"


def test_name_key_is_idempotent() -> None:
    for text in ["髙橋 ﾀﾛｳ", f"山{COMPAT_SAKI}", "か゛", "渡邊　德子", "ｻﾄｳ ﾀﾛｰ"]:
        assert name_key(name_key(text)) == name_key(text)


def test_search_key_and_terms_keep_variants() -> None:
    # Only name_key folds variant kanji; the general search key leaves them as typed.
    assert search_key("髙橋") == "髙橋"
    assert terms("渡邊 德子") == ["渡邊", "德子"]


def test_name_functions_leave_the_raw_text_alone() -> None:
    raw = "髙橋　ﾀﾛｳ"
    copy = "".join(list(raw))
    name_key(raw)
    name_search_terms(raw)
    phone_key(raw)
    assert raw == copy


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("髙橋　太郎", ["高橋", "太郎"]),
        ("髙橋 太郎", ["高橋", "太郎"]),
        ("  ﾀｶﾊｼ  ", ["たかはし"]),
        ("佐藤 ｲﾁﾛｳ", ["佐藤", "いちろう"]),
        ("渡邊\u3000\u3000德子 ", ["渡辺", "徳子"]),
        ("ｶﾞｸ ﾀﾛｰ", ["がく", "たろー"]),
        ("高橋", ["高橋"]),
        ("", []),
        ("   ", []),
        ("\u3000\u3000", []),
    ],
)
def test_name_search_terms(query: str, expected: list[str]) -> None:
    assert name_search_terms(query) == expected


# --- phone numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("０９０－１２３４－５６７８", "09012345678"),
        ("090-1234-5678", "09012345678"),
        ("09012345678", "09012345678"),
        ("０９０ー１２３４ー５６７８", "09012345678"),
        ("(03) 1234-5678", "0312345678"),
        ("（０３）１２３４－５６７８", "0312345678"),
        ("03　1234　5678", "0312345678"),
        ("+81 90-1234-5678", "819012345678"),
        ("0120-123-456 内線12", "012012345612"),
        ("①②③", "123"),
        ("٠٩٠", ""),  # Arabic-Indic digits are not phone digits here
        ("なし", ""),
        ("", ""),
    ],
)
def test_phone_key(text: str, expected: str) -> None:
    assert phone_key(text) == expected
