from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def register_cookie_audit_urls():
    return [
        path("reports/cookie-audit/", views.AuditHistoryView.as_view(), name="cookieaudit_history"),
        path("reports/cookie-audit/run/", views.run_now, name="cookieaudit_run_now"),
        path("reports/cookie-audit/<int:pk>/", views.AuditRunView.as_view(), name="cookieaudit_run"),
        path("reports/cookie-audit/findings/<int:pk>/accept/", views.accept_finding, name="cookieaudit_accept"),
        path("reports/cookie-audit/evidence/", views.EvidenceView.as_view(), name="cookieaudit_evidence"),
        path("reports/cookie-audit/evidence/records.<str:fmt>", views.export_records, name="cookieaudit_records"),
        path(
            "reports/cookie-audit/evidence/snapshots/<int:pk>/",
            views.SnapshotView.as_view(),
            name="cookieaudit_snapshot",
        ),
        path("reports/cookie-audit/evidence/statement/", views.StatementView.as_view(), name="cookieaudit_statement"),
        path("reports/cookie-audit/evidence/statement.pdf", views.statement_pdf, name="cookieaudit_statement_pdf"),
    ]


class PermittedMenuItem(MenuItem):
    def __init__(self, *args, policy, **kwargs):
        super().__init__(*args, **kwargs)
        self.policy = policy

    def is_shown(self, request):
        return self.policy.user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def register_cookie_audit_menu_item():
    return PermittedMenuItem(
        "Cookie audit",
        reverse("cookieaudit_history"),
        name="cookie-audit",
        icon_name="lock",
        order=910,
        policy=views.audit_permissions,
    )


@hooks.register("register_reports_menu_item")
def register_evidence_menu_item():
    return PermittedMenuItem(
        "Cookie evidence pack",
        reverse("cookieaudit_evidence"),
        name="cookie-evidence",
        icon_name="doc-full",
        order=920,
        policy=views.record_permissions,
    )
