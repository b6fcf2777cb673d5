"""The media list: journalists imported from a CSV, and a release emailed to them from the admin.

Before go-live each journalist's email says "EMBARGOED until <time, UK>" and carries their own
embargoed preview link (newsdesk.EmbargoLink, one per recipient, so one can be revoked alone);
after go-live it is an ordinary release email. Sending happens in a task, once per
(release, journalist, kind).
"""

import csv
import io
import zoneinfo

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import log

from django_tasks import task

from news.models import NewsPage, Topic
from newsdesk.models import EmbargoLink, embargo_time
from newsdesk.views import has_embargoed_changes
from synergi_site import claims

from . import emails
from .models import MAX_ADDRESS_LENGTH, Delivery, Journalist, JournalistSend, normalise
from .sending import PermanentFailure, TemporaryFailure, send_with_retries

CSV_COLUMNS = ["name", "outlet", "email", "beats", "notes"]
MAX_CSV_BYTES = 1024 * 1024
MAX_CSV_ROWS = 5000
UK = zoneinfo.ZoneInfo("Europe/London")


class CSVRefused(Exception):
    pass


def read_csv(upload):
    """The rows of an uploaded media list, or CSVRefused with the reason the whole file is refused."""
    if upload.size > MAX_CSV_BYTES:
        raise CSVRefused(f"The file is {upload.size // 1024} KB; a media list may be at most 1 MB.")
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CSVRefused("The file is not UTF-8 text. Save it from your spreadsheet as 'CSV UTF-8'.") from None
    reader = csv.DictReader(io.StringIO(text))
    columns = [name.strip().lower() for name in reader.fieldnames or []]
    if columns != CSV_COLUMNS:
        raise CSVRefused(
            f"The columns must be exactly: {', '.join(CSV_COLUMNS)} (in that order). This file has: "
            f"{', '.join(columns)[:200] or 'none'}."
        )
    reader.fieldnames = columns
    rows = list(reader)
    if len(rows) > MAX_CSV_ROWS:
        raise CSVRefused(f"The file has {len(rows)} rows; import at most {MAX_CSV_ROWS} at a time.")
    return rows


def is_address(value):
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def row_problem(name, outlet, address, seen):
    """Why these cells cannot be a journalist, or None."""
    problems = [
        (not name or len(name) > 120, "The name is missing or longer than 120 characters."),
        (len(outlet) > 120, "The outlet is longer than 120 characters."),
        (any(char in name + outlet for char in "\r\n\0"), "The name or outlet has a line break in it."),
        (len(address) > MAX_ADDRESS_LENGTH or "\n" in address or "\r" in address, "The email address is too long."),
        (not is_address(address), f"'{address[:60]}' is not an email address."),
        (address in seen, f"{address} appears twice in the file."),
    ]
    return next((message for failed, message in problems if failed), None)


def check_row(row, topics_by_name, seen):
    """(cleaned values, None) or (None, the reason the row is refused)."""
    if None in row or any(value is None for value in row.values()):
        return None, "The row does not have exactly five cells."
    name, outlet, notes = row["name"].strip(), row["outlet"].strip(), row["notes"].strip()
    address = normalise(row["email"])
    problem = row_problem(name, outlet, address, seen)
    if problem:
        return None, problem
    beats = [beat.strip() for beat in row["beats"].split(";") if beat.strip()]
    unknown = [beat for beat in beats if beat.lower() not in topics_by_name]
    if unknown:
        return None, f"No topic called {', '.join(unknown)[:100]}. Use topic names separated by ';'."
    seen.add(address)
    beat_topics = [topics_by_name[beat.lower()] for beat in beats]
    return {"name": name, "outlet": outlet, "email": address, "notes": notes, "beats": beat_topics}, None


def import_journalists(upload):
    """Import a media list: every row or none. Returns (taken, refused) as lists of (line, text)."""
    rows = read_csv(upload)
    topics_by_name = {topic.name.lower(): topic for topic in Topic.objects.all()}
    seen, taken, refused, clean = set(), [], [], []
    for line, row in enumerate(rows, start=2):
        values, reason = check_row(row, topics_by_name, seen)
        if reason:
            refused.append((line, reason))
        else:
            clean.append(values)
            taken.append((line, f"{values['name']} <{values['email']}>"))
    if refused:
        return [], refused
    with transaction.atomic():
        for values in clean:
            beats = values.pop("beats")
            journalist, _ = Journalist.objects.update_or_create(email=values["email"], defaults=values)
            journalist.beats.set(beats)
    return taken, []


def is_embargoed(page):
    return has_embargoed_changes(page)


def embargo_notice(page):
    when = embargo_time(page)
    if when is None:
        return "EMBARGOED until further notice"
    return f"EMBARGOED until {timezone.localtime(when, UK):%H:%M on %-d %B %Y} (UK time)"


