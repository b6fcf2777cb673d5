"""The contact's side: the report form behind a secret link, and asking for a fresh link.

Every answer here is private: `private, no-store`, noindex, no Referer (newsdesk's mark_private), and
the addresses are outside the page cache (PAGE_CACHE_EXCLUDED_PATHS). A link that does not work, for
whatever reason, gets the same plain page, so nobody learns whether an organisation exists.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from newsdesk.views import TOKEN_PATTERN, mark_private
from synergi_site.ratelimit import allow_client

from . import sending
from .answers import as_html, clean
from .documents import save_document
from .forms import DocumentForm, FreshLinkForm, StepForm, SubmitForm
from .models import (
    AccessLink,
    Invitation,
    Report,
    ReportDocument,
    ReportingContact,
    ReportingSettings,
    ReportStep,
    status_labels,
)
from .steps import report_for, steps_for


def private_headers(response):
    """mark_private, but a same-origin Referer: a form POST with no Referer or Origin fails Django's CSRF
    check on HTTPS, while same-origin still keeps the secret address from every other site."""
    mark_private(response)
    response["Referrer-Policy"] = "same-origin"
    return response


def private(request, template, context, status=200):
    response = TemplateResponse(request, template, {"no_sharing": True, **context}, status=status)
    response.render()
    return private_headers(response)


def link_not_working(request, closed=False):
    return private(request, "reporting/link_not_working.html", {"closed": closed}, status=404)


def resolve(request, token):
    """(link, invitation, report) for a working link, else None."""
    link = AccessLink.objects.for_token(token) if TOKEN_PATTERN.fullmatch(token or "") else None
    if link is None or not link.works():
        return None
    return link, link.invitation, report_for(link.invitation)


def steps_with_answers(invitation, report):
    answers = {step.key: step for step in report.steps.all()}
    labels = status_labels()
    rows = []
    for step in steps_for(invitation):
        answer = answers.get(step.key)
        rows.append(
            {
                "step": step,
                "answer": answer,
                "html": as_html(answer.answer) if answer and answer.answer else "",
                "status_label": labels.get(answer.status, "") if answer else "",
                "complete": bool(answer and answer.answer.strip() and (answer.status or not step.with_status)),
            }
        )
    return rows


@require_http_methods(["GET"])
def start(request, token):
    found = resolve(request, token)
    if found is None:
        return link_not_working(request)
    link, invitation, report = found
    rows = steps_with_answers(invitation, report)
    return private(
        request,
        "reporting/start.html",
        {"token": token, "invitation": invitation, "report": report, "rows": rows, "contact": link.contact},
    )


@require_http_methods(["GET", "POST"])
def step(request, token, key):  # noqa: PLR0911, PLR0912 - each way out is a different answer
    found = resolve(request, token)
    if found is None:
        return link_not_working(request, closed=request.method == "POST")
    link, invitation, report = found
    steps = steps_for(invitation)
    keys = [s.key for s in steps]
    if key not in keys:
        return link_not_working(request)
    current = steps[keys.index(key)]
    following = keys[keys.index(key) + 1] if keys.index(key) + 1 < len(keys) else None
    next_url = (
        reverse("reporting:step", args=[token, following]) if following else reverse("reporting:check", args=[token])
    )
    if not report.editable:
        return redirect("reporting:check", token=token)
    saved, _ = ReportStep.objects.get_or_create(report=report, key=key)
    choices = ReportingSettings.load().status_choices()
    autosave = request.POST.get("autosave") == "1"
    context = {"token": token, "invitation": invitation, "step": current, "report": report, "next_url": next_url}
    context["position"] = keys.index(key) + 1
    context["total"] = len(keys)
    if request.method == "GET":
        form = StepForm(
            initial={"status": saved.status, "answer": saved.answer, "version": saved.version},
            status_choices=choices,
            with_status=current.with_status,
        )
        return private(request, "reporting/step.html", {**context, "form": form})

    form = StepForm(request.POST, status_choices=choices, with_status=current.with_status)
    if not form.is_valid():
        if autosave:
            return private_headers(JsonResponse({"saved": False, "errors": form.errors}, status=400))
        data = request.POST.copy()
        if "answer" in form.errors and form.errors["answer"].as_data()[0].code == "active_content":
            data["answer"] = clean(request.POST.get("answer", ""))
        errors = form.errors.as_data()
        form = StepForm(data, status_choices=choices, with_status=current.with_status)
        form.is_valid()
        for field, field_errors in errors.items():
            if field not in form.errors:
                form.add_error(field, field_errors)
        return private(request, "reporting/step.html", {**context, "form": form}, status=400)

    with transaction.atomic():
        updated = ReportStep.objects.filter(pk=saved.pk, version=form.cleaned_data["version"]).update(
            status=form.cleaned_data.get("status", ""),
            answer=form.cleaned_data["answer"],
            version=F("version") + 1,
            updated_by=link.contact,
            updated_at=timezone.now(),
        )
        if updated:
            Report.objects.filter(pk=report.pk).update(version=F("version") + 1, updated_at=timezone.now())
    saved.refresh_from_db()
    if not updated:
        # Someone else saved this page since it was drawn: show both, overwrite nothing.
        if autosave:
            return private_headers(JsonResponse({"saved": False, "conflict": True}, status=409))
        form = StepForm(
            {**request.POST.dict(), "version": saved.version}, status_choices=choices, with_status=current.with_status
        )
        form.is_valid()
        return private(
            request,
            "reporting/step.html",
            {
                **context,
                "form": form,
                "conflict": saved,
                "conflict_html": as_html(saved.answer),
                "conflict_status": dict(choices).get(saved.status, ""),
            },
            status=409,
        )
    if autosave:
        return private_headers(JsonResponse({"saved": True, "version": saved.version}))
    return redirect(next_url)


@require_http_methods(["GET", "POST"])
def check(request, token):  # noqa: PLR0911 - each way out is a different answer
    found = resolve(request, token)
    if found is None:
        return link_not_working(request, closed=request.method == "POST")
    link, invitation, report = found
    rows = steps_with_answers(invitation, report)
    context = {"token": token, "invitation": invitation, "report": report, "rows": rows}
    if request.method == "GET":
        return private(
            request, "reporting/check.html", {**context, "form": SubmitForm(initial={"version": report.version})}
        )
    form = SubmitForm(request.POST)
    if not report.editable:
        return private(request, "reporting/check.html", {**context, "already_submitted": True})
    missing = [row for row in rows if not row["complete"]]
    if not form.is_valid() or missing:
        return private(request, "reporting/check.html", {**context, "form": form, "missing": missing}, status=400)
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        submitted = locked.editable and locked.version == form.cleaned_data["version"]
        if submitted:
            # A model save, so the pledge page's counts are refreshed like any other change it shows.
            locked.state = Report.State.SUBMITTED
            locked.submitted_at = timezone.now()
            locked.save(update_fields=["state", "submitted_at"])
    report.refresh_from_db()
    if not submitted:
        if report.editable:  # changed since the page was drawn: check again
            return private(
                request,
                "reporting/check.html",
                {
                    **context,
                    "rows": steps_with_answers(invitation, report),
                    "changed": True,
                    "form": SubmitForm(initial={"version": report.version}),
                },
                status=409,
            )
        return private(request, "reporting/check.html", {**context, "already_submitted": True})
    return redirect("reporting:start", token=token)


def send_fresh_links(address, now):
    for contact in ReportingContact.objects.filter(email__iexact=address):
        for invitation in Invitation.objects.filter(signatory_id=contact.signatory_id).select_related("window"):
            if invitation.is_open(now):
                # One an hour per address at most: the reason carries the hour, and each (reason, contact)
                # is sent once.
                sending.queue([(invitation, contact)], f"fresh-link:{now:%Y%m%d%H}")


@require_http_methods(["GET", "POST"])
def fresh_link(request):
    """A new link by email. The answer is the same whether the address is known or not, and whether or
    not this client has asked for more than REPORTING_FRESH_LINK_CLIENT_LIMIT in the window (then no
    email goes), so it tells nobody which addresses are contacts."""
    form = FreshLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        limit, window = settings.REPORTING_FRESH_LINK_CLIENT_LIMIT, settings.REPORTING_FRESH_LINK_WINDOW
        if allow_client(request, "reporting-fresh-link", limit, window):
            send_fresh_links(form.cleaned_data["email"], timezone.now())
        return private(request, "reporting/fresh_link_sent.html", {})
    return private(request, "reporting/fresh_link.html", {"form": form}, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def documents(request, token):
    """Supporting documents: checked by content (home/uploads.py), kept private until the report is published."""
    found = resolve(request, token)
    if found is None:
        return link_not_working(request, closed=request.method == "POST")
    link, invitation, report = found
    form = DocumentForm()
    status = 200
    if request.method == "POST" and report.editable:
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            uploaded = form.cleaned_data["file"]
            document = save_document(form.cleaned_data["title"], uploaded.name, uploaded)
            ReportDocument.objects.create(report=report, document=document, uploaded_by=link.contact)
            return redirect("reporting:documents", token=token)
        status = 400
    files = report.documents.select_related("document")
    return private(
        request,
        "reporting/documents.html",
        {"token": token, "invitation": invitation, "report": report, "form": form, "files": files},
        status=status,
    )
