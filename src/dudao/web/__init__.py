"""The web application: Django 5.2 with one app per concern.

``accounts``
    the units tree, users' roles and API tokens; login throttling;
``rounds``
    scheme versions, evaluation rounds 评价轮次 and each unit's status in a round;
``entry``
    data values with their history, narratives, self-scores, evidence, submit and return;
``audit``
    the audit log of every change;
``pages``
    the server-rendered pages (templates + htmx);
``api``
    the JSON API (django-ninja), OpenAPI at ``/api/docs``.

Who may do what is decided in one place, :mod:`dudao.web.access`.
"""
