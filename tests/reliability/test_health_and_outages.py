"""/healthz for the load balancer, and the 503 page while the database is down."""

import importlib
from unittest import mock

from django.db import InterfaceError, OperationalError
from django.test import Client, override_settings

import pytest

pytestmark = pytest.mark.django_db


class UnreachableDatabase:
    """Stands in for django.db.connection when PostgreSQL is down."""

    def cursor(self):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


class ClosedConnection:
    """A worker's connection after PostgreSQL restarted: psycopg2 raises InterfaceError, not a DatabaseError."""

    def cursor(self):
        raise InterfaceError("connection already closed")


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


def test_healthz_answers_ok_when_the_database_answers(visitor):
    response = visitor.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("database", [UnreachableDatabase(), ClosedConnection()], ids=["refused", "closed"])
def test_healthz_answers_503_with_a_reason_when_the_database_does_not(visitor, database):
    with mock.patch("synergi_site.health.connection", database):
        response = visitor.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_head_and_refuses_posts(visitor):
    assert visitor.head("/healthz").status_code == 200
    assert visitor.post("/healthz").status_code == 405


def test_healthz_is_reachable_over_plain_http_in_production(monkeypatch, visitor, home_page):
    """The load balancer checks over HTTP; everything else is redirected to HTTPS."""
    monkeypatch.setenv("SECRET_KEY", "a-production-like-secret-key-for-tests-0123456789-abcdefghijklmnop")
    monkeypatch.setenv("ALLOWED_HOSTS", "testserver")
    importlib.reload(importlib.import_module("synergi_site.settings.base"))
    production = importlib.reload(importlib.import_module("synergi_site.settings.production"))
    with override_settings(
        SECURE_SSL_REDIRECT=True,
        SECURE_PROXY_SSL_HEADER=production.SECURE_PROXY_SSL_HEADER,
        SECURE_REDIRECT_EXEMPT=production.SECURE_REDIRECT_EXEMPT,
    ):
        assert visitor.get("/healthz").status_code == 200
        assert visitor.get("/").status_code == 301


@pytest.mark.parametrize("database", [UnreachableDatabase(), ClosedConnection()], ids=["refused", "closed"])
def test_a_page_answers_the_503_page_while_the_database_is_down(visitor, home_page, database):
    with (
        mock.patch("home.models.HomePage.get_context", side_effect=OperationalError("server closed the connection")),
        mock.patch("synergi_site.errors.connection", database),
    ):
        response = visitor.get("/")
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in response.content.decode()
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]


def test_a_query_error_with_the_database_up_is_a_500_not_a_503(visitor, home_page):
    """Only an outage is excused as 503: a bug must still show up as an error."""
    with mock.patch("home.models.HomePage.get_context", side_effect=OperationalError("no such column: xss")):
        response = visitor.get("/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_a_database_error_outside_a_view_is_a_503_too(visitor, home_page):
    """Raised in middleware (sessions, redirects), it reaches handler500, which tells the difference."""
    with (
        mock.patch(
            "wagtail.contrib.redirects.middleware.RedirectMiddleware.__call__",
            side_effect=OperationalError("server closed the connection"),
        ),
        mock.patch("synergi_site.errors.connection", UnreachableDatabase()),
    ):
        response = visitor.get("/")
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in response.content.decode()


def test_null_bytes_are_refused_before_any_query(visitor, home_page):
    for path in ("/%00/", "/?q=%00", "/?%00=1"):
        response = visitor.get(path)
        assert response.status_code == 400
        assert "Sorry, we could not understand that request" in response.content.decode()


def test_a_wrong_method_gets_the_site_405_page(visitor):
    response = visitor.post("/healthz")
    assert response.status_code == 405
    assert "That action is not available here" in response.content.decode()
    assert "GET" in response["Allow"]
