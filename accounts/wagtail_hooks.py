from django.urls import reverse

from wagtail import hooks
from wagtail.admin.widgets.button import ListingButton

from . import urls
from .views import may_reset


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return urls.urlpatterns


@hooks.register("register_user_listing_buttons")
def reset_two_factor_button(user, request_user):
    if may_reset(request_user, user):
        yield ListingButton(
            "Reset two-factor login", reverse("accounts_reset", args=(user.pk,)), icon_name="lock", priority=50
        )


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("accounts_setup"),
        "label": "Two-factor login",
        "help_text": "Sign in with a code from an authenticator app on your phone, as well as your password.",
    }


@hooks.register("register_log_actions")
def register_two_factor_log_actions(actions):
    actions.register_action("accounts.reset_two_factor", "Reset two-factor login", "Reset two-factor login")
