"""The evidence pack for the data protection officer: records, snapshots, rates and the statement.

Everything here reads; nothing writes. Consent records hold no personal data (no IP address,
no user agent), and the exports carry exactly their fields.
"""

import csv
import io
import json
import textwrap
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from consent.models import ConsentRecord, ConsentSettings, CookieDeclaration, PolicySnapshot
from pledge.pdf import text_pdf

from .models import AuditRun

RECORD_FIELDS = [
    "consent_id",
    "policy_version",
    "decision",
    "functional",
    "analytics",
    "marketing",
    "method",
    "gpc",
    "banner_text_sha256",
    "created_at",
]
MAX_RANGE_DAYS = 800


class BadRange(ValueError):
    pass


@dataclass
class DateRange:
    start: date
    end: date

    @classmethod
    def parse(cls, start, end):
        """From two YYYY-MM-DD strings (both inclusive); BadRange says what is wrong in plain words."""
        try:
            first = date.fromisoformat(start.strip())
            last = date.fromisoformat(end.strip())
        except (AttributeError, ValueError):
            raise BadRange("Give both dates as year-month-day, for example 2026-11-01 and 2026-11-30.") from None
        if first > last:
            raise BadRange("The start date is after the end date.")
        if (last - first).days > MAX_RANGE_DAYS:
            raise BadRange(f"Choose at most {MAX_RANGE_DAYS} days at a time.")
        return cls(first, last)

    def bounds(self):
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )

    def records(self):
        start, end = self.bounds()
        return ConsentRecord.objects.filter(created_at__gte=start, created_at__lt=end).order_by("created_at")

    @property
    def label(self):
        return f"{self.start:%Y-%m-%d}_to_{self.end:%Y-%m-%d}"


def record_rows(records):
    for values in records.values_list(*RECORD_FIELDS).iterator():
        row = dict(zip(RECORD_FIELDS, values, strict=True))
        row["created_at"] = row["created_at"].astimezone(UTC).isoformat()
        yield row


def records_csv(records):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=RECORD_FIELDS)
    writer.writeheader()
    for row in record_rows(records):
        writer.writerow(row)
    return out.getvalue()


def records_json(records, date_range):
    return json.dumps(
        {
            "from": date_range.start.isoformat(),
            "to": date_range.end.isoformat(),
            "fields": RECORD_FIELDS,
            "records": list(record_rows(records)),
        },
        indent=1,
    )


def weekly_rates(weeks=26):
    """Per week and policy version: accepted all, rejected, chose per category, as counts and percentages."""
    since = timezone.now() - timedelta(weeks=weeks)
    rows = (
        ConsentRecord.objects.filter(created_at__gte=since)
        .annotate(week=TruncWeek("created_at"))
        .values("week", "policy_version")
        .annotate(
            accept=Count("pk", filter=Q(decision=ConsentRecord.Decision.ACCEPT)),
            reject=Count("pk", filter=Q(decision=ConsentRecord.Decision.REJECT)),
            custom=Count("pk", filter=Q(decision=ConsentRecord.Decision.CUSTOM)),
            total=Count("pk"),
        )
        .order_by("-week", "-policy_version")
    )
    result = []
    for row in rows:
        total = row["total"] or 1
        row.update(
            {f"{name}_pct": round(100 * row[name] / total) for name in ("accept", "reject", "custom")},
        )
        result.append(row)
    return result


BAR_WIDTH = 400


def rate_bars(rows):
    """Geometry for the stacked-bar chart: one bar per week and version, three parts in percent."""
    bars = []
    for index, row in enumerate(rows):
        x = 0
        parts = []
        for name in ("accept", "reject", "custom"):
            width = round(BAR_WIDTH * row[name] / (row["total"] or 1))
            parts.append({"name": name, "x": x, "width": width})
            x += width
        bars.append({"y": 8 + index * 28, "row": row, "parts": parts})
    return {"bars": bars, "height": 16 + len(rows) * 28, "width": BAR_WIDTH}


