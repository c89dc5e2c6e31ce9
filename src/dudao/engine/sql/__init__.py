"""SQL shared by the SQL backends: IR compiled to Ibis (:mod:`.compile`), the whole plan as one
query (:mod:`.query`), what every engine's compiler changes to keep the reference's semantics
(:mod:`.semantics`), and the on-disk cache of compiled SQL (:mod:`.cache`).

The backends in :mod:`dudao.engine.backends` import these; nothing here imports a backend.
"""
