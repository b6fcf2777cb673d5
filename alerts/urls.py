from django.urls import path

from . import bounces, views

app_name = "alerts"

# Before the page tree, so these addresses under /news/ are never a release's.
urlpatterns = [
    path("news/alerts/", views.signup_page, name="signup"),
    path("news/alerts/subscribe/", views.subscribe, name="subscribe"),
    path("news/alerts/started/", views.form_started, name="form_started"),
    path("news/alerts/confirm/<str:token>/", views.confirm, name="confirm"),
    path("news/alerts/preferences/<str:token>/", views.preferences, name="preferences"),
    path("news/alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # django-anymail's tracking webhook, where anymail's own urls would put it (alerts/bounces.py).
    path("anymail/<str:provider>/tracking/", bounces.tracking_webhook, name="anymail_tracking"),
]
