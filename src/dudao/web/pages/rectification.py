"""What the problem list pages and the task pages share: finding a problem by its number."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from dudao.store.accounts.models import Unit
from dudao.store.rectification.models import Problem
from dudao.store.rounds.models import Round


def problem_of(round: Round, unit: Unit, position: int) -> Problem:
    """The problem numbered ``position`` in the unit's list (404 when there is none)."""
    found = (
        Problem.objects.filter(problem_list__round=round, problem_list__unit=unit, position=position)
        .select_related("problem_list__unit", "closed_by", "carried_from__problem_list__round")
        .first()
    )
    if found is None:
        raise Http404(_("“%(unit)s”的问题清单中没有问题 %(n)s") % {"unit": unit.name, "n": position})
    found.problem_list.round = round
    return found
