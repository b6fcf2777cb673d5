"""What the API and the CSV downloads publish: only what the public may see (home.public.public_pages).

Private (password, login or group), draft, expired and embargoed (scheduled, not yet live) pages never
appear, nor does anything read off them (a report's responses, a round's count of reports).
Filter values are checked here before they reach a query; a bad one raises BadParameter (a 400).
"""

import datetime

from django.db.models import Count, Q

from home.public import public_pages
from news.models import NewsPage, Topic
from pledge.models import (
    CommitmentResponse,
    ExtraQuestionAnswer,
    ReportingRound,
    ReportKind,
    ReportPage,
    SignatoryPage,
)


class BadParameter(ValueError):
    pass


def parse_date(params, name):
    value = params.get(name)
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise BadParameter(f"{name} must be a date as YYYY-MM-DD, e.g. 2021-05-25") from None


def parse_int(params, name):
    value = params.get(name)
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 9:
        raise BadParameter(f"{name} must be a whole number")
    return int(value)


def public_reports():
    # A report is shown only if its signatory (when it has one) is public too.
    reports = public_pages(ReportPage.objects.all())
    return reports.filter(Q(signatory__isnull=True) | Q(signatory__in=public_pages(SignatoryPage.objects.all())))


def news(params):
    """Live public releases, newest first; ?topic=<slug>, ?published_after= and ?published_before= (dates)."""
    releases = public_pages(NewsPage.objects.all()).newest_first().select_related("featured_image")
    releases = releases.prefetch_related("topics")
    topic_slug = params.get("topic")
    if topic_slug is not None:
        topic = Topic.objects.filter(slug=topic_slug).first()
        if topic is None:
            known = ", ".join(Topic.objects.values_list("slug", flat=True))
            raise BadParameter(f"No topic '{topic_slug}'. Topics: {known}")
        releases = releases.filter(topics=topic)
    after, before = parse_date(params, "published_after"), parse_date(params, "published_before")
    if after and before and after > before:
        raise BadParameter("published_after is later than published_before")
    if after:
        releases = releases.filter(sort_date__date__gte=after)
    if before:
        releases = releases.filter(sort_date__date__lte=before)
    return releases


def signatories(params):
    return public_pages(SignatoryPage.objects.all()).order_by("title")


def reporting_rounds(params):
    progress = Q(reports__in=public_reports().filter(kind=ReportKind.PROGRESS))
    return ReportingRound.objects.annotate(report_count=Count("reports", filter=progress)).order_by("date")


def in_round(answers, params):
    round_id = parse_int(params, "round")
    if round_id is None:
        return answers
    if not ReportingRound.objects.filter(pk=round_id).exists():
        raise BadParameter(f"No reporting round {round_id}")
    return answers.filter(report__round_id=round_id)


def responses(params):
    """Every public per-commitment response; ?commitment=<number> and ?round=<id>."""
    answers = CommitmentResponse.objects.filter(report__in=public_reports()).select_related(
        "commitment", "report", "report__signatory", "report__round"
    )
    number = parse_int(params, "commitment")
    if number is not None:
        answers = answers.filter(commitment__number=number)
    answers = in_round(answers, params)
    return answers.order_by("report__round__date", "commitment__number", "report__signatory__title", "pk")


def extra_answers(params):
    """Every public answer to a round's extra questions; ?round=<id>."""
    answers = ExtraQuestionAnswer.objects.filter(report__in=public_reports()).select_related(
        "report", "report__signatory", "report__round"
    )
    answers = in_round(answers, params)
    return answers.order_by("report__round__date", "report__signatory__title", "sort_order", "pk")
