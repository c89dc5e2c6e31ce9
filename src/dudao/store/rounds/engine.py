"""Scoring a stored round: the round's data as a :class:`~dudao.data.Dataset`, kept scored.

Each server process keeps one :class:`~dudao.engine.incremental.LiveRound` per round. Before it
answers, it applies the value changes other processes have committed since (read from the
values' history table, in order), so every process sees the same scores without re-scoring
the whole round.

A round's year may hold no values yet (it has just opened, and last year's were not loaded):
it scores as all missing (数据缺失) rather than being refused as data of the wrong year.

A *preview* scores one unit with values that are not saved yet: it evaluates the unit's own
subtree (the district and its schools) with the reference evaluator and, for those who may
learn it, places the total among the other units' totals (as of at most
``PREVIEW_PEERS_MAX_AGE`` seconds ago).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from django.db.models import Max
from django.utils import timezone

from dudao.engine import evaluate
from dudao.engine.dataset import NOT_STARTED, NOT_SUBMITTED, SELF_ASSESSED, BonusClaim, Dataset, Review, Unit
from dudao.engine.incremental import LiveRound
from dudao.engine.ranking import RankKey, key_of
from dudao.engine.results import Results, UnitResult
from dudao.errors import SchemeError
from dudao.scheme import Scheme, load_scheme_text
from dudao.store.accounts.models import Unit as UnitRow
from dudao.store.accounts.succession import moved_after, tree_on
from dudao.store.entry.models import BonusRecord, DataValue, ReviewedLevel, SelfScore
from dudao.store.review.log import review_version
from dudao.store.review.models import FinalScore
from dudao.store.rounds.models import Round, RoundUnit, SchemeVersion, Status

Draft = Mapping[tuple[str, str], float | None]  # (unit, element) → value in the round's period

ENGINE_BACKEND = os.environ.get("DUDAO_WEB_BACKEND", "duckdb")
# A preview places its total among the other units' totals as of at most this many seconds ago,
# so that fifty people typing at once do not each re-score everyone else's changes.
PREVIEW_PEERS_MAX_AGE = float(os.environ.get("DUDAO_PREVIEW_PEERS_MAX_AGE", "5"))


@lru_cache(maxsize=32)
def _parse(text: str, source: str) -> Scheme:
    scheme, problems = load_scheme_text(text, source)
    if scheme is None or any(p.severity.value == "error" for p in problems):
        raise SchemeError(problems, what=source)
    return scheme


def scheme_of(version: SchemeVersion) -> Scheme:
    """The parsed scheme of a stored version (parsed once per process)."""
    return _parse(version.text, f"{version.code}@{version.version}")


def round_units(round: Round, under: UnitRow | None = None) -> list[UnitRow]:
    """The round's part of the units tree (or of the subtree ``under`` one unit): the scope, its
    ancestors and everything under it, as the tree stood on the day the round started.

    Schools moved since to a district made by a merge are back under their old district
    (:func:`~dudao.store.accounts.succession.tree_on`); a unit that did not exist that day (ended
    before it, or made since) is left out with everything under it, unless the round evaluated it.
    """
    started = timezone.localdate(round.created_at) if round.created_at else timezone.localdate()
    if moved_after(started):  # read the whole scope as it stood, then take the subtree from it
        units = tree_on(_rows_under(round.scope), started)
        if under is not None:
            path = next((u.path for u in units if u.code == under.code), under.path)
            above = set(path.strip("/").split("/"))
            units = [u for u in units if u.path.startswith(path) or u.code in above]
    else:
        units = _rows_under(under or round.scope)
    if all(u.exists_on(started) for u in units):
        return units
    evaluated = set(RoundUnit.objects.filter(round=round).values_list("unit_id", flat=True))
    gone = tuple(u.path for u in units if not u.exists_on(started) and u.code not in evaluated)
    return [u for u in units if not u.path.startswith(gone)]


def _rows_under(root: UnitRow) -> list[UnitRow]:
    """``root``, its ancestors and everything under it, as stored, by path."""
    ancestors = [code for code in root.path.strip("/").split("/") if code]
    rows = UnitRow.objects.filter(path__startswith=root.path) | UnitRow.objects.filter(code__in=ancestors)
    return list(rows.order_by("path"))


def round_dataset(
    round: Round, *, under: UnitRow | None = None, draft: Draft | None = None, self_scores: bool = False
) -> Dataset:
    """The round's stored data (or the subtree ``under`` one unit), with ``draft`` laid over it."""

    units = round_units(round, under)
    codes = [u.code for u in units]
    reviews_q = ReviewedLevel.objects.filter(round=round)
    bonus_q = BonusRecord.objects.filter(round=round)
    finals_q = FinalScore.objects.filter(round=round)
    if under is not None:
        stored = dict(_subtree_values(round, under, codes))
        reviews_q = reviews_q.filter(unit__in=codes)
        bonus_q = bonus_q.filter(unit__in=codes)
        finals_q = finals_q.filter(unit__in=codes)
    else:
        values = DataValue.objects.filter(round=round).values_list("unit_id", "element", "period", "value")
        stored = {(u, e, p): v for u, e, p, v in values}
    for (unit, element), value in (draft or {}).items():
        stored[(unit, element, round.period)] = value
    frame = pd.DataFrame(
        {
            "unit": pd.Series([k[0] for k in stored], dtype=object),
            "element": pd.Series([k[1] for k in stored], dtype=object),
            "period": pd.array([k[2] for k in stored], dtype="int64"),
            "value": pd.array([float("nan") if v is None else v for v in stored.values()], dtype="float64"),
        }
    )
    frame["line"] = range(2, len(frame) + 2)
    reviews = [Review(r.unit_id, r.item, r.level, r.reviewer, r.note) for r in reviews_q]
    scores_q = SelfScore.objects.filter(round=round).exclude(level="")
    scores = list(scores_q if under is None else scores_q.filter(unit__in=codes))
    if self_scores:
        reviewed = {(r.unit, r.item) for r in reviews}
        reviews += [
            Review(s.unit_id, s.item, s.level, SELF_ASSESSED)
            for s in scores
            if (s.unit_id, s.item) not in reviewed
        ]
    return Dataset(
        units=tuple(Unit(u.code, u.name, u.parent_id or "", u.level, u.school_type) for u in units),
        values=frame,
        reviews=tuple(reviews),
        bonus=tuple(BonusClaim(b.unit_id, b.item, b.claimed, b.accepted, b.note) for b in bonus_q),
        title=round.name,
        label="",
        source=f"round {round.pk}",
        unranked=unranked_units(round),
        self_levels={(s.unit_id, s.item): s.level for s in scores},
        final_points={(u, i): p for u, i, p in finals_q.values_list("unit_id", "item", "points")},
        judged_period=round.period,
    )


