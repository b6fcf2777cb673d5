"""Every CSV the admin exports (snippets, page listings, reports) is formula-safe.

Wagtail's SpreadsheetExportMixin writes CSV cells as they are (its XLSX export already
writes every cell as text). Wrapping its one preprocessing step here covers every listing
with `list_export`, present and future, without each viewset having to remember.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

from synergi_site.spreadsheets import formula_safe


def make_admin_csv_exports_formula_safe():
    preprocess = SpreadsheetExportMixin.preprocess_field_value
    if getattr(preprocess, "formula_safe", False):
        return

    def preprocess_field_value(view, field, value, export_format):
        value = preprocess(view, field, value, export_format)
        return formula_safe(value) if export_format == SpreadsheetExportMixin.FORMAT_CSV else value

    preprocess_field_value.formula_safe = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
