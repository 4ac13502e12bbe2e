"""The access matrix's rows for アウトリーチ (kasane.outreach): the 社協's target for the 8050 household's son
(tests/conftest.py ``matrix_outreach``). The target is the coordinator's agency's own; nobody else has a basis
for it (the §106-6 item it points at grants none), so every other viewer gets 404. Roles that see no personal
data are refused (403), but for two pages of counts and settings: indicator ① is open to an agency's manager
too, and the setting of the municipality is for the city's programme staff alone."""

from __future__ import annotations

from tests.access.outcomes import LOGIN, Build, Rows, casework, everyone, post_only, record


def _target(path: str = "") -> Build:
    """A page of the matrix world's outreach target."""
    return lambda w: f"/outreach/targets/{w['o']['target'].pk}/{path}"


EXPECTED: Rows = {
    "outreach:index": (lambda w: "/outreach/", LOGIN, casework()),
    "outreach:target_new": (
        lambda w: f"/outreach/targets/new/?visit={w['o']['agency_visit'].pk}",
        LOGIN,
        casework(),
    ),
    "outreach:target": (_target(), LOGIN, record(coordinator=200)),
    "outreach:target_edit": (_target("edit/"), LOGIN, record(coordinator=200)),
    "outreach:link_person": (_target("person/"), LOGIN, record(coordinator=200)),
    "outreach:contact_new": (_target("contacts/new/"), LOGIN, post_only()),
    "outreach:stage": (_target("stage/"), LOGIN, post_only()),
    "outreach:hand_over": (_target("hand-over/"), LOGIN, post_only()),
    "outreach:close": (_target("close/"), LOGIN, post_only()),
    "outreach:reopen": (_target("reopen/"), LOGIN, post_only()),
    "outreach:home_visit_new": (_target("home-visits/new/"), LOGIN, post_only()),
    "outreach:home_visit_return": (
        lambda w: f"/outreach/home-visits/{w['o']['home_visit'].pk}/return/",
        LOGIN,
        post_only(),
    ),
    "outreach:agency_visits": (lambda w: "/outreach/agency-visits/", LOGIN, casework()),
    # Counts, no names: viewers and an agency's manager (programme.view_own) see their own agencies' figures,
    # the city's programme staff (programme.view_all) the whole municipality's, here or in their own.
    "outreach:indicator": (lambda w: "/outreach/indicator/", LOGIN, {**casework(), "agency_admin": 200}),
    "outreach:settings": (
        lambda w: "/outreach/settings/",
        LOGIN,
        {**everyone(403), "city": 200, "other_city": 200},
    ),
}