# A unit that has not submitted is not ranked (its data may still change); the engine's words.
_NOT_RANKED: dict[str, str] = {
    Status.NOT_STARTED.value: NOT_STARTED,
    Status.IN_PROGRESS.value: NOT_SUBMITTED,
    Status.RETURNED.value: NOT_SUBMITTED,
}


def unranked_units(round: Round) -> dict[str, str]:
    """The round's evaluated units that are not ranked, and why (see
    :data:`dudao.engine.dataset.NOT_RANKED`): those that have not submitted."""
    entries = RoundUnit.objects.filter(round=round).values_list("unit_id", "status")
    return {unit: _NOT_RANKED[status] for unit, status in entries if status in _NOT_RANKED}


ValueKey = tuple[str, str, int]  # unit, element, period


@dataclass
class _Subtree:
    values: dict[ValueKey, float | None]
    seen: int  # the last value-history id applied


_SUBTREES: dict[tuple[int, str], _Subtree] = {}
_SUBTREE_LOCK = threading.Lock()


def _subtree_values(round: Round, under: UnitRow, codes: list[str]) -> dict[ValueKey, float | None]:
    """The stored values of one unit's subtree, kept per process and updated from the history."""

    history = DataValue.history.filter(round_id=round.pk, unit_id__in=codes)
    latest = int(history.aggregate(last=Max("history_id"))["last"] or 0)
    with _SUBTREE_LOCK:
        cached = _SUBTREES.get((round.pk, under.code))
    if cached is None or latest < cached.seen:
        rows = DataValue.objects.filter(round=round, unit_id__in=codes).values_list(
            "unit_id", "element", "period", "value"
        )
        cached = _Subtree({(u, e, p): v for u, e, p, v in rows}, latest)
    elif latest > cached.seen:
        newer = history.filter(history_id__gt=cached.seen, history_id__lte=latest).order_by("history_id")
        values = dict(cached.values)
        for unit, element, period, value, kind in newer.values_list(
            "unit_id", "element", "period", "value", "history_type"
        ):
            values[(unit, element, period)] = None if kind == "-" else value
        cached = _Subtree(values, latest)
    with _SUBTREE_LOCK:
        _SUBTREES[(round.pk, under.code)] = cached
    return cached.values


# -- the live round, per process --------------------------------------------------------------


@dataclass
class _Live:
    live: LiveRound
    seen: int  # the last value-history id applied
    reviewed: int = 0  # the last score change (review, reconciliation, final) it was built with
    checked: float = 0.0  # when it was last caught up (time.monotonic)


_LIVE: dict[int, _Live] = {}
_LOCK = threading.Lock()  # held while a live copy is built or caught up


def current_results(round: Round) -> Results:
    """The round's scores as the data stands now."""
    return live_round(round).results


