"""Error responses that need more than a template: NUL bytes, 405s, the database unreachable.

While PostgreSQL restarts or fails over, every page that needs it raises
OperationalError or InterfaceError. Visitors get a clear "try again shortly" page
with 503 (so load balancers and crawlers retry) instead of a generic 500.
"""

import logging
import sys
from urllib.parse import parse_qsl

from django.db import Error, InterfaceError, OperationalError, connection
from django.db.transaction import TransactionManagementError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)
DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def is_database_outage(exception):
    """A connection-level error and the database not answering now: not a bad query.

    SQLite reports some query errors as OperationalError too; a real outage also
    fails a plain SELECT 1, so those still reach the 500 page and the error log.
    """
    if not isinstance(exception, DATABASE_ERRORS):
        return False
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Error:  # DatabaseError and InterfaceError ("connection already closed") alike
        return True
    except TransactionManagementError:
        return True  # inside a broken atomic block we cannot ask; connection errors are the likely cause
    return False


def database_unavailable_response():
    # Rendered without the request: context processors could touch the database.
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(response, private=True, no_store=True)
    return response


def error_page(template_name, status):
    response = HttpResponse(loader.render_to_string(template_name), status=status)
    patch_cache_control(response, private=True, no_store=True)
    return response


def has_null_byte(request):
    # PostgreSQL refuses NUL in text (a 500); no address, query or cookie of ours contains one.
    texts = [request.path_info, *request.COOKIES.values()]
    # From the raw query string: reading request.GET would count as the page reading every parameter.
    texts += [
        text for pair in parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True) for text in pair
    ]
    return any("\x00" in text for text in texts)


class ErrorPagesMiddleware:
    """The site's own answers to what would otherwise be a 500 or a blank page.

    - a NUL byte in the path or query string: 400, before any view or query sees it;
    - a method a view does not accept: the 405 page instead of Django's empty body;
    - the database unavailable during a view or its rendering: the 503 page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_null_byte(request):
            return error_page("400.html", 400)
        response = self.get_response(request)
        if response.status_code == 405 and not getattr(response, "streaming", False) and not response.content:
            page = error_page("405.html", 405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            logger.warning("Database unavailable for %s: %s", request.path, exception)
            return database_unavailable_response()
        return None


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """handler500: the 503 page when the cause was the database, else the 500 page.

    Catches what the middleware cannot: a database error raised in other middleware.
    """
    if is_database_outage(sys.exc_info()[1]):
        return database_unavailable_response()
    return HttpResponseServerError(loader.render_to_string(template_name))