def snapshot_with_counts():
    snapshots = list(PolicySnapshot.objects.all())
    counts = {
        (row["policy_version"], row["banner_text_sha256"]): row["n"]
        for row in ConsentRecord.objects.values("policy_version", "banner_text_sha256").annotate(n=Count("pk"))
    }
    for snapshot in snapshots:
        snapshot.record_count = counts.get((snapshot.policy_version, snapshot.banner_text_sha256), 0)
    return snapshots


def statement(site):
    """What the one-page statement says, from the current settings, declarations, rates and latest audit."""
    consent_settings = ConsentSettings.for_site(site)
    latest = AuditRun.objects.finished().order_by("-finished_at").first()
    declarations = list(CookieDeclaration.objects.all())
    since = timezone.now() - timedelta(weeks=26)
    totals = ConsentRecord.objects.filter(created_at__gte=since).aggregate(
        total=Count("pk"),
        accept=Count("pk", filter=Q(decision=ConsentRecord.Decision.ACCEPT)),
        reject=Count("pk", filter=Q(decision=ConsentRecord.Decision.REJECT)),
        custom=Count("pk", filter=Q(decision=ConsentRecord.Decision.CUSTOM)),
    )
    return {
        "generated_at": timezone.now(),
        "site_name": site.site_name or site.hostname,
        "policy_version": consent_settings.policy_version,
        "banner_text_sha256": consent_settings.banner_text_sha256,
        "declarations": declarations,
        "essential": [d for d in declarations if d.category == "essential"],
        "non_essential": [d for d in declarations if d.category != "essential"],
        "totals": totals,
        "latest_audit": latest,
        "open_findings": list(latest.open_findings) if latest else [],
        "snapshot_count": PolicySnapshot.objects.count(),
    }


def statement_lines(data):
    """The statement as plain lines of at most 95 characters, for the PDF."""
    paragraphs = [
        f"Generated {data['generated_at']:%d %B %Y %H:%M %Z}. Cookie policy version {data['policy_version']}, "
        f"banner wording fingerprint {data['banner_text_sha256'][:16]}.",
        "",
        "What we promise: nothing but essential cookies runs before a visitor chooses; a refusal is honoured "
        "(cookies we set are deleted on this website and its parent domains, stored keys are removed and "
        "video players unloaded); Global Privacy Control keeps marketing off; the cookies we declare are the "
        "cookies our pages set.",
        "",
        f"Essential cookies ({len(data['essential'])}): "
        + (", ".join(d.name for d in data["essential"]) or "none")
        + ".",
        f"Cookies that need consent ({len(data['non_essential'])}): "
        + (", ".join(f"{d.name} ({d.get_category_display()})" for d in data["non_essential"]) or "none")
        + ".",
        "",
    ]
    totals = data["totals"]
    paragraphs.append(
        f"Decisions in the last 26 weeks: {totals['total']} ({totals['accept']} accepted all, {totals['reject']} "
        f"rejected, {totals['custom']} chose per category). Each is recorded with its policy version and the "
        "fingerprint of the banner shown, without IP address or browser details; "
        f"{data['snapshot_count']} policy snapshot(s) keep the exact words each fingerprint stands for."
    )
    paragraphs.append("")
    audit = data["latest_audit"]
    if audit is None:
        paragraphs.append("No cookie audit has run yet.")
    else:
        paragraphs.append(
            f"Latest cookie audit: {audit.finished_at:%d %B %Y %H:%M}, {len(audit.pages)} page(s) in "
            f"{len(audit.states)} consent state(s). Open findings: {len(data['open_findings'])}."
        )
        for finding in data["open_findings"][:12]:
            paragraphs.append(f"- {finding.get_kind_display()}: {finding.detail}")
    lines = []
    for paragraph in paragraphs:
        lines.extend(textwrap.wrap(paragraph, 95) or [""])
    return lines[:46]


def statement_pdf(data):
    return text_pdf(f"Statement of our cookie practice: {data['site_name']}", statement_lines(data))
