"""The pages, one module per page family: accounts, rounds (office), round states, documents,
exchange, quality, reports, public; the entry page (units) is its own package,
:mod:`dudao.web.pages.entry`.

A view module never imports another view module: what pages share lives beside them, in
:mod:`dudao.web.pages.http` (downloads, file names, client addresses),
:mod:`dudao.web.pages.document_links`, :mod:`dudao.web.pages.ranking` and
:mod:`dudao.web.pages.office_forms`.
"""
