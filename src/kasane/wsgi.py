import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kasane.settings")
application = get_wsgi_application()
# Import the URLconf and every view module now rather than on the first request. Under `gunicorn --preload`
# (docs/deployment.md) this runs once in the master, so the workers it forks answer their first request warm;
# without it each worker does it as it boots. Nothing here opens a database connection
# (tests/core/test_cold_start.py), so forking after it shares none.
get_resolver().url_patterns  # noqa: B018 - evaluated for its imports
