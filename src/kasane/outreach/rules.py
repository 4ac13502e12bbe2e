"""The outreach rule book: what a stage needs before staff may set it, and what a record needs before it
leaves outreach. Services ask here; tests mutate here (benchmarks/mutation.py)."""

from __future__ import annotations

from kasane.outreach.models import Method, Outcome, Route, Stage

# Stages staff set by hand. 支援につなぐ and 終了 have their own actions (a route and record, a reason).
SETTABLE = (Stage.INFORMATION, Stage.ATTEMPTING, Stage.FAMILY, Stage.PERSON, Stage.TRUST, Stage.WATCHING)

# A stage of connection is set only once a contact shows it: 家族とつながる after talking with the family or
# better, 本人とつながる and 信頼関係 after meeting or talking with the person.
FAMILY_REACHED = frozenset({Outcome.FAMILY_TALKED, Outcome.MET, Outcome.TALKED})
PERSON_REACHED = frozenset({Outcome.MET, Outcome.TALKED})
NEEDS_OUTCOME: dict[str, frozenset[str]] = {
    Stage.FAMILY: FAMILY_REACHED,
    Stage.PERSON: PERSON_REACHED,
    Stage.TRUST: PERSON_REACHED,
}

# 支援につなぐ goes through the case journey: 多機関協働 and 参加支援 start from a 相談受付 of the person (where
# the 利用申込み and consent are taken), another agency from a つなぎ.
ROUTE_NEEDS_CONSULTATION = frozenset({Route.COLLABORATION, Route.PARTICIPATION})

# Home visits are the contacts whose safety the office watches (帰所確認).
HOME_VISIT_METHODS = frozenset({Method.VISIT, Method.ACCOMPANY})


def stage_problem(stage: str, outcomes: set[str]) -> str:
    """Why this stage cannot be set given the outcomes of the target's contacts so far ('' when it can)."""
    if stage not in SETTABLE:
        return "この段階は「支援につなぐ」「終了」の操作で記録します。"
    needed = NEEDS_OUTCOME.get(stage)
    if needed and not (needed & outcomes):
        wanted = "家族または本人" if stage == Stage.FAMILY else "本人"
        return f"「{Stage(stage).label}」にするには、{wanted}と会えた・話せた接触記録が必要です。"
    return ""
