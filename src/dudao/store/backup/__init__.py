"""Backing up and restoring a deployment: the database's rows and the media files in one archive.

:func:`backup` writes the archive (see :mod:`.archive` for what it holds); :func:`restore` puts it
back into an empty database (or, with ``replace``, in place of what is there), all or nothing.
Both work on the database Django is set up for, SQLite or PostgreSQL, so a backup of one restores
into the other.
"""

from __future__ import annotations

from dudao.store.backup.archive import Limits
from dudao.store.backup.restore import RestoreSummary, restore
from dudao.store.backup.write import BackupSummary, backup

__all__ = ["BackupSummary", "Limits", "RestoreSummary", "backup", "restore"]
