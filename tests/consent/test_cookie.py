"""The cookies_policy value: written by the server, parsed strictly."""

from datetime import UTC, datetime

import pytest

from consent import cookie

AT = datetime(2026, 11, 26, 10, 36, tzinfo=UTC)


def make(version=3, functional=False, analytics=True, marketing=False, consent_id="a" * 32):
    return cookie.Decision(
        version=version, functional=functional, analytics=analytics, marketing=marketing, at=AT, consent_id=consent_id
    )


def test_encoding_is_compact_documented_and_round_trips():
    value = cookie.encode(make())
    assert value.startswith(
        "v:3&functional:0&analytics:1&marketing:0&at:2026-11-26T10:36:00Z&id:" + "a" * 32 + "&sig:"
    )
    assert len(value) < 140
    assert cookie.parse(value, current_version=3) == make()


def test_a_decision_under_another_version_is_no_decision():
    value = cookie.encode(make(version=2))
    assert cookie.parse(value) is not None
    assert cookie.parse(value, current_version=3) is None


def tamper(value, old, new):
    assert old in value
    return value.replace(old, new, 1)


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "yes",
        "v:3",
        "v:3&functional:0&analytics:1&marketing:0",
        "v:03&functional:0&analytics:1&marketing:0&at:2026-11-26T10:36:00Z&id:" + "a" * 32 + "&sig:" + "0" * 32,
        "x" * 5000,
        '{"analytics": true}',
        "v:3&functional:true&analytics:1&marketing:0&at:2026-11-26T10:36:00Z&id:" + "a" * 32 + "&sig:" + "0" * 32,
    ],
    ids=["none", "empty", "word", "version-only", "no-time", "leading-zero", "huge", "json", "wrong-type"],
)
def test_malformed_values_are_no_decision(value):
    assert cookie.parse(value) is None


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("analytics:1", "analytics:0"),  # a choice changed by hand
        ("v:3", "v:4"),  # a version changed by hand
        ("at:2026-11-26", "at:2026-11-27"),
        ("id:a", "id:b"),
    ],
)
def test_tampered_values_are_no_decision(old, new):
    assert cookie.parse(tamper(cookie.encode(make()), old, new)) is None


def test_extra_or_reordered_keys_are_no_decision():
    value = cookie.encode(make())
    assert cookie.parse(value + "&extra:1") is None
    assert cookie.parse("functional:0&" + value) is None
    assert cookie.parse(value.replace("&sig:", "&signature:")) is None


def test_an_impossible_date_is_no_decision():
    payload = "v:3&functional:0&analytics:1&marketing:0&at:2026-13-45T10:36:00Z&id:" + "a" * 32
    assert cookie.parse(f"{payload}&sig:{cookie.sign(payload)}") is None


def test_the_javascript_reads_the_same_format():
    """consent.js and the inline banner script use the same pattern as the server."""
    from pathlib import Path

    from django.conf import settings

    from consent.inline_scripts import BANNER_REVEAL

    js = (Path(settings.PROJECT_DIR) / "static/js/consent.js").read_text()
    # Same keys, same order, same character classes.
    for piece in [
        "functional:",
        "&analytics:",
        "&marketing:",
        "&at:[0-9]{4}-",
        "&id:",
        "[0-9a-f]{32}&sig:[0-9a-f]{32}$",
    ]:
        assert piece in js
        assert piece in BANNER_REVEAL
    assert "v:([1-9][0-9]{0,5})" in js and "v:([1-9][0-9]{0,5})" in BANNER_REVEAL
