"""A strict structural check of our feeds: RFC 4287 (Atom) and RSS 2.0, as the W3C feed validator reads them.

Errors and warnings alike are failures: required elements, single-valued elements given once, unique
absolute ids, absolute links (no relative references in content either), dates in the formats each
standard names, enclosures with a length and a type, and nothing unknown in the core namespaces.
"""

import datetime
import email.utils
import re
import xml.etree.ElementTree as ET  # noqa: N817
from html.parser import HTMLParser
from urllib.parse import urlsplit

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")

ATOM_FEED_CHILDREN = {
    "author",
    "category",
    "contributor",
    "generator",
    "icon",
    "id",
    "link",
    "logo",
    "rights",
    "subtitle",
    "title",
    "updated",
    "entry",
}
ATOM_ENTRY_CHILDREN = {
    "author",
    "category",
    "content",
    "contributor",
    "id",
    "link",
    "published",
    "rights",
    "source",
    "summary",
    "title",
    "updated",
}
RSS_CHANNEL_CHILDREN = {
    "title",
    "link",
    "description",
    "language",
    "copyright",
    "managingEditor",
    "webMaster",
    "pubDate",
    "lastBuildDate",
    "category",
    "generator",
    "docs",
    "cloud",
    "ttl",
    "image",
    "rating",
    "textInput",
    "skipHours",
    "skipDays",
    "item",
}
RSS_ITEM_CHILDREN = {
    "title",
    "link",
    "description",
    "author",
    "category",
    "comments",
    "enclosure",
    "guid",
    "pubDate",
    "source",
}
UNSAFE_IN_CONTENT = {"script", "iframe", "object", "embed", "style", "form", "button", "template", "meta", "link"}


class FeedError(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise FeedError(message)


def is_absolute_iri(value):
    parts = urlsplit(value or "")
    return bool(parts.scheme) and (parts.scheme in {"tag", "urn", "mailto"} or bool(parts.netloc))


def is_absolute_http(value):
    parts = urlsplit(value or "")
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


class ContentChecker(HTMLParser):
    """Embedded HTML: every link and image absolute, nothing that runs or frames."""

    def __init__(self, where):
        super().__init__()
        self.where = where

    def handle_starttag(self, tag, attrs):
        check(tag not in UNSAFE_IN_CONTENT, f"{self.where}: content holds <{tag}>")
        for name, value in attrs:
            check(not name.startswith("on") and name != "style", f"{self.where}: content has a {name} attribute")
            if name in {"href", "src"}:
                check(
                    is_absolute_http(value) or (value or "").startswith(("mailto:", "tel:")),
                    f"{self.where}: relative or unsafe {name}={value!r} in content",
                )
            if name == "srcset":
                raise FeedError(f"{self.where}: srcset in content")


def check_html(text, where):
    parser = ContentChecker(where)
    parser.feed(text or "")
    parser.close()


def single(element, tag, where, required=True):
    found = element.findall(tag)
    check(len(found) <= 1, f"{where}: {tag} given {len(found)} times")
    check(not required or found, f"{where}: missing {tag}")
    return found[0] if found else None


def check_rfc3339(value, where):
    check(value is not None and RFC3339.match(value.strip()), f"{where}: {value!r} is not an RFC 3339 date")
    datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))


def check_atom_text(element, where):
    kind = element.get("type", "text")
    check(kind in {"text", "html", "xhtml"}, f"{where}: text construct type {kind!r}")
    if kind == "html":
        check_html(element.text, where)


def check_atom_person(person, where):
    name = single(person, f"{ATOM}name", where)
    check(name.text and name.text.strip(), f"{where}: empty author name")
    uri = single(person, f"{ATOM}uri", where, required=False)
    if uri is not None:
        check(is_absolute_http(uri.text), f"{where}: author uri {uri.text!r} is not absolute")


def check_atom_links(element, where):
    alternates = set()
    for link in element.findall(f"{ATOM}link"):
        href = link.get("href")
        check(is_absolute_http(href), f"{where}: link href {href!r} is not absolute")
        rel = link.get("rel", "alternate")
        if rel == "alternate":
            key = (link.get("type"), link.get("hreflang"))
            check(key not in alternates, f"{where}: two alternate links with the same type and hreflang")
            alternates.add(key)
        if rel == "enclosure":
            length = link.get("length", "")
            check(length.isdigit() and int(length) > 0, f"{where}: enclosure without a length")
            check(link.get("type"), f"{where}: enclosure without a type")
    return alternates


