"""What the demo promises of its register of 社会資源 and the 社協's 参加支援 (kasane.demo.city.participation), and
how they are fingerprinted so that demos built on different days can be compared (``promises``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q

from kasane.accounts.models import User
from kasane.casework.visibility import Viewer
from kasane.lib.dates import TOKYO
from kasane.participation.models import (
    Approach,
    Assessment,
    Development,
    DevelopmentStatus,
    Engagement,
    EngagementStatus,
    FollowUp,
    HostConsent,
    HostNote,
    Placement,
    Review,
)
from kasane.participation.models import Stage as PlacementStage
from kasane.participation.models import StageChange as PlacementChange
from kasane.participation.queries import engagement_list, follow_ups_due, urgent_waiting
from kasane.participation.rules import waiting_days
from kasane.participation.visibility import visible_engagements
from kasane.resources.models import Category, Funding, Service
from kasane.tenancy.models import Municipality


def participation_promises(city: Municipality, today: dt.date) -> dict[str, bool]:
    """The register and the 社協's 参加支援, as kyodo (its CSW) sees them (kasane.demo.city.participation)."""
    viewer = Viewer.of(User.objects.get(username="kyodo"), city)
    assert viewer is not None
    engagements = Engagement.objects.filter(municipality=city)
    placements = Placement.objects.filter(engagement__municipality=city)
    services = Service.objects.filter(municipality=city)
    urgent = list(urgent_waiting(viewer))
    due = follow_ups_due(viewer, today)
    waiting = engagement_list(viewer, "waiting").filter(urgent_started_on__isnull=True)
    developments = Development.objects.filter(municipality=city)
    made = developments.filter(status=DevelopmentStatus.SUCCEEDED, gap__isnull=False, result__isnull=False)
    tomorrow_starts = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tzinfo=TOKYO)
    stamped = (Engagement, Assessment, Placement, PlacementChange, HostConsent, HostNote, FollowUp, Review)
    dated = [
        engagements.filter(Q(started_on__gt=today) | Q(ended_on__gt=today) | Q(urgent_started_on__gt=today)),
        placements.filter(Q(proposed_on__gt=today) | Q(ended_on__gt=today)),
        PlacementChange.objects.filter(placement__in=placements, on__gt=today),
        FollowUp.objects.filter(placement__in=placements, done_on__gt=today),
        HostConsent.objects.filter(
            Q(obtained_on__gt=today) | Q(withdrawn_on__gt=today), placement__in=placements
        ),
        Approach.objects.filter(development__in=developments, on__gt=today),
        *(m._default_manager.filter(created_at__gte=tomorrow_starts) for m in stamped),
    ]
    return {
        "社会資源：約80件（すべての種類・財源、4つの圏域）": 75 <= services.count() <= 85
        and {c for s in services for c in s.categories} == set(Category.values)
        and set(services.values_list("funding", flat=True)) == set(Funding.values)
        and services.values("location__area").distinct().count() == 4
        and 20 <= services.filter(hosts_participants=True).count() <= 32,
        "参加支援：12件、受け入れはすべての段階に": engagements.count() == 12
        and set(placements.values_list("stage", flat=True)) == set(PlacementStage.values),
        "参加支援：社協のkyodoにすべて見える": visible_engagements(viewer).count() == engagements.count(),
        "参加支援：決定前に始めた1件が14日以上、会議の決定を待っている": len(urgent) == 1
        and (waiting_days(urgent[0].urgent_started_on, None, today) or 0) >= 14,
        "参加支援：会議の決定待ち（受け入れなし）が3件": waiting.count() == 3
        and not placements.filter(engagement__in=waiting).exists(),
        "参加支援：期限を過ぎたフォローアップが2件、近く予定のものも": due.filter(due_on__lt=today).count()
        == 2
        and due.filter(due_on__gte=today).exists(),
        "参加支援：最初の受け入れ先で中断し、次の受け入れ先で定着した人": engagements.filter(
            placements__stage=PlacementStage.SUSPENDED
        )
        .filter(placements__stage=PlacementStage.SETTLED)
        .exists(),
        "参加支援：終了・中断には理由、終了した参加支援が1件": not placements.filter(
            stage__in=[PlacementStage.ENDED, PlacementStage.SUSPENDED], end_reason=""
        ).exists()
        and engagements.filter(status=EngagementStatus.ENDED).exclude(end_reason="").count() == 1,
        "参加支援：受け入れ先への同意（撤回されたものを含む）と受け入れ先支援の記録": HostConsent.objects.filter(
            placement__in=placements, withdrawn_on__isnull=False
        ).exists()
        and HostConsent.objects.filter(placement__in=placements, withdrawn_on__isnull=True).exists()
        and {"tasks", "relating", "problem"}
        <= set(HostNote.objects.filter(placement__in=placements).values_list("kind", flat=True)),
        "参加支援：本人の言葉によるアセスメントと評価": not Assessment.objects.filter(
            engagement__in=engagements, person_words=""
        ).exists()
        and Review.objects.filter(engagement__in=engagements).exclude(person_words="").count() >= 3,
        "資源開拓：会議の不足資源から社会資源ができた1件と、働きかけ中の1件": made.count() == 1
        and made.get().result.created_at.date() > made.get().opened_on  # type: ignore[union-attr]
        and developments.filter(status=DevelopmentStatus.OPEN)
        .annotate(n=Count("approaches"))
        .filter(n__gte=2, n__lte=3)
        .count()
        == 1,
        "参加支援：未来の記録はない": not any(rows.exists() for rows in dated),
    }


def participation_print(city: Municipality, day: dt.date) -> dict[str, Any]:
    viewer = Viewer.of(User.objects.get(username="kyodo"), city)
    assert viewer is not None
    engagements = Engagement.objects.filter(municipality=city).select_related("case", "person")
    due = follow_ups_due(viewer, day)
    return {
        "engagements": sorted(
            (
                e.case.title if e.case else "つなぎ",
                e.person.relationship,
                e.origin,
                e.status,
                e.end_reason,
                e.urgent_started_on is not None,
                tuple(sorted(e.placements.values_list("service__name", "stage"))),
            )
            for e in engagements
        ),
        "follow-ups": (
            FollowUp.objects.filter(placement__engagement__municipality=city, done_on__isnull=False).count(),
            due.filter(due_on__lt=day).count(),
            due.filter(due_on__gte=day).count(),
        ),
        "register": sorted(
            Service.objects.filter(municipality=city).values_list(
                "name", "hosts_participants", "hosted_before"
            )
        ),
        "developments": sorted(
            Development.objects.filter(municipality=city)
            .annotate(n=Count("approaches"))
            .values_list("title", "status", "n", "result__name")
        ),
    }
