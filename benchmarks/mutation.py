"""Mutation testing of the rule book: does a wrong rule make a test fail?

    uv run python benchmarks/mutation.py                       # every module below
    uv run python benchmarks/mutation.py --module workflow-cases --module access
    uv run python benchmarks/mutation.py --list                # the modules and their tests

Each module of the rule book is mutated by cosmic-ray, one change at a time (a condition negated, ``and`` for
``or``, ``True`` for ``False``, ``==`` for ``!=``, ``is`` for ``is not``, ``|`` for ``&`` between querysets,
``+`` for ``-`` …), and after each change a small, fast selection of tests runs (the module's own tests; not the
whole suite). A mutant the tests do not notice "survives": either the tests miss a rule, or the change makes no
difference (an equivalent mutant). The report lists, per module, mutants / killed / survived / equivalent /
timeout and two scores: killed ÷ tested, and the same without the equivalent mutants; then the diff of every
survivor. The last report is written to ``benchmarks/results/mutation.txt`` (``--report`` for another path).

A survivor that only changes a type annotation (``X | None`` → ``X & None`` in a signature) is recognised as
equivalent: the original and the mutated module are parsed with ``ast``, every annotation is blanked (argument
and return annotations dropped, an annotated assignment keeps its target and value), and the two trees
compared. It is counted under "equiv" and listed on one line each, not hidden. Only for modules with
``from __future__ import annotations``, where no annotation is evaluated at run time; elsewhere a changed
annotation can change behaviour (or fails on import, and is killed).

Operators that only produce code which cannot run or means nothing here (``*`` for ``<<`` in a keyword-only
marker, ``==`` for ``<`` between strings, removing ``@property``…) are left out: they die on import and
would only pad the score. The list is ``EXCLUDED_OPERATORS``.

The work happens in a temporary copy of ``src/`` and ``tests/``, so an interrupted run never leaves a mutated
file in the working tree. Tests run on SQLite, with the migrated test database built once per module and
reused (``--reuse-db``). Slow (minutes per module): it is not part of CI's pytest run; ``benchmarks/`` is not
collected. Runs niced, one mutant at a time.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "benchmarks" / "results" / "mutation.txt"


@dataclass(frozen=True)
class Target:
    path: str
    tests: tuple[str, ...]
    note: str = ""


CASEWORK_RULES = "tests/casework/test_rules.py"
WORKFLOW_TABLES = "tests/casework/test_workflow_tables.py"
ACCESS_HELPERS = "tests/casework/test_access_helpers.py"

TARGETS: dict[str, Target] = {
    "workflow-cases": Target(
        "src/kasane/casework/workflow/cases.py",
        (WORKFLOW_TABLES, CASEWORK_RULES, "tests/casework/test_journey.py"),
        "the case's and the plan's state tables",
    ),
    "workflow-referrals": Target(
        "src/kasane/casework/workflow/referrals.py",
        (WORKFLOW_TABLES, CASEWORK_RULES, "tests/casework/test_journey.py"),
        "the referral's state table and who may act",
    ),
    "case-services": Target(
        "src/kasane/casework/services/cases.py",
        (CASEWORK_RULES, "tests/casework/test_journey.py", "tests/casework/test_withdrawal.py"),
        "opening and moving a case, the support team",
    ),
    "access": Target(
        "src/kasane/casework/access.py",
        (ACCESS_HELPERS, "tests/casework/test_queries.py", "tests/casework/test_withdrawal.py"),
        "the access helpers: 404 for the unseen, the audited read",
    ),
    "visibility": Target(
        "src/kasane/casework/visibility.py",
        (
            "tests/casework/test_visibility.py",
            ACCESS_HELPERS,
            "tests/casework/test_withdrawal.py",
            "tests/casework/test_queries.py",
        ),
        "who sees which person, consultation, referral and case",
    ),
    "meeting-rules": Target(
        "src/kasane/meetings/rules.py",
        ("tests/meetings/test_hosts_and_attendance.py", "tests/meetings/test_decisions.py"),
        "who hosts the 支援会議 and the 重層的支援会議, and who must attend",
    ),
    "outreach-rules": Target(
        "src/kasane/outreach/rules.py",
        ("tests/outreach/test_rules.py", "tests/outreach/test_services.py"),
        "what an outreach stage needs, and what 支援につなぐ goes through",
    ),
    "outreach-visibility": Target(
        "src/kasane/outreach/visibility.py",
        ("tests/outreach/test_visibility.py", "tests/outreach/test_pages.py"),
        "who sees an outreach target, and on which basis",
    ),
    "participation-rules": Target(
        "src/kasane/participation/rules.py",
        ("tests/participation/test_rules.py", "tests/participation/test_services.py"),
        "when a placement may start, which stage follows which, what a 紹介票 may carry",
    ),
    "participation-visibility": Target(
        "src/kasane/participation/visibility.py",
        ("tests/participation/test_visibility.py", "tests/participation/test_pages.py"),
        "who sees a 参加支援, and on which basis",
    ),
    "participation-matching": Target(
        "src/kasane/participation/matching.py",
        ("tests/participation/test_matching_sql.py", "tests/participation/test_matching.py"),
        "how hosts are ranked, in the database and in the reasons shown",
    ),
    "community-rules": Target(
        "src/kasane/community/rules.py",
        (
            "tests/community/test_places.py",
            "tests/community/test_coordination.py",
            "tests/community/test_platform.py",
        ),
        "who reads and who records 地域づくり, and only in their own municipality",
    ),
    "community-places": Target(
        "src/kasane/community/services/places.py",
        ("tests/community/test_places.py",),
        "a place is a running register entry of the municipality; a day's attendance is counts, one record a day, "
        "a category never more than those who came, never in the future",
    ),
    "national-counts": Target(
        "src/kasane/programme/national_counts.py",
        ("tests/programme/test_national.py",),
        "the national counts from records: 新規 is a person's first consultation of the 年度, plans decided at a "
        "held 重層的支援会議, 就労・増収 and 改善 from evaluations, 終結 by 区分",
    ),
    "indicators": Target(
        "src/kasane/programme/indicators.py",
        ("tests/programme/test_indicators.py",),
        "the 成果指標's path and status: a straight line from the baseline (0 where the programme did not run) to "
        "the target, pro-rated in a 年度 under way; 目標達成 / 順調 / 遅れ by the indicator's direction",
    ),
    "survey-estimates": Target(
        "src/kasane/programme/surveys.py",
        ("tests/programme/test_surveys.py",),
        "survey indicators: the share of respondents who answered, post-stratified by the populations given, "
        "with a Wilson 95% interval on Kish's effective n",
    ),
    "indicator-measures": Target(
        "src/kasane/programme/measures.py",
        ("tests/programme/test_measures.py",),
        "①〜④ and the year's counts from the records, as 国への報告 and the meetings page count them",
    ),
    "national-evaluation": Target(
        "src/kasane/casework/forms/evaluations.py",
        (
            "tests/casework/test_national_plan_evaluation.py",
            "tests/casework/test_evaluation_and_reopening.py",
        ),
        "the 評価シート's outcomes: 就労 needs its start date and no later than today, 増収額 only with 増収, "
        "終結理由区分 exactly when the direction is 終結",
    ),
}

# Operator names are regular expressions matched against cosmic-ray's operator names.
EXCLUDED_OPERATORS = (
    # Arithmetic and bit operators swapped for ones that raise TypeError on querysets, dates and strings:
    # only Add<->Sub and BitOr<->BitAnd (Q objects: "either" for "both") can change a rule.
    r"core/ReplaceBinaryOperator_(?!Add_Sub|Sub_Add|BitOr_BitAnd|BitAnd_BitOr)",
    # Ordering comparisons on strings and enums: TypeError or meaningless; Eq<->NotEq and Is<->IsNot stay.
    r"core/ReplaceComparisonOperator_(Eq|NotEq)_(Lt|LtE|Gt|GtE|Is|IsNot)",
    r"core/ReplaceComparisonOperator_(Is|IsNot)_(Eq|NotEq|Lt|LtE|Gt|GtE)",
    r"core/ReplaceUnaryOperator_.*Invert",
    # Dropping @property/@dataclass makes every caller fail on import or at the first attribute.
    r"core/RemoveDecorator",
    r"core/VariableReplacer",
    r"core/VariableInserter",
)

# Makes the copied tests reuse one migrated SQLite database instead of migrating for every mutant.
REUSE_DB_CONFTEST = """
import os