def live_round(round: Round, *, max_age: float = 0.0) -> LiveRound:
    """This process's live copy of the round, caught up with every committed change.

    With ``max_age``, a copy caught up less than that many seconds ago is good enough, and so
    is the copy at hand while another thread is catching it up (instead of waiting for it).
    """
    entry = _LIVE.get(round.pk)
    if entry is not None and max_age:
        if time.monotonic() - entry.checked < max_age or not _LOCK.acquire(blocking=False):
            return entry.live
        _LOCK.release()
    with _LOCK:
        entry = _LIVE.get(round.pk)
        latest = _latest_history(round)
        reviewed = review_version(round)
        stale = entry is not None and (
            latest < entry.seen
            or reviewed != entry.reviewed
            or entry.live.plan.scheme.digest != scheme_of(round.scheme).digest
        )
        if entry is None or stale:
            dataset = round_dataset(round)
            live = LiveRound(
                scheme_of(round.scheme),
                dataset,
                period=round.period,
                backend=ENGINE_BACKEND,
                empty_period=True,
            )
            entry = _LIVE[round.pk] = _Live(live, latest, reviewed)
        elif latest > entry.seen:
            _catch_up(round, entry, latest)
        entry.live.set_unranked(unranked_units(round))  # a unit submits without changing values
        entry.live.set_self_levels(self_levels(round))  # explanations name a unit's own level
        entry.checked = time.monotonic()
        return entry.live


def self_levels(round: Round) -> dict[tuple[str, str], str]:
    """Each unit's self-assessed level 自评等级 per rubric item: (unit, item) -> level."""
    rows = SelfScore.objects.filter(round=round).exclude(level="").values_list("unit_id", "item", "level")
    return {(unit, item): level for unit, item, level in rows}


def forget(round: Round) -> None:
    """Drop this process's live copy (after a bulk change such as loading data)."""
    with _LOCK, _SUBTREE_LOCK:
        _LIVE.pop(round.pk, None)
        for key in [key for key in _SUBTREES if key[0] == round.pk]:
            del _SUBTREES[key]


def forget_everything() -> None:
    """Drop every live copy this process keeps (tests that roll the database back use it)."""
    with _LOCK, _SUBTREE_LOCK:
        _LIVE.clear()
        _SUBTREES.clear()


def _latest_history(round: Round) -> int:
    found = DataValue.history.filter(round_id=round.pk).aggregate(last=Max("history_id"))["last"]
    return int(found or 0)


def _catch_up(round: Round, entry: _Live, latest: int) -> None:
    changes: dict[tuple[str, str, int], float | None] = {}
    newer = DataValue.history.filter(round_id=round.pk, history_id__gt=entry.seen, history_id__lte=latest)
    for unit, element, period, value, kind in newer.order_by("history_id").values_list(
        "unit_id", "element", "period", "value", "history_type"
    ):
        changes[(unit, element, period)] = None if kind == "-" else value
    known = entry.live.dataset.unit_by_code
    updates = [(u, e, p, v) for (u, e, p), v in changes.items() if u in known]
    if updates:
        entry.live.set_values(updates)
    entry.seen = latest


# -- preview ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    """One unit's score with unsaved values; with its place among the other units' current totals
    only when asked for (the caller decides who may learn it, see :func:`dudao.web.access.sees_ranking`)."""

    result: UnitResult
    rank: int | None = None
    of: int | None = None


def preview(round: Round, unit: UnitRow, draft: Draft, *, ranked: bool = False) -> Preview:
    """Score ``unit`` (an evaluated unit) as if ``draft`` were saved; self-scores count. With
    ``ranked``, place it among the other ranked units as the ranking does, by grade then total or
    by total (the others' results are not read otherwise); a unit not yet ranked (it has not
    submitted) is placed where it would stand."""
    scheme = scheme_of(round.scheme)
    dataset = round_dataset(round, under=unit, draft=draft, self_scores=True)
    result = evaluate(scheme, dataset, period=round.period, backend="python", empty_period=True).unit(
        unit.code
    )
    if not ranked:
        return Preview(result)
    live = live_round(round, max_age=PREVIEW_PEERS_MAX_AGE)
    tree = live.dataset.unit_by_code
    peers = [
        u
        for u in live.results.units
        if u.code != unit.code and u.rank is not None and tree[u.code].parent == unit.parent_id
    ]
    key = _ranking_key(scheme)
    ahead = sum(1 for u in peers if key(u) > key(result))
    return Preview(result, ahead + 1, len(peers) + 1)


def _ranking_key(scheme: Scheme) -> Callable[[UnitResult], RankKey]:
    """What the ranking orders by (:func:`dudao.engine.ranking.key_of`), from a result's grade name."""
    order = {grade.name: index for index, grade in enumerate(scheme.info.grades)}
    return lambda u: key_of(scheme, order.get(u.grade, len(order)), u.total)
