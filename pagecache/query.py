"""The query string as the page cache sees it: tracking parameters set aside, and a record of what the page read.

A page's cache entry is keyed on the parameters it reads, with the values it
reads. Which parameters a page reads is learnt by watching it: request.GET is
replaced by a QueryDict that notes every name asked for. A response to an
address carrying a parameter the page never read is not stored; the visitor is
sent to the address without it instead. So a made-up parameter (?cb=123) can
neither grow the cache nor be echoed into anybody's copy, and no page has to
declare its parameters.
"""

from urllib.parse import parse_qsl, urlencode

from django.http import QueryDict

from .conf import is_tracking_parameter


class RepeatedParameter(ValueError):
    pass


class ReadRecordingQueryDict(QueryDict):
    """request.GET, noting which names the view read. Reading the whole dict counts as reading every name."""

    def __init__(self, query_string, encoding=None):
        self.names_read = set()
        self.read_everything = False
        super().__init__(query_string, mutable=False, encoding=encoding)
        self.names_read.clear()  # building the dict looked names up; the view has read nothing yet

    def __getitem__(self, key):
        self.names_read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.names_read.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.names_read.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self.names_read.add(key)
        return super().__contains__(key)

    def _everything(self):
        self.read_everything = True

    def __iter__(self):
        self._everything()
        return super().__iter__()

    def items(self):
        self._everything()
        return super().items()

    def lists(self):
        self._everything()
        return super().lists()

    def values(self):
        self._everything()
        return super().values()

    def keys(self):
        self._everything()
        return super().keys()

    def dict(self):
        self._everything()
        return super().dict()

    def urlencode(self, safe=None):
        self._everything()
        return super().urlencode(safe)

    def copy(self):
        self._everything()
        return QueryDict(super().urlencode(), mutable=True, encoding=self.encoding)

    __copy__ = copy

    def __deepcopy__(self, memo):
        return self.copy()

    def was_read(self, name):
        return self.read_everything or name in self.names_read

    def unread(self, names):
        """Of `names`, those the view never read."""
        return set() if self.read_everything else set(names) - self.names_read


def split_query(query_string):
    """(page_pairs, tracking_pairs) from a raw query string; a page parameter given twice raises RepeatedParameter."""
    page_pairs, tracking_pairs, seen = [], [], set()
    for name, value in parse_qsl(query_string, keep_blank_values=True):
        if is_tracking_parameter(name):
            tracking_pairs.append((name, value))
            continue
        if name in seen:
            raise RepeatedParameter(name)
        seen.add(name)
        page_pairs.append((name, value))
    return page_pairs, tracking_pairs


def encode(pairs):
    return urlencode(pairs)
