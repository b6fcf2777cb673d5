from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ConsentRecord, CookieDeclaration
from .views import ConsentReportView


class CookieDeclarationViewSet(SnippetViewSet):
    model = CookieDeclaration
    icon = "lock"
    menu_label = "Cookies we set"
    add_to_admin_menu = True
    menu_order = 800
    list_display = ["name", "provider", "category", "duration"]
    list_filter = ["category"]
    list_export = ["name", "provider", "purpose", "duration", "category"]
    search_fields = ["name", "provider", "purpose"]


register_snippet(CookieDeclarationViewSet)


@hooks.register("register_admin_urls")
def register_consent_report_url():
    return [path("reports/cookie-consent/", ConsentReportView.as_view(), name="consent_report")]


class ConsentReportMenuItem(MenuItem):
    def is_shown(self, request):
        return ModelPermissionPolicy(ConsentRecord).user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def register_consent_report_menu_item():
    return ConsentReportMenuItem(
        "Cookie consent", reverse("consent_report"), name="cookie-consent", icon_name="lock", order=900
    )
