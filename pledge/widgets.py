"""Admin widgets for the pledge's pages."""

from django import forms


class StatusSelect(forms.Select):
    """A commitment status chosen in the page editor, offered in the editors' own words for each status
    (Settings › Reporting round wording), read when the form is drawn; the key is what is stored."""

    def optgroups(self, name, value, attrs=None):
        from reporting.models import status_labels  # noqa: PLC0415 - reporting builds on pledge, not the reverse

        labels = status_labels()
        groups = super().optgroups(name, value, attrs)
        for _group, options, _index in groups:
            for option in options:
                option["label"] = labels.get(option["value"], option["label"])
        return groups
