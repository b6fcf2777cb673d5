"""Moderators hear about every embargoed preview link: a link releases a draft outside the sign-off."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from wagtail.models import GroupApprovalTask, GroupPagePermission

from django_tasks import task

from .models import EmbargoLink


def moderators_of(page):
    """Active users with an email address who may publish `page`, or who approve its workflow's tasks."""
    publisher_groups = GroupPagePermission.objects.filter(
        page__in=page.get_ancestors(inclusive=True), permission__codename="publish_page"
    ).values("group")
    who = Q(is_superuser=True) | Q(groups__in=publisher_groups)
    workflow = page.get_workflow()
    if workflow is not None:
        approvers = GroupApprovalTask.objects.filter(active=True, workflow_tasks__workflow=workflow).values("groups")
        who |= Q(groups__in=approvers)
    return get_user_model().objects.filter(who, is_active=True).exclude(email="").distinct().order_by("pk")


def london(moment):
    return timezone.localtime(moment, timezone.get_default_timezone()).strftime("%H:%M on %A %-d %B %Y")


def message_about(link):
    page = link.page
    maker = (link.created_by.get_full_name() or link.created_by.get_username()) if link.created_by else "Someone"
    links_page = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("newsdesk_embargo_links", args=[page.pk])
    subject = f"Embargoed preview link made for “{page.title}”"
    body = "\n".join(
        [
            f"{maker} made an embargoed preview link for the news release “{page.title}”.",
            "",
            f"Who it is for: {link.recipient or 'not noted'}",
            f"It shows the version saved at {london(link.revision.created_at)} (UK time).",
            f"It stops working at {london(link.ends_at)} (UK time), or when the release goes live.",
            "",
            "Anyone with the link can read that version before the embargo lifts.",
            f"To see every link for this release, or to revoke one: {links_page}",
        ]
    )
    return subject, body


@task()
def tell_moderators_about_link(link_id):
    """One message per moderator (nobody sees the others' addresses); the link itself is never sent."""
    link = EmbargoLink.objects.select_related("page", "revision", "created_by").filter(pk=link_id).first()
    if link is None:
        return 0
    subject, body = message_about(link)
    messages = [(subject, body, None, [user.email]) for user in moderators_of(link.page)]
    return send_mass_mail(messages)
