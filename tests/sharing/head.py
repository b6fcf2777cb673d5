"""Reads a page's <head> as a sharing site's crawler does: meta tags, links and JSON-LD blocks."""

import json
from html.parser import HTMLParser


class HeadParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.links, self.json_ld = {}, [], []
        self.meta_count = {}
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, attrs.get("content"))
                self.meta_count[key] = self.meta_count.get(key, 0) + 1
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def link(self, rel):
        return next((link for link in self.links if link.get("rel") == rel), None)

    def of_type(self, schema_type):
        return [item for item in self.json_ld if item.get("@type") == schema_type]


def parse_head(response):
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser
