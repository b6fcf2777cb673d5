"""The query cache never keeps an answer older than a write that overlapped it.

Two threads stand for two requests: one reads while the other writes, in the order that
once left the old answer cached (for up to a day, until the next write to the table).
"""

import threading

from django.db import connection, transaction

from taggit.models import Tag

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def names():
    return sorted(Tag.objects.values_list("name", flat=True))


def in_thread(work):
    """Run `work` on its own database connection, as another request would; its answer."""
    answer = {}

    def run():
        try:
            answer["value"] = work()
        except Exception as error:  # noqa: BLE001 - handed to the test to fail on
            answer["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, answer


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite's shared in-memory test database locks the paused read's table"
)
def test_a_read_that_ran_before_a_write_committed_is_not_kept():
    Tag.objects.create(name="old", slug="old")
    names()  # cached: ["old"]
    Tag.objects.create(name="older", slug="older")  # the cached answer is dropped
    read_done, write_done = threading.Event(), threading.Event()

    def pause_after_the_read(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if "taggit_tag" in sql and not read_done.is_set():
            read_done.set()
            write_done.wait(10)  # the other request writes and commits now
        return result

    def slow_read():
        with connection.execute_wrapper(pause_after_the_read):
            return names()

    thread, answer = in_thread(slow_read)
    assert read_done.wait(10)
    with transaction.atomic():
        Tag.objects.create(name="new", slug="new")
    write_done.set()
    thread.join(10)
    assert "error" not in answer, answer
    assert answer["value"] == ["old", "older"]  # it read before the write: that was right then

    assert names() == ["new", "old", "older"]


def test_a_read_between_an_autocommit_writes_start_and_its_commit_is_not_kept():
    Tag.objects.create(name="old", slug="old")
    names()
    readers = []

    def read_just_before_the_insert(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and "taggit_tag" in sql and not readers:
            thread, answer = in_thread(names)  # cachalot has dated the table; the row is not there yet
            thread.join(10)
            readers.append(answer)
        return execute(sql, params, many, context)

    assert not connection.in_atomic_block
    with connection.execute_wrapper(read_just_before_the_insert):
        Tag.objects.create(name="new", slug="new")
    assert readers == [{"value": ["old"]}]

    assert names() == ["new", "old"]


def test_get_or_create_finds_a_row_committed_before_the_cache_was_told():
    """Another request has committed the row and not yet re-dated the table (it does just after its commit):
    the database refuses the duplicate, and the second look must come from the database."""

    def look():
        try:
            return Tag.objects.get(name="shared")  # the very query get_or_create makes first
        except Tag.DoesNotExist:
            return None

    assert look() is None  # the cache now says: none
    raw = connection.connection.cursor()  # the other request's commit, before its cache update
    raw.execute("INSERT INTO taggit_tag (name, slug) VALUES ('shared', 'shared')")
    raw.close()
    assert look() is None  # still "none" from the cache, for now

    tag, created = Tag.objects.get_or_create(name="shared", defaults={"slug": "shared"})

    assert (tag.name, created) == ("shared", False)
    assert look() == tag