import pytest


@pytest.fixture(scope="session")
def django_db_modify_db_settings() -> None:
    from django.conf import settings

    settings.DATABASES["default"]["TEST"]["NAME"] = os.environ["KASANE_MUTATION_TEST_DB"]
"""


@dataclass
class Outcome:
    module: str
    total: int = 0
    killed: int = 0
    survived: int = 0
    equivalent: int = 0
    timeout: int = 0
    incompetent: int = 0
    excluded: int = 0
    seconds: float = 0.0
    tests: str = ""
    survivors: list[str] = field(default_factory=list)
    equivalents: list[str] = field(default_factory=list)

    @property
    def tested(self) -> int:
        return self.killed + self.survived + self.equivalent + self.timeout

    @property
    def score(self) -> float:
        return 100.0 * (self.killed + self.timeout) / self.tested if self.tested else 0.0

    @property
    def score_excluding_equivalent(self) -> float:
        relevant = self.tested - self.equivalent
        return 100.0 * (self.killed + self.timeout) / relevant if relevant else 0.0


class _BlankAnnotations(ast.NodeTransformer):
    """Blanks every annotation, so two trees that differ only in annotations dump the same."""

    def _blank_arguments(self, args: ast.arguments) -> None:
        for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
            if arg is not None:
                arg.annotation = None

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        self._blank_arguments(node.args)
        node.returns = None
        return self.generic_visit(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AST:
        self._blank_arguments(node.args)
        node.returns = None
        return self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.AST:
        # The statement stays (a dataclass field is declared by it); only what the annotation says goes.
        node.annotation = ast.Constant(value=None)
        return self.generic_visit(node)


def _postponed_annotations(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "__future__"
        and any(alias.name == "annotations" for alias in node.names)
        for node in tree.body
    )


def annotation_only(original: str, mutated: str) -> bool:
    """Whether the mutated source differs from the original in annotations only (never evaluated here)."""
    before, after = ast.parse(original), ast.parse(mutated)
    if not _postponed_annotations(before):
        return False
    blank = _BlankAnnotations()
    return ast.dump(blank.visit(before)) == ast.dump(blank.visit(after))


def _copy_tree(work: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "artifacts", "static_root")
    shutil.copytree(ROOT / "src", work / "src", ignore=ignore)
    shutil.copytree(ROOT / "tests", work / "tests", ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", work / "pyproject.toml")
    (work / "conftest.py").write_text(REUSE_DB_CONFTEST)


def _test_command(target: Target, skipped: tuple[str, ...] = ()) -> str:
    # --skip-test leaves a file out, to measure the score as it was before that file was written.
    tests = [t for t in target.tests if (ROOT / t).exists() and t not in skipped]
    return " ".join(
        [
            sys.executable,
            "-m",
            "pytest",
            "-x",
            "-q",
            "--no-header",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            "--reuse-db",
            *tests,
        ]
    )


def _cosmic(work: Path, *args: str) -> None:
    # The command is built here from fixed parts and this checkout's paths, never from outside input.
    subprocess.run([str(Path(sys.executable).parent / "cosmic-ray"), *args], cwd=work, check=True)  # noqa: S603


def _mutated_source(
    original: str, operator_name: str, occurrence: int, operator_args: dict[str, object]
) -> str:
    # The same mutation cosmic-ray applied to the file, made again in memory.
    from cosmic_ray.mutating import mutate_code
    from cosmic_ray.plugins import get_operator

    mutated = mutate_code(original, get_operator(operator_name)(**operator_args), occurrence)
    return mutated if isinstance(mutated, str) else original


def _changed_line(diff: str) -> str:
    return next(
        (
            line[1:].strip()
            for line in diff.splitlines()
            if line.startswith("+") and not line.startswith("+++")
        ),
        "",
    )


def run_module(name: str, target: Target, timeout: float, skipped: tuple[str, ...]) -> Outcome:
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome, WorkResult

    original = (ROOT / target.path).read_text()

    outcome = Outcome(name, tests=_test_command(target, skipped).split("--reuse-db ")[1])
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"kasane-mutation-{name}-") as tmp:
        work = Path(tmp)
        _copy_tree(work)
        data_dir = work / "data"
        data_dir.mkdir(mode=0o700)
        os.environ.update(
            {
                "PYTHONPATH": str(work / "src"),
                "KASANE_DATA_DIR": str(data_dir),
                "KASANE_MUTATION_TEST_DB": str(work / "test.sqlite3"),
            }
        )
        os.environ.pop("DATABASE_URL", None)
        command = _test_command(target, skipped)
        # The unmutated code must pass, and this run builds the reusable test database.
        baseline = subprocess.run(command.split(" "), cwd=work, capture_output=True, text=True)  # noqa: S603
        if baseline.returncode != 0:
            print(baseline.stdout[-4000:], file=sys.stderr)
            raise SystemExit(f"{name}: the tests fail without any mutation; fix them first")
        (work / "cosmic-ray.toml").write_text(
            "[cosmic-ray]\n"
            f"module-path = {json.dumps(target.path)}\n"
            f"timeout = {timeout}\n"
            "excluded-modules = []\n"
            f"test-command = {json.dumps(command)}\n"
            "[cosmic-ray.distributor]\n"
            'name = "local"\n'
        )
        session = work / "session.sqlite"
        _cosmic(work, "init", "cosmic-ray.toml", str(session))
        excluded = re.compile("|".join(f"(?:{e})" for e in EXCLUDED_OPERATORS))
        with use_db(str(session), WorkDB.Mode.open) as db:
            for item in list(db.pending_work_items):
                if any(excluded.match(m.operator_name) for m in item.mutations):
                    db.set_result(
                        item.job_id, WorkResult(output="excluded", worker_outcome=WorkerOutcome.SKIPPED)
                    )
        _cosmic(work, "exec", "cosmic-ray.toml", str(session))
        with use_db(str(session), WorkDB.Mode.open) as db:
            for item, result in db.completed_work_items:
                mutation = item.mutations[0]
                if result.worker_outcome == WorkerOutcome.SKIPPED:
                    outcome.excluded += 1
                    continue
                outcome.total += 1
                if result.test_outcome == TestOutcome.INCOMPETENT or result.worker_outcome in (
                    WorkerOutcome.EXCEPTION,
                    WorkerOutcome.ABNORMAL,
                ):
                    outcome.incompetent += 1
                elif result.test_outcome == TestOutcome.SURVIVED:
                    where = f"{name} line {mutation.start_pos[0]}: {mutation.operator_name}"
                    mutated = _mutated_source(
                        original, mutation.operator_name, mutation.occurrence, dict(mutation.operator_args)
                    )
                    if annotation_only(original, mutated):
                        outcome.equivalent += 1
                        outcome.equivalents.append(f"{where}  {_changed_line(result.diff or '')}")
                    else:
                        outcome.survived += 1
                        outcome.survivors.append(f"--- {where}\n" + (result.diff or "").strip())
                elif result.output == "timeout":
                    outcome.timeout += 1
                else:
                    outcome.killed += 1
    outcome.seconds = time.monotonic() - started
    return outcome


def report(outcomes: list[Outcome]) -> str:
    lines = [
        "Mutation testing of the rule book (benchmarks/mutation.py, cosmic-ray)",
        "",
        f"{'module':<20} {'mutants':>7} {'killed':>6} {'survived':>8} {'equiv':>5} {'timeout':>7} {'error':>5}"
        f" {'score':>6} {'score excl. equivalent':>22} {'time':>6}",
    ]
    for o in outcomes:
        lines.append(
            f"{o.module:<20} {o.total:>7} {o.killed:>6} {o.survived:>8} {o.equivalent:>5} {o.timeout:>7}"
            f" {o.incompetent:>5} {o.score:>5.1f}% {o.score_excluding_equivalent:>21.1f}% {o.seconds / 60:>5.1f}m"
        )
    lines.append("")
    lines.append("survived: not counting equivalent mutants (equiv: annotation only, see below).")
    lines.append(f"excluded operators (not run): {sum(o.excluded for o in outcomes)} mutants")
    for o in outcomes:
        lines.append(f"{o.module}: {TARGETS[o.module].path} — tests: {o.tests}")
    equivalents = [e for o in outcomes for e in o.equivalents]
    lines += ["", f"Equivalent (annotation only) ({len(equivalents)}):", ""]
    lines += equivalents or ["(none)"]
    survivors = [s for o in outcomes for s in o.survivors]
    lines += ["", f"Surviving mutants ({len(survivors)}):", ""]
    lines += survivors or ["(none)"]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--module", action="append", choices=sorted(TARGETS), help="repeatable; default all")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per mutant's test run")
    parser.add_argument("--report", type=Path, default=REPORT)
    parser.add_argument(
        "--skip-test", action="append", default=[], help="leave this test file out (repeatable)"
    )
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    if args.list:
        for name, target in TARGETS.items():
            print(f"{name:<20} {target.path}  ({target.note})\n{'':<20} {' '.join(target.tests)}")
        return
    os.nice(19)
    outcomes = []
    for name in args.module or list(TARGETS):
        outcomes.append(run_module(name, TARGETS[name], args.timeout, tuple(args.skip_test)))
        print(report(outcomes))
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(report(outcomes))
    print(f"written to {args.report.relative_to(ROOT) if args.report.is_relative_to(ROOT) else args.report}")


if __name__ == "__main__":
    main()