def validate_atom(body, feed_url):
    root = ET.fromstring(body)  # noqa: S314 - our own feed
    check(root.tag == f"{ATOM}feed", "the root is not atom:feed")
    for child in root:
        check(child.tag.startswith(ATOM), f"feed: element {child.tag} outside the Atom namespace")
        check(child.tag[len(ATOM) :] in ATOM_FEED_CHILDREN, f"feed: unknown element {child.tag}")
    feed_id = single(root, f"{ATOM}id", "feed").text
    check(is_absolute_iri(feed_id), f"feed: id {feed_id!r} is not an absolute IRI")
    check_atom_text(single(root, f"{ATOM}title", "feed"), "feed title")
    check_rfc3339(single(root, f"{ATOM}updated", "feed").text, "feed updated")
    selfs = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    check(len(selfs) == 1, "feed: needs exactly one link rel=self")
    check(selfs[0].get("href") == feed_url, f"feed: self link {selfs[0].get('href')!r} is not {feed_url!r}")
    check(selfs[0].get("type") in (None, "application/atom+xml"), "feed: self link type")
    check_atom_links(root, "feed")
    feed_authors = root.findall(f"{ATOM}author")
    for author in feed_authors:
        check_atom_person(author, "feed author")
    ids = [feed_id]
    entries = root.findall(f"{ATOM}entry")
    for position, entry in enumerate(entries):
        where = f"entry {position}"
        for child in entry:
            check(child.tag.startswith(ATOM), f"{where}: element {child.tag} outside the Atom namespace")
            check(child.tag[len(ATOM) :] in ATOM_ENTRY_CHILDREN, f"{where}: unknown element {child.tag}")
        entry_id = single(entry, f"{ATOM}id", where).text
        check(is_absolute_iri(entry_id), f"{where}: id {entry_id!r} is not an absolute IRI")
        ids.append(entry_id)
        check_atom_text(single(entry, f"{ATOM}title", where), f"{where} title")
        check_rfc3339(single(entry, f"{ATOM}updated", where).text, f"{where} updated")
        published = single(entry, f"{ATOM}published", where, required=False)
        if published is not None:
            check_rfc3339(published.text, f"{where} published")
        authors = entry.findall(f"{ATOM}author")
        check(authors or feed_authors, f"{where}: missing author (RFC 4287 4.1.1)")
        for author in authors:
            check_atom_person(author, f"{where} author")
        alternates = check_atom_links(entry, where)
        content = single(entry, f"{ATOM}content", where, required=False)
        summary = single(entry, f"{ATOM}summary", where, required=False)
        check(content is not None or alternates, f"{where}: no content and no alternate link")
        if summary is not None:
            check_atom_text(summary, f"{where} summary")
        if content is not None:
            check(content.get("src") is None or summary is not None, f"{where}: out-of-line content needs a summary")
            check_atom_text(content, f"{where} content")
        for category in entry.findall(f"{ATOM}category"):
            check(category.get("term"), f"{where}: category without a term")
    check(len(ids) == len(set(ids)), "ids are not unique")
    return {"id": feed_id, "entries": entries}


def check_rfc822(value, where):
    check(value and email.utils.parsedate_to_datetime(value.strip()), f"{where}: {value!r} is not an RFC 822 date")


def check_rss_item(item, where):
    """One item's elements; returns its guid."""
    for child in item:
        if not child.tag.startswith("{"):
            check(child.tag in RSS_ITEM_CHILDREN, f"{where}: unknown element {child.tag}")
        else:
            check(child.tag in {f"{CONTENT}encoded", f"{DC}creator"}, f"{where}: unexpected {child.tag}")
    title = single(item, "title", where, required=False)
    description = single(item, "description", where, required=False)
    check(title is not None or description is not None, f"{where}: needs a title or a description")
    if description is not None:
        check_html(description.text, f"{where} description")
    link = single(item, "link", where)
    check(is_absolute_http(link.text), f"{where}: link {link.text!r} is not absolute")
    guid = single(item, "guid", where)
    permalink = guid.get("isPermaLink", "true")
    check(permalink in {"true", "false"}, f"{where}: isPermaLink {permalink!r}")
    check(is_absolute_iri(guid.text), f"{where}: guid {guid.text!r} is not an absolute IRI")
    if permalink == "true":
        check(is_absolute_http(guid.text), f"{where}: a permalink guid must be a web address")
    check_rfc822(single(item, "pubDate", where).text, f"{where} pubDate")
    author = single(item, "author", where, required=False)
    if author is not None:
        check("@" in author.text, f"{where}: RSS author must be an email address")
    enclosures = item.findall("enclosure")
    check(len(enclosures) <= 1, f"{where}: more than one enclosure")
    for enclosure in enclosures:
        check(is_absolute_http(enclosure.get("url")), f"{where}: enclosure url is not absolute")
        length = enclosure.get("length", "")
        check(length.isdigit() and int(length) > 0, f"{where}: enclosure without a length")
        check(enclosure.get("type"), f"{where}: enclosure without a type")
    for category in item.findall("category"):
        check(category.text and category.text.strip(), f"{where}: empty category")
    content = single(item, f"{CONTENT}encoded", where, required=False)
    if content is not None:
        check_html(content.text, f"{where} content:encoded")
    return guid.text


def validate_rss(body, feed_url):
    root = ET.fromstring(body)  # noqa: S314 - our own feed
    check(root.tag == "rss" and root.get("version") == "2.0", "the root is not <rss version='2.0'>")
    channels = root.findall("channel")
    check(len(channels) == 1, "needs exactly one channel")
    channel = channels[0]
    for child in channel:
        if not child.tag.startswith("{"):
            check(child.tag in RSS_CHANNEL_CHILDREN, f"channel: unknown element {child.tag}")
    for tag in ("title", "link", "description"):
        element = single(channel, tag, "channel")
        check(element.text and element.text.strip(), f"channel: empty {tag}")
    check(is_absolute_http(channel.find("link").text), "channel: link is not absolute")
    for tag in ("pubDate", "lastBuildDate"):
        element = single(channel, tag, "channel", required=False)
        if element is not None:
            check_rfc822(element.text, f"channel {tag}")
    selfs = [link for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"]
    check(len(selfs) == 1, "channel: needs exactly one atom:link rel=self")
    check(selfs[0].get("href") == feed_url, f"channel: self link {selfs[0].get('href')!r} is not {feed_url!r}")
    check(selfs[0].get("type") in (None, "application/rss+xml"), "channel: self link type")
    items = channel.findall("item")
    guids = [check_rss_item(item, f"item {position}") for position, item in enumerate(items)]
    check(len(guids) == len(set(guids)), "guids are not unique")
    return {"items": items}