def release_email(page, to, *, embargo_url=None, test=False, message_id=None):
    """The email a journalist gets about `page` (the draft's text while embargoed); a fresh Message-ID
    unless one is given."""
    embargoed = is_embargoed(page)
    shown = page.get_latest_revision_as_object() if embargoed else page
    notice = embargo_notice(page) if embargoed else ""
    subject = f"{notice}: {shown.title}" if notice else shown.title
    if test:
        subject = f"[Test] {subject}"
    context = {
        "release": shown,
        "notice": notice,
        "embargo_url": embargo_url,
        "release_url": None if embargoed else page.get_full_url(),
        "paragraphs": [block.value for block in shown.body if block.block_type == "paragraph"],
    }
    return emails.build(
        "journalist_release", subject, to, context, message_id_prefix=f"press-{page.pk}", message_id=message_id
    )


def recipient_label(journalist):
    return (
        f"{journalist.name}, {journalist.outlet} <{journalist.email}>"
        if journalist.outlet
        else (f"{journalist.name} <{journalist.email}>")
    )


def queue_sends(page, journalists, user):
    """One JournalistSend per journalist not yet sent this kind of email; the task sends them after commit."""
    kind = JournalistSend.Kind.EMBARGOED if is_embargoed(page) else JournalistSend.Kind.RELEASE
    created = 0
    for journalist in journalists:
        try:
            with transaction.atomic():
                JournalistSend.objects.create(release=page, journalist=journalist, kind=kind, sent_by=user)
        except IntegrityError:
            continue
        created += 1
    transaction.on_commit(lambda: send_to_journalists.enqueue(page.pk))
    return created


def claimable_sends(page_id):
    """Sends no live worker holds (synergi_site.claims: queued, or taken by a worker now dead)."""
    return claims.claimable(JournalistSend.objects.filter(release_id=page_id))


def embargo_url_for(page, send):
    """A new personal embargo link for this send, recorded on the row (and in the page's history) before it goes.

    Only the link's hash is kept, so a send taken over from a dead worker gets a new link; the earlier one
    stays valid (the journalist may have had it in the instant before the worker died) until it expires or
    is revoked, and both are in the history.
    """
    label = recipient_label(send.journalist)
    link, token = EmbargoLink.create_for(page, send.sent_by, recipient=label)
    log(
        instance=page,
        action="newsdesk.embargo_link.create",
        user=send.sent_by,
        data={"recipient": label, "expires_at": link.expires_at.isoformat(), "hint": link.token_hint},
    )
    JournalistSend.objects.filter(pk=send.pk).update(embargo_link=link)
    return emails.absolute(reverse("newsdesk:embargo_preview", args=[token]))


@task()
def send_to_journalists(page_id):
    """Send every queued email about this release to its journalist, each with their own embargo link.

    Each row is taken (status "sending", with the time) before it is sent and marked sent the moment
    the mail server accepts it, so a rerun after a worker died sends only what was not sent; rows a
    dead worker held are taken again after ALERTS_CLAIM_TIMEOUT (`manage.py resume_alerts`).
    """
    page = NewsPage.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    sent = 0
    with mail.get_connection() as connection:
        for send in claimable_sends(page_id).select_related("journalist", "sent_by").order_by("pk"):
            if not claims.claim(JournalistSend.objects.filter(release_id=page_id), [send.pk]):
                continue  # another worker took it meanwhile
            embargo_url = embargo_url_for(page, send) if send.kind == JournalistSend.Kind.EMBARGOED else None
            # The same Message-ID on every try, so a resend after a worker died is recognisably the same email.
            message_id = f"<press-{page.pk}.send-{send.pk}@{emails.mail_domain()}>"
            message = release_email(page, send.journalist.email, embargo_url=embargo_url, message_id=message_id)
            try:
                send_with_retries(connection, message)
            except (PermanentFailure, TemporaryFailure) as failure:
                JournalistSend.objects.filter(pk=send.pk).update(status=Delivery.Status.FAILED, error=str(failure))
                continue
            JournalistSend.objects.filter(pk=send.pk).update(
                status=Delivery.Status.SENT, sent_at=timezone.now(), error=""
            )
            sent += 1
    return sent


def resume_journalist_sends():
    """Queue the journalist task again for every release a dead worker left with sends unfinished."""
    release_ids = sorted(set(claims.unfinished(JournalistSend.objects.all()).values_list("release_id", flat=True)))
    for release_id in release_ids:
        send_to_journalists.enqueue(release_id)
    return release_ids


@task()
def send_test(page_id, user_id):
    """The email as a journalist would get it, to the editor themselves, with no working embargo link."""
    page = NewsPage.objects.filter(pk=page_id).first()
    user = get_user_model().objects.filter(pk=user_id).first()
    if page is None or user is None or not user.email:
        return
    placeholder = emails.absolute("/embargo/your-personal-link-appears-here/") if is_embargoed(page) else None
    release_email(page, user.email, embargo_url=placeholder, test=True).send()
