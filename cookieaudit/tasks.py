"""The audit as a background task, for "Run the audit now" in the admin."""

from django_tasks import task

from .audit import audit_setting, run_audit
from .models import AuditRun


@task()
def run_cookie_audit(run_id):
    run = AuditRun.objects.get(pk=run_id)
    run_audit(
        run,
        base_url=audit_setting("BASE_URL", "") or None,
        state_names=audit_setting("STATES", []),
        limit=audit_setting("LIMIT", None),
    )
    return {"run": run.pk, "findings": run.findings.count()}
