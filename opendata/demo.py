"""Demo content: the "Use our data" page under the home page (created once)."""

from home.demo import get_or_create_child

from .models import OpenDataPage


def load(home):
    return get_or_create_child(
        home,
        OpenDataPage,
        "use-our-data",
        title="Use our data",
        introduction="Partner sites and researchers may republish our news and use the National Pledge's "
        "published data, free, under an open licence.",
    )
