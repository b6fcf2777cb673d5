"""Spreadsheet cells that cannot run: one rule for every CSV the site writes (CSV or formula injection).

A spreadsheet opening a CSV runs a cell that starts with = + - @ (or a tab or carriage
return before one) as a formula; some also split a cell on ; , | or a tab and run each
part, so `a;=1+1;b` is caught too. Such a cell gets a leading apostrophe, which makes the
spreadsheet show it as text. Every admin CSV export (Wagtail's SpreadsheetExportMixin)
uses it (accounts/exports.py); the public CSVs call formula_safe() on each value.
"""

import re

# A formula trigger at the start, or after a separator a spreadsheet may split the cell on.
FORMULA = re.compile(r"(?:^|[;,|\t\r\n])\s*[=+\-@\t\r]")


def formula_safe(value):
    """`value` as a CSV cell no spreadsheet will run; values that are not text are returned as they are."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    return "'" + value if FORMULA.search(value) else value
