"""'Last checked' on the cookies page: what the latest audit saw of each declaration."""

from django import template

from cookieaudit.models import AuditRun

register = template.Library()


@register.simple_tag
def audit_checks(declarations):
    """[(declaration, {"at": finished, "seen": bool} or None)] from the latest finished audit."""
    latest = AuditRun.objects.finished().order_by("-finished_at").first()
    if latest is None:
        return [(declaration, None) for declaration in declarations]
    seen = set(latest.observations.exclude(declaration=None).values_list("declaration", flat=True))
    return [(declaration, {"at": latest.finished_at, "seen": declaration.pk in seen}) for declaration in declarations]
