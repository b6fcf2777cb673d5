"""Script cannot get into a page through rich text, a quote or a page's own fields.

Rich text reaches the database through Wagtail's editor, which converts the posted
Draftail content state to HTML with only the allowed features; plain-text blocks
and fields are escaped by the templates. Both are exercised through the admin.
"""

import json
from html.parser import HTMLParser

from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from home.models import StandardPage

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('xss')</script>"
IMG_ONERROR = '<img src="x" onerror="alert(1)"/>'
HOSTILE_HTML = f'<p>Before {SCRIPT} {IMG_ONERROR} <a href="javascript:alert(2)">click</a> after</p>'


def forged_contentstate():
    """What a hostile client could post instead of what the editor's JavaScript sends."""
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "depth": 0,
                    "text": f"{SCRIPT} {IMG_ONERROR} click",
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": 5, "key": 0}],
                    "data": {},
                },
                {
                    "key": "d3e4f",
                    "type": "<script>",
                    "depth": 0,
                    "text": "odd block type",
                    "inlineStyleRanges": [],
                    "entityRanges": [],
                    "data": {"onerror": "alert(3)"},
                },
            ],
            "entityMap": {
                "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(4)", "onclick": "x"}}
            },
        }
    )


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("comms", "comms@example.org", "a-long-password"))
    return client


class ElementCollector(HTMLParser):
    """The elements and attributes a browser would build from the HTML (escaped text is just text)."""

    def __init__(self):
        super().__init__()
        self.scripts, self.data_blocks, self.attributes, self._in_script = [], [], [], False

    def handle_starttag(self, tag, attrs):
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        if tag == "script":
            self._in_script = True
            # A data block (JSON-LD) is never run; what matters is that nothing in it can end it early.
            is_data = dict(attrs).get("type") == "application/ld+json"
            (self.data_blocks if is_data else self.scripts).append("")
            self._current = self.data_blocks if is_data else self.scripts

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self._current[-1] += data


def assert_no_script(html):
    elements = ElementCollector()
    elements.feed(html)
    assert not [script for script in elements.scripts if "alert(" in script], "an injected script element"
    assert not [block for block in elements.data_blocks if "<" in block], "markup inside structured data"
    handlers = [(tag, name) for tag, name, _ in elements.attributes if name.lower().startswith("on")]
    assert not handlers, f"event handler attributes: {handlers}"
    urls = [value for _, name, value in elements.attributes if name in ("href", "src")]
    assert not [url for url in urls if url.strip().lower().startswith("javascript:")], urls


@pytest.mark.parametrize("paragraph", [rich_text(HOSTILE_HTML), forged_contentstate()], ids=["html", "forged-json"])
def test_a_standard_page_with_hostile_content_renders_harmlessly(editor_client, client, home_page, paragraph):
    url = reverse("wagtailadmin_pages:add", args=("home", "standardpage", home_page.pk))
    data = nested_form_data(
        {
            "title": f"Hostile {SCRIPT}",
            "slug": "hostile",
            "introduction": f"Intro {SCRIPT}{IMG_ONERROR}",
            "body": streamfield(
                [
                    ("paragraph", paragraph),
                    ("quote", {"quote": f"Quoted {SCRIPT}", "attribution": IMG_ONERROR}),
                    ("heading", {"text": f"Heading {SCRIPT}", "level": "h2"}),
                    ("callout", {"heading": IMG_ONERROR, "text": paragraph}),
                ]
            ),
            "action-publish": "publish",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:1500]
    page = StandardPage.objects.get(slug="hostile")
    rich_texts = [block.value.source for block in page.body if block.block_type == "paragraph"]
    rich_texts += [block.value["text"].source for block in page.body if block.block_type == "callout"]
    assert rich_texts
    for source in rich_texts:
        assert_no_script(source)

    public = client.get("/hostile/")
    assert public.status_code == 200
    html = public.content.decode()
    assert_no_script(html)
    # The plain-text fields are shown, escaped, not dropped.
    assert "Quoted &lt;script&gt;" in html
    assert "Intro &lt;script&gt;" in html
