"""HTML that reads the same on someone else's site: a release's body for feeds and the syndication API.

Feed readers and partner sites show the HTML out of our page, so links and images must be absolute
addresses, and anything that runs, frames or needs our CSS (players, buttons, <picture> sources) is left
out; the words, headings, lists, links, quotes and one plain <img> per picture are kept.
"""

from html import escape
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
ALLOWED_TAGS = {
    *ALLOWED_ATTRIBUTES,
    *("p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "sub", "sup", "small"),
    *("ul", "ol", "li", "dl", "dt", "dd", "blockquote", "q", "cite", "figure", "figcaption", "code", "pre"),
    *("table", "caption", "thead", "tbody", "tfoot", "tr"),
}
VOID_TAGS = {"br", "hr", "img"}
# Dropped with everything inside them.
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "template",
    "iframe",
    "object",
    "embed",
    "noscript",
    "button",
    "form",
    "svg",
}
URL_ATTRIBUTES = {"href", "src"}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


class PortableHTML(HTMLParser):
    def __init__(self, base_url):
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.out = []
        self.dropping = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED_WITH_CONTENT:
            if tag not in VOID_TAGS:
                self.dropping += 1
            return
        if self.dropping or tag not in ALLOWED_TAGS:
            return
        kept = []
        for name, raw in attrs:
            if name not in ALLOWED_ATTRIBUTES.get(tag, ()) or raw is None:
                continue
            value = urljoin(self.base_url, raw.strip()) if name in URL_ATTRIBUTES else raw
            if name in URL_ATTRIBUTES and urlsplit(value).scheme not in SAFE_SCHEMES:
                continue
            kept.append(f' {name}="{escape(value)}"')
        self.out.append(f"<{tag}{''.join(kept)}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in DROPPED_WITH_CONTENT:
            self.dropping = max(self.dropping - 1, 0)
            return
        if self.dropping or tag not in ALLOWED_TAGS or tag in VOID_TAGS:
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.dropping:
            self.out.append(escape(data, quote=False))


def portable_html(markup, base_url):
    """`markup` with only the tags above, every link and image an absolute address resolved against `base_url`."""
    parser = PortableHTML(base_url)
    parser.feed(str(markup))
    parser.close()
    return " ".join("".join(parser.out).split())
