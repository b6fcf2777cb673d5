from django.urls import path

from . import views

urlpatterns = [path("cookies/consent/", views.consent, name="consent")]
