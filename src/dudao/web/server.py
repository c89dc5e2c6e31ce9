"""Starting the web application: settings, migrations, static files, and gunicorn."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def setup(data_dir: str | Path | None = None) -> None:
    """Configure Django for dudao (the data directory is fixed once Django is set up)."""
    if data_dir is not None:
        os.environ["DUDAO_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dudao.web.settings")
    import django

    django.setup()


def prepare_site(*, quiet: bool = True) -> None:
    """Apply migrations and collect the static files (both do nothing when up to date)."""
    from django.core.management import call_command

    verbosity = 0 if quiet else 1
    call_command("migrate", interactive=False, verbosity=verbosity)
    call_command("collectstatic", interactive=False, verbosity=0)


def serve(host: str, port: int, *, workers: int = 2, threads: int = 8) -> None:
    """Run the app under gunicorn until interrupted."""
    from gunicorn.app.base import BaseApplication

    from dudao.web.wsgi import application

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                "timeout": 120,
                # Browsers and API clients reuse connections between a person's actions.
                "keepalive": 30,
                "control_socket_disable": True,  # no socket in the home folder; several servers may run
                "accesslog": "-" if os.environ.get("DUDAO_ACCESS_LOG") == "1" else None,
            }
            for key, value in options.items():
                if value is not None:
                    self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    Server().run()
