"""Sign-up, confirmation, preferences and one-click unsubscribe for news alerts.

The sign-up form sits on shared-cached pages, so it carries no CSRF token: its POST target is
never cached and accepts only same-origin requests (consent.guards.is_same_origin), as the
consent endpoint does. The answer is the same whether or not the address is known. Pages reached
by a signed link are private and use Django's CSRF protection as usual; a bad link is a 404.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from consent.guards import is_same_origin, safe_next
from news.models import Topic
from synergi_site.ratelimit import allow, allow_client

from . import tokens
from .models import MAX_ADDRESS_LENGTH, Subscriber, Suppression, address_hash, normalise
from .sending import send_confirmation

KNOWN_FIELDS = {"email", "topics", "website", "started", "next"}
MAX_BODY_BYTES = 4096


def mark_private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def refuse(request, message, status=400):
    response = TemplateResponse(request, "alerts/refused.html", {"message": message}, status=status)
    if status == 429:
        response["Retry-After"] = str(settings.ALERTS_RATE_WINDOW)
    return mark_private(response)


def not_found():
    raise Http404("This link is not valid: it may have expired or been used already.")


def signup_page(request):
    return TemplateResponse(request, "alerts/signup_page.html", {"topics": Topic.objects.all()})


def clean_address(value):
    """The address, or the reason it cannot be one. Newlines are refused before anything else reads it."""
    if not value:
        return None, "Enter your email address."
    if len(value) > MAX_ADDRESS_LENGTH:
        return None, f"That email address is too long: at most {MAX_ADDRESS_LENGTH} characters."
    if any(char in value for char in "\r\n\0"):
        return None, "An email address cannot contain line breaks."
    try:
        validate_email(value)
    except ValidationError:
        return None, "Enter an email address like name@example.org."
    return normalise(value), None


def request_problem(request):
    """The reason a request is no sign-up form from this site, as (message, status), or None."""
    if not allow_client(request, "alerts-signup", settings.ALERTS_CLIENT_RATE_LIMIT, settings.ALERTS_RATE_WINDOW):
        return "Too many sign-ups from your connection in a short time. Try again in an hour.", 429
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return "The Content-Length header is not a number.", 400
    if length > MAX_BODY_BYTES:
        return "A sign-up is a few short fields; this request is far larger.", 413
    if not is_same_origin(request):
        return "You can only sign up for news alerts on this website.", 403
    if request.FILES or set(request.POST) - KNOWN_FIELDS:
        return "The form sent fields it does not have. Reload the page and try again.", 400
    return None


def form_problem(request):
    """The reason a sign-up looks sent by a script (the honeypot, the fill time), as (message, status), or None."""
    if request.POST.get("website"):
        return "We could not accept this sign-up. Leave the field marked 'leave empty' empty.", 400
    elapsed = tokens.seconds_since_started(request.POST.get("started", ""))
    if elapsed is None:
        return "This form is out of date. Reload the page and try again.", 400
    if elapsed < settings.ALERTS_MIN_FILL_SECONDS:
        return "That was quicker than anyone types. Wait a few seconds and send the form again.", 400
    return None


@never_cache
@require_http_methods(["GET"])
def form_started(request):
    """A fresh signed start time for a sign-up form on a cached page (alerts-form.js asks on page load).

    The form's own start time was signed when the page was rendered, possibly long before this
    visitor came: the minimum fill time counts from here instead, for every browser that runs scripts.
    """
    return mark_private(JsonResponse({"started": tokens.form_started()}))


@csrf_exempt  # No CSRF token on cacheable pages: is_same_origin() checks the browser's headers instead.
@never_cache
@require_POST
def subscribe(request):
    problem = request_problem(request) or form_problem(request)
    if problem:
        return refuse(request, *problem)
    address, error = clean_address(request.POST.get("email", "").strip())
    if error:
        return refuse(request, error)
    slugs = request.POST.getlist("topics")
    topics = list(Topic.objects.filter(slug__in=slugs))
    if len(topics) != len(set(slugs)):
        return refuse(request, "One of the topics chosen does not exist. Reload the page and try again.")
    if not allow("alerts-address", address, settings.ALERTS_ADDRESS_RATE_LIMIT, settings.ALERTS_RATE_WINDOW):
        return refuse(request, "This address was entered several times in a short time. Try again in an hour.", 429)

    with transaction.atomic():
        subscriber, created = Subscriber.objects.get_or_create(
            email=address, defaults={"signup_path": safe_next(request, request.POST.get("next"), "")[:200]}
        )
        if subscriber.confirmed_at is None:
            subscriber.all_news = not topics
            subscriber.save(update_fields=["all_news"])
            subscriber.topics.set(topics)
        # Pending or confirmed, one email goes out (a confirmation or a link to preferences); the answer
        # is the same either way.
        if subscriber.status != Subscriber.Status.BOUNCED:
            transaction.on_commit(lambda: send_confirmation.enqueue(subscriber.pk))
    return mark_private(TemplateResponse(request, "alerts/check_inbox.html", {}))


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    subscriber = tokens.subscriber_for(token, tokens.CONFIRM)
    if subscriber is None:
        not_found()
    if request.method == "POST":
        # A confirmation is a POST from the page, so a mail scanner fetching the link confirms nothing.
        Subscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now(), status=Subscriber.Status.ACTIVE
        )
        # Confirming again after an unsubscribe is a new, explicit request; a bounce stays suppressed.
        Suppression.objects.filter(
            email_hash=address_hash(subscriber.email), reason=Suppression.Reason.UNSUBSCRIBED
        ).delete()
        return mark_private(
            TemplateResponse(
                request,
                "alerts/confirmed.html",
                {"preferences_token": tokens.make(subscriber, tokens.PREFERENCES)},
            )
        )
    return mark_private(TemplateResponse(request, "alerts/confirm.html", {"subscriber": subscriber}))


def unsubscribe_now(subscriber):
    Suppression.add(subscriber.email, Suppression.Reason.UNSUBSCRIBED)
    subscriber.delete()


@require_http_methods(["GET", "POST"])
def preferences(request, token):
    subscriber = tokens.subscriber_for(token, tokens.PREFERENCES)
    if subscriber is None:
        not_found()
    topics = list(Topic.objects.all())
    saved = False
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action == "unsubscribe":
            unsubscribe_now(subscriber)
            return mark_private(TemplateResponse(request, "alerts/unsubscribed.html", {}))
        if action not in {"save", "pause", "resume"}:
            return refuse(request, "Unknown action: save, pause, resume or unsubscribe.")
        slugs = set(request.POST.getlist("topics"))
        chosen = [topic for topic in topics if topic.slug in slugs]
        if len(chosen) != len(slugs):
            return refuse(request, "One of the topics chosen does not exist. Reload the page and try again.")
        if action == "save":
            subscriber.all_news = not chosen
            subscriber.topics.set(chosen)
        elif subscriber.status != Subscriber.Status.BOUNCED:
            subscriber.status = Subscriber.Status.PAUSED if action == "pause" else Subscriber.Status.ACTIVE
        subscriber.save(update_fields=["all_news", "status"])
        saved = True
    chosen_ids = set(subscriber.topics.values_list("pk", flat=True))
    context = {"subscriber": subscriber, "topics": topics, "chosen_ids": chosen_ids, "saved": saved, "token": token}
    return mark_private(TemplateResponse(request, "alerts/preferences.html", context))


@csrf_exempt  # RFC 8058: the mail client POSTs from outside any page, without cookies; the signed link is the proof.
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscriber = tokens.subscriber_for(token, tokens.PREFERENCES)
    if request.method == "GET":
        if subscriber is None:
            not_found()
        return mark_private(TemplateResponse(request, "alerts/unsubscribe.html", {"token": token}))
    if subscriber is not None:
        unsubscribe_now(subscriber)
    elif not tokens.is_signed(token, tokens.PREFERENCES):
        not_found()
    # A replayed unsubscribe (the address is already gone) gets the same answer and changes nothing.
    if request.POST.get("List-Unsubscribe") == "One-Click":
        return mark_private(HttpResponse("Unsubscribed.", content_type="text/plain; charset=utf-8"))
    return mark_private(TemplateResponse(request, "alerts/unsubscribed.html", {}))
