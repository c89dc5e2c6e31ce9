"""A closed round's frozen results follow its review and final layers until it is published.

Closing freezes the data: no unit can change it. Review, field findings and the office's final
scores (认定) go on after closing, until publication; each change must reach the frozen results
that the results pages show and that publication makes public.
"""

from __future__ import annotations

from django.db import transaction

from dudao.store.review.models import ScoreChange
from dudao.store.rounds import engine
from dudao.store.rounds.models import Round


def refreeze(round: Round) -> Round:
    """Freeze a closed, unpublished round's results again from its data and its review and final
    layers; any other round is left as it is."""
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        if locked.state != Round.State.CLOSED or locked.published:
            return locked
        engine.forget(locked)
        locked.results = engine.current_results(locked).to_dict()
        locked.save(update_fields=["results"])
    return locked


def rescored(round: Round) -> None:
    """After a review or final score changed: every live copy re-scores, and a closed round's
    frozen results follow (:func:`refreeze`)."""
    engine.forget(round)
    refreeze(round)


def refrozen(round: Round) -> Round:
    """The round with its frozen results brought up to date, when a review or final score changed
    after closing (publication calls it, so that what is published is the final layer)."""
    changed = ScoreChange.objects.filter(round=round, at__gte=round.closed_at).exists()
    return refreeze(round) if round.closed_at and changed else round
