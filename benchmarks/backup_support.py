"""Speed of backup support (後方支援), printed as figures (not asserted: see README).

    uv run python benchmarks/backup_support.py                 # SQLite in a temporary data directory
    DATABASE_URL=postgres://… uv run python benchmarks/backup_support.py

On the demo prefecture (北海道: 47 municipalities, two years of events, questionnaires and dispatches), grown to
a whole prefecture's size (179 municipalities, as 001 counts Hokkaido's, each rated on the five items and with
a sheet): the prefecture-wide table, a municipality's page, the import of 179 rows, grouping 240 participants,
a questionnaire's results with 400 answers, and the year's report in its three formats. Median and p95 through
Django's test client (middleware, access checks, templates included) or the function itself.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("KASANE_DATA_DIR", tempfile.mkdtemp(prefix="kasane-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kasane.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    fn()  # warm up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(int(len(samples) * 0.95) - 1, 0)]


def prefecture_world(rng: random.Random) -> tuple[Any, Any]:
    """The demo prefecture grown to Hokkaido's 179 municipalities, each rated and with a sheet: (ken, 北海道).
    Also the world of benchmarks/annual_report.py."""
    from kasane.accounts.models import User
    from kasane.demo import loader as demo
    from kasane.readiness import services
    from kasane.readiness.models import Block, MunicipalityProfile
    from kasane.readiness.themes import ReadinessItem
    from kasane.tenancy.codes import full_code
    from kasane.tenancy.models import Municipality

    if not demo.demo_loaded():
        demo.load_demo()
    ken = User.objects.get(username="ken")
    prefecture = Municipality.objects.get(name="かさね市").prefecture
    blocks = list(Block.objects.filter(prefecture=prefecture))
    existing = Municipality.objects.filter(prefecture=prefecture).count()
    for n in range(179 - existing):
        municipality = Municipality.objects.create(
            prefecture=prefecture,
            code=full_code(f"01{800 + n:03d}"),
            name=f"ベンチ町{n}",
            population=rng.randint(800, 60_000),
        )
        MunicipalityProfile.objects.create(
            municipality=municipality, block=blocks[n % 4], status="considering"
        )
        for item in ReadinessItem.values:
            services.rate(
                municipality,
                ken,
                item=item,
                stage=rng.randint(0, 3),
                evidence="根拠",
                tools_used=[],
                rated_on=dt.date(2026, 5, 1),
            )
        services.new_sheet(municipality, ken, dt.date(2026, 6, 1))
    return ken, prefecture


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from kasane.annual_report import assemble, render_docx, render_pdf, render_pptx
    from kasane.events import grouping
    from kasane.lib.dates import fiscal_year, today
    from kasane.questionnaires import data as qdata
    from kasane.questionnaires.models import Answer, Question, Questionnaire, Response
    from kasane.readiness import importer
    from kasane.tenancy.models import Municipality

    rng = random.Random(7)
    ken, prefecture = prefecture_world(rng)
    client = Client()
    client.force_login(ken)
    some = Municipality.objects.get(name="津別町")
    rows = []

    def page(url: str) -> Callable[[], object]:
        def get() -> object:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return get

    rows.append(("市町村の体制整備状況（179市町村）", *timed(page("/prefecture/"), 20)))
    rows.append(("市町村のページ", *timed(page(f"/prefecture/municipalities/{some.pk}/"), 30)))

    header = "市町村コード,市町村名,ブロック,人口,実施状況,実施年度\n"
    body = header + "".join(
        f"{m.code},{m.name},道央,{m.population or 0},検討中,\n"
        for m in Municipality.objects.filter(prefecture=prefecture)
    )
    table = importer.read_table("list.csv", body.encode("utf-8"))
    rows.append(("一覧の検査（179行）", *timed(lambda: importer.parse(table), 20)))

    people = [
        grouping.Person(
            key=i, municipality_id=i % 60, municipality_name=f"町{i % 60}", population=(i % 60) * 1500 + 900
        )
        for i in range(240)
    ]
    facilitators = [grouping.Facilitator(key=i, name=f"F{i}") for i in range(40)]
    rows.append(
        (
            "グループ分け（240人・60市町村）",
            *timed(lambda: grouping.propose(people, group_size=6, facilitators=facilitators), 20),
        )
    )

    questionnaire = (
        Questionnaire.objects.filter(prefecture=prefecture, responses__isnull=False).distinct().first()
    )
    assert questionnaire is not None
    questions = list(Question.objects.filter(questionnaire=questionnaire).prefetch_related("choices"))
    for _ in range(400):
        response = Response.objects.create(questionnaire=questionnaire, submitted_at=dt.datetime.now(dt.UTC))
        Answer.objects.bulk_create(
            Answer(response=response, question=q, choice=rng.choice(list(q.choices.all())))
            for q in questions
            if q.choices.all()
        )
    n = Response.objects.filter(questionnaire=questionnaire).count()
    rows.append((f"アンケート集計（{n}件）", *timed(lambda: qdata.load(questionnaire), 10)))
    rows.append(
        (f"アンケート結果のページ（{n}件）", *timed(page(f"/questionnaires/{questionnaire.pk}/results/"), 10))
    )

    year = fiscal_year(today()) - 1
    report = assemble.build(prefecture, year, today=today())
    rows.append(
        ("報告書の組み立て（前年度）", *timed(lambda: assemble.build(prefecture, year, today=today()), 5))
    )
    sizes = {}
    for label, fn in (
        ("PDF", lambda: render_pdf.render(report, made_on=today())),
        ("Word", lambda: render_docx.render(report)),
        ("PowerPoint", lambda: render_pptx.render(report)),
    ):
        sizes[label] = len(fn())
        rows.append((f"報告書 {label}（{sizes[label] // 1024} KiB）", *timed(fn, 3)))
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(render_pdf.render(report, made_on=today()))).pages)

    print(f"engine: {connection.vendor}  report pages: {pages}")
    width = max(len(r[0]) for r in rows) + 2
    for label, median, p95 in rows:
        print(f"{label:<{width}} median {median:8.1f} ms   p95 {p95:8.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
