"""Error responses that need more than a template: the database being unreachable.

While PostgreSQL restarts or fails over, every page that needs it raises
OperationalError or InterfaceError. Visitors get a clear "try again shortly" page
with 503 (so load balancers and crawlers retry) instead of a generic 500.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)
DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable_response():
    # Rendered without the request: context processors could touch the database.
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(response, private=True, no_store=True)
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database outage during a view or its rendering into the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.warning("Database unavailable for %s: %s", request.path, exception)
            return database_unavailable_response()
        return None


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """handler500: the 503 page when the cause was the database, else the 500 page.

    Catches what the middleware cannot: a database error raised in other middleware.
    """
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return database_unavailable_response()
    return HttpResponseServerError(loader.render_to_string(template_name))
