"""The WSGI entry point (``gunicorn dudao.web.wsgi``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dudao.web.settings")
application = get_wsgi_application()
