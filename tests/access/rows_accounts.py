"""The access matrix's rows for signing in and one's own account (kasane.accounts), staff management
(kasane.staff), the home page (kasane.home) and the health check (kasane.core)."""

from __future__ import annotations

from tests.access.outcomes import LOGIN, Rows, everyone

EXPECTED: Rows = {
    "home:home": (lambda w: "/", LOGIN, everyone(200)),
    "core:healthz": (lambda w: "/healthz", 200, everyone(200)),
    "accounts:login": (lambda w: "/accounts/login/", 200, everyone(302)),
    "accounts:login_code": (lambda w: "/accounts/login/code/", 302, everyone(302)),
    "accounts:logout": (lambda w: "/accounts/logout/", 405, everyone(405)),
    "accounts:profile": (lambda w: "/accounts/me/", LOGIN, everyone(200)),
    "accounts:password_change": (lambda w: "/accounts/me/password/", LOGIN, everyone(200)),
    # Only after a temporary password; anyone else is sent to the ordinary password change.
    "accounts:set_password": (lambda w: "/accounts/me/password/new/", LOGIN, everyone(302)),
    "accounts:two_factor_setup": (lambda w: "/accounts/me/two-factor/", LOGIN, everyone(200)),
    "staff:list": (
        lambda w: "/accounts/staff/",
        LOGIN,
        {**everyone(403), "city": 200, "agency_admin": 200, "other_city": 200},
    ),
    "staff:new": (
        lambda w: "/accounts/staff/new/",
        LOGIN,
        {**everyone(403), "city": 200, "agency_admin": 200, "other_city": 200},
    ),
    "staff:detail": (
        lambda w: f"/accounts/staff/{w['users']['soudanin'].pk}/",
        LOGIN,
        {**everyone(403), "city": 200, "agency_admin": 200, "other_city": 404},
    ),
    "staff:add_membership": (
        lambda w: f"/accounts/staff/{w['users']['soudanin'].pk}/memberships/",
        LOGIN,
        {**everyone(403), "city": 405, "agency_admin": 405, "other_city": 405},
    ),
    "staff:remove_membership": (
        lambda w: f"/accounts/memberships/{w['users']['soudanin'].memberships.get().pk}/remove/",
        LOGIN,
        {**everyone(403), "city": 405, "agency_admin": 405, "other_city": 405},
    ),
    "staff:reset_password": (
        lambda w: f"/accounts/staff/{w['users']['soudanin'].pk}/password/",
        LOGIN,
        {**everyone(403), "city": 200, "agency_admin": 200, "other_city": 404},
    ),
    "staff:reset_two_factor": (
        lambda w: f"/accounts/staff/{w['users']['soudanin'].pk}/two-factor/reset/",
        LOGIN,
        {**everyone(403), "city": 405, "agency_admin": 405, "other_city": 405},
    ),
    "staff:unlock": (
        lambda w: f"/accounts/staff/{w['users']['soudanin'].pk}/unlock/",
        LOGIN,
        {**everyone(403), "city": 405, "agency_admin": 405, "other_city": 405},
    ),
    "staff:roles": (lambda w: "/accounts/roles/", LOGIN, {**everyone(403), "city": 200, "other_city": 200}),
    # API keys: the municipal administrator's alone (staff.manage_all). Revoking is POST only; the GET is refused
    # before any key is looked up, so the number in the path need not exist.
    "staff:apikeys": (
        lambda w: "/accounts/apikeys/",
        LOGIN,
        {**everyone(403), "city": 200, "other_city": 200},
    ),
    "staff:apikey_new": (
        lambda w: "/accounts/apikeys/new/",
        LOGIN,
        {**everyone(403), "city": 200, "other_city": 200},
    ),
    "staff:apikey_revoke": (
        lambda w: "/accounts/apikeys/1/revoke/",
        LOGIN,
        {**everyone(403), "city": 405, "other_city": 405},
    ),
    # The first-run page exists only while no municipality is set up: in this world, for nobody.
    "staff:first_run": (lambda w: "/accounts/setup/", 404, everyone(404)),
}
