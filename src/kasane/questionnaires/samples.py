"""Small samples: below the officer's threshold (``readiness.support_settings.min_sample``) a share is a few
people's answers, so every result page and export says n and warns. A municipality's own questionnaire
(community, programme) takes the threshold of its municipality's prefecture."""

from __future__ import annotations

from kasane.questionnaires.models import Questionnaire
from kasane.readiness import support_settings


def floor_for(questionnaire: Questionnaire) -> int:
    """The fewest answers shown without a warning, as the questionnaire's prefecture set it."""
    municipality = questionnaire.municipality
    if municipality is not None:
        return support_settings.min_sample(municipality.prefecture)
    return support_settings.min_sample(questionnaire.prefecture)


def is_small(n: int, floor: int) -> bool:
    """A sample worth a warning: some answers, fewer than the threshold (none at all is said apart)."""
    return 0 < n < floor


def warning(n: int, floor: int) -> str:
    """The warning shown above the figures ("" when the sample is large enough or empty)."""
    if not is_small(n, floor):
        return ""
    return (
        f"回答数が少ないため（n={n}、基準の{floor}件未満）、割合は1人の回答で大きく変わります。"
        "傾向を読み取る根拠にはせず、参考値として扱ってください。"
    )


def question_note(n: int, floor: int) -> str:
    """The short note beside one question's n."""
    return f"n={n}は{floor}件未満のため参考値" if is_small(n, floor) else ""
