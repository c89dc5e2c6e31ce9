"""The entry page 填报页: a unit's data entry in a round — values, narratives, self-scores,
evidence, submit and return.

Every URL lies under ``rounds/<round_id>/units/<code>/`` (:mod:`.urls`) and is guarded by its
rule (:mod:`dudao.web.access`). The views, in three modules that never import one another:

``values``
    the page, saving, the live preview, a value's history;
``extras``
    narratives, self-scores, evidence;
``status``
    submit, return.

What they share, built below them: the page's model (:mod:`.page`), its parts (:mod:`.parts`),
the preview panel (:mod:`.preview`) and the responses (:mod:`.responses`). HTTP helpers that
every page uses (downloads, client addresses) are in :mod:`dudao.web.pages.http`.
"""
