"""The shared rate limiter counts per scope and identity, in windows, and forgives once a window passes."""

from synergi_site.ratelimit import allow


def test_the_limit_holds_per_identity_and_scope():
    assert all(allow("signup", "203.0.113.5", limit=3, window=60, now=1000) for _ in range(3))
    assert not allow("signup", "203.0.113.5", limit=3, window=60, now=1000)
    # Another client, or another action, has its own count.
    assert allow("signup", "203.0.113.6", limit=3, window=60, now=1000)
    assert allow("consent", "203.0.113.5", limit=3, window=60, now=1000)


def test_a_new_window_starts_a_new_count():
    for _ in range(4):
        allow("api", "198.51.100.1", limit=3, window=60, now=2000)
    assert not allow("api", "198.51.100.1", limit=3, window=60, now=2030)
    assert allow("api", "198.51.100.1", limit=3, window=60, now=2075)
