from django.urls import path

from . import views

# Under the admin's address (wagtail_hooks.py), so they share its login and policy.
urlpatterns = [
    path("two-factor/", views.verify, name="accounts_verify"),
    path("two-factor/set-up/", views.setup, name="accounts_setup"),
    path("two-factor/reset/<int:user_id>/", views.ResetView.as_view(), name="accounts_reset"),
]
