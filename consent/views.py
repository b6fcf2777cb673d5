from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from synergi_site.ratelimit import allow_client

from . import cookie
from .guards import is_same_origin, safe_next
from .models import ConsentRecord, ConsentSettings, CookieDeclaration

ACTIONS = {"accept", "reject", "save"}
SOURCES = {"banner", "cookies_page"}
CHOICE_VALUES = {"yes": True, "no": False}
# Everything a consent form may send; anything else is a mistake or a probe.
KNOWN_FIELDS = {"action", "source", "next", *cookie.CATEGORIES}


class BadConsentRequest(Exception):
    pass


def bad_request(message):
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def body_size_problem(request):
    """A 400 or 413 for a body that is no consent form, decided before a byte of it is read."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return bad_request("The Content-Length header is not a number.")
    if length > settings.CONSENT_MAX_BODY_BYTES:
        return HttpResponse(
            "A cookie choice is a few short fields; this request is far larger.",
            status=413,
            content_type="text/plain; charset=utf-8",
        )
    return None


def too_many_choices(request):
    """A friendly 429: the visitor (or a script) has made more choices than anyone needs in a minute."""
    if wants_json(request):
        response = JsonResponse({"error": "Too many cookie choices in a short time. Try again in a minute."})
        response.status_code = 429
    else:
        response = TemplateResponse(request, "consent/too_many_choices.html", status=429)
    response["Retry-After"] = str(settings.CONSENT_RATE_WINDOW)
    return response


def read_choices(request, action, gpc):
    if action == "accept":
        choices = dict.fromkeys(cookie.CATEGORIES, True)
    elif action == "reject":
        choices = dict.fromkeys(cookie.CATEGORIES, False)
    else:
        choices = {}
        for category in cookie.CATEGORIES:
            value = request.POST.get(category, "no")
            if value not in CHOICE_VALUES:
                raise BadConsentRequest(f"The choice for {category} must be 'yes' or 'no'.")
            choices[category] = CHOICE_VALUES[value]
    if gpc:
        # Global Privacy Control: the browser has already said no to selling or sharing.
        choices["marketing"] = False
    return choices


def classify(action, choices):
    if action == "accept":
        return ConsentRecord.Decision.ACCEPT
    if action == "reject" or not any(choices.values()):
        return ConsentRecord.Decision.REJECT
    if all(choices.values()):
        return ConsentRecord.Decision.ACCEPT
    return ConsentRecord.Decision.CUSTOM


def refusal(request):
    """The answer to a request that is no consent decision to record, or None for one that may be."""
    # Counted first, so a flood is refused before anything is read or recorded.
    if not allow_client(request, "consent", settings.CONSENT_RATE_LIMIT, settings.CONSENT_RATE_WINDOW):
        return too_many_choices(request)
    problem = body_size_problem(request)
    if problem:
        return problem
    if not is_same_origin(request):
        return HttpResponseForbidden(
            "Cookie choices can only be made on this website.", content_type="text/plain; charset=utf-8"
        )
    if request.FILES:
        return bad_request("Cookie choices carry no files.")
    unknown = sorted(set(request.POST) - KNOWN_FIELDS)
    if unknown:
        return bad_request(f"Unknown cookie category or field: {', '.join(unknown)[:200]}.")
    return None


@csrf_exempt  # No CSRF token on cacheable pages: is_same_origin() checks the browser's headers instead.
@never_cache
@require_POST
def consent(request):
    """Record a decision from the banner or the cookies page and set the cookies_policy cookie."""
    refused = refusal(request)
    if refused:
        return refused
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        return bad_request("Unknown action: choose 'accept', 'reject' or 'save'.")
    source = request.POST.get("source", "banner")
    if source not in SOURCES:
        return bad_request("Unknown source: 'banner' or 'cookies_page'.")
    gpc = request.headers.get("Sec-GPC") == "1"
    try:
        choices = read_choices(request, action, gpc)
    except BadConsentRequest as error:
        return bad_request(str(error))

    consent_settings = ConsentSettings.for_request(request)
    previous = cookie.parse(request.COOKIES.get(cookie.COOKIE_NAME))
    decision = cookie.Decision(
        version=consent_settings.policy_version,
        at=timezone.now().replace(microsecond=0),
        # Keep the visitor's consent id across changes of mind, so their history reads as one.
        consent_id=previous.consent_id if previous else cookie.new_consent_id(),
        **choices,
    )
    js = wants_json(request)
    ConsentRecord.objects.create(
        consent_id=decision.consent_id,
        policy_version=decision.version,
        decision=classify(action, choices),
        method=f"{source}_{'js' if js else 'form'}",
        gpc=gpc,
        banner_text_sha256=consent_settings.banner_text_sha256,
        created_at=decision.at,
        **choices,
    )

    if js:
        response = JsonResponse({"choices": choices, "gpc": gpc, "version": decision.version})
    else:
        response = HttpResponseRedirect(safe_next(request, request.POST.get("next")), status=303)
    cookie.set_decision_cookie(response, request, decision)
    refused = [category for category, allowed in choices.items() if not allowed]
    patterns = CookieDeclaration.objects.filter(category__in=refused).values_list("name", flat=True)
    cookie.delete_cookies(response, request, list(patterns))
    return response


class ConsentReportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Decisions per week, for editors: how many accepted, rejected or chose per category."""

    page_title = "Cookie consent by week"
    header_icon = "lock"
    template_name = "consent/admin/report.html"
    weeks = 26
    permission_policy = ModelPermissionPolicy(ConsentRecord)
    permission_required = "view"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        since = timezone.now() - timezone.timedelta(weeks=self.weeks)
        context["weeks"] = (
            ConsentRecord.objects.filter(created_at__gte=since)
            .annotate(week=TruncWeek("created_at"))
            .values("week")
            .annotate(
                accept=Count("pk", filter=Q(decision=ConsentRecord.Decision.ACCEPT)),
                reject=Count("pk", filter=Q(decision=ConsentRecord.Decision.REJECT)),
                custom=Count("pk", filter=Q(decision=ConsentRecord.Decision.CUSTOM)),
                total=Count("pk"),
            )
            .order_by("-week")
        )
        context["week_count"] = self.weeks
        return context
