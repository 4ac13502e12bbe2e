from __future__ import annotations

import datetime as dt

import pytest

from kasane.lib import dates
from kasane.lib.env import ConfigurationError, env_bool, env_int, env_list
from kasane.lib.text import kana_reading, search_key, terms


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2024, 4, 1), "令和6年4月1日"),
        (dt.date(2019, 5, 1), "令和元年5月1日"),
        (dt.date(2019, 4, 30), "平成31年4月30日"),
        (dt.date(1989, 1, 8), "平成元年1月8日"),
        (dt.date(1989, 1, 7), "昭和64年1月7日"),
        (dt.date(1970, 3, 2), "昭和45年3月2日"),
        (dt.date(1926, 12, 24), "大正15年12月24日"),
    ],
)
def test_wareki(day: dt.date, expected: str) -> None:
    assert dates.wareki(day) == expected


def test_wareki_of_a_moment_uses_tokyo_time() -> None:
    # 15:30 UTC on 31 March is already 1 April in Tokyo.
    moment = dt.datetime(2025, 3, 31, 15, 30, tzinfo=dt.UTC)
    assert dates.wareki(moment) == "令和7年4月1日"
    assert dates.datetime_label(moment) == "2025/04/01 00:30"
    with pytest.raises(ValueError, match="naive"):
        dates.localtime(dt.datetime(2025, 1, 1))


def test_fiscal_year() -> None:
    assert dates.fiscal_year(dt.date(2025, 3, 31)) == 2024
    assert dates.fiscal_year(dt.date(2025, 4, 1)) == 2025
    assert dates.fiscal_year_label(2024) == "令和6年度（2024年度）"
    assert dates.fiscal_year_label(2019) == "令和元年度（2019年度）"
    assert dates.fiscal_year_label(1988) == "昭和63年度（1988年度）"
    assert dates.fiscal_year_label(1989) == "平成元年度（1989年度）"
    assert dates.fiscal_year_bounds(2028) == (dt.date(2028, 4, 1), dt.date(2029, 3, 31))


def test_search_key_folds_kana_width_case_and_spaces() -> None:
    assert search_key("ヒキコモリ") == search_key("ﾋｷｺﾓﾘ") == search_key("ひき こもり") == "ひきこもり"
    assert search_key("ＮＰＯ　法人") == "npo法人"
    assert terms("認知症、ひきこもり／8050") == ["認知症", "ひきこもり", "8050"]


def test_kana_reading_writes_furigana_one_way_and_keeps_the_words_apart() -> None:
    one_way = "たかはし\u3000いちろう"
    assert kana_reading("ﾀｶﾊｼ ｲﾁﾛｳ") == kana_reading("タカハシ　イチロウ") == one_way
    assert kana_reading("  たかはし \u3000 いちろう\t") == one_way
    assert kana_reading("ﾀﾞｲｽｹ") == kana_reading("タ゛イスケ") == "だいすけ"  # ゛ typed on its own, too
    assert kana_reading("ヴァイオリン") == "ゔぁいおりん" and kana_reading("") == ""


def test_env_helpers_fail_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_BOOL", "maybe")
    with pytest.raises(ConfigurationError, match="X_BOOL"):
        env_bool("X_BOOL", False)
    monkeypatch.setenv("X_INT", "thirty")
    with pytest.raises(ConfigurationError, match="X_INT"):
        env_int("X_INT", 30)
    monkeypatch.setenv("X_INT", "0")
    with pytest.raises(ConfigurationError, match="at least 1"):
        env_int("X_INT", 30, minimum=1)
    monkeypatch.setenv("X_LIST", "a.example, b.example ,")
    assert env_list("X_LIST") == ["a.example", "b.example"]
