"""The web application: Django 5.2 on top of the store (:mod:`dudao.store`, the state of rounds).

``pages``
    the server-rendered pages (templates + htmx): one module per page family in ``views``, the
    entry page as one package (``pages.entry``), shared HTTP helpers in ``pages.http``;
``api``
    the JSON API (django-ninja), OpenAPI at ``/api/docs``;
``admin``
    the admin site for system administrators.

Who may do what is decided in one place, :mod:`dudao.web.access`; the settings
(:mod:`dudao.web.settings`) are the store's plus the site's.
"""
