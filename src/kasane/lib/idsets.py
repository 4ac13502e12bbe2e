"""A set of ids a query is filtered by (``pk IN`` the few rows some basis opens), compiled once and written
the way each engine answers it fastest.

Building and compiling a queryset through the ORM costs milliseconds; a page that filters several lists by
the same set pays that for each. ``compiled`` keeps a set's SQL and parameters per process, under a key that
must name everything the statement depends on (the caller's duty; see ``casework.visibility.viewer_shape``).
``InSet`` puts the kept text into a query as a condition on the row's id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Expression, F, QuerySet

Statement = tuple[str, tuple[Any, ...]]
_COMPILED: dict[tuple[object, ...], Statement] = {}
_LIMIT = 4_096


def compiled(key: tuple[object, ...], build: Callable[[], QuerySet[Any]]) -> Statement:
    """``build()``'s SQL and parameters, compiled once per engine and ``key``."""
    full = (connection.vendor, *key)
    found = _COMPILED.get(full)
    if found is None:
        if len(_COMPILED) >= _LIMIT:
            _COMPILED.clear()
        found = _COMPILED[full] = build().query.sql_with_params()
    return found


class InSet(Expression):
    """This row's id is in a set (``statement()``: its SQL and parameters, selecting ``column``), written
    the way each engine answers fastest for a page that wants a few rows as for a list:

    - PostgreSQL: ``EXISTS (SELECT 1 FROM (<set>) ids WHERE ids.<column> = <this row's id>)``. The planner
      pushes the row's id into each branch of the set, so a household's members cost a few index reads.
      ``id IN (<set>)`` under an OR would make it build the whole set for every query instead (hundreds of
      milliseconds at a million persons; measured in the review of casework's visibility).
    - SQLite: ``<this row's id> IN (<set>)``. SQLite does not push a correlation into a compound subquery; it
      builds the set once per statement instead, which its scale (one municipality) allows.

    The row's id is resolved like any column, so the expression works wherever the query is nested."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, statement: Callable[[], Statement], column: str, outer: Any = None) -> None:
        super().__init__()
        self.statement, self.column = statement, column
        self.outer = outer if outer is not None else F("pk")

    def get_source_expressions(self) -> list[Any]:
        return [self.outer]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.outer,) = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        sql, params = self.statement()
        outer_sql, outer_params = compiler.compile(self.outer)
        column = connection.ops.quote_name(self.column)
        return (
            f"EXISTS (SELECT 1 FROM ({sql}) kasane_ids WHERE kasane_ids.{column} = {outer_sql})",  # noqa: S608 - compiled statements and a quoted name
            (*params, *outer_params),
        )

    def as_sqlite(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        sql, params = self.statement()
        outer_sql, outer_params = compiler.compile(self.outer)
        return f"{outer_sql} IN ({sql})", (*outer_params, *params)
