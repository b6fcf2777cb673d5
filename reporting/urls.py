from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("reporting/new-link/", views.fresh_link, name="fresh_link"),
    path("reporting/<str:token>/", views.start, name="start"),
    path("reporting/<str:token>/check/", views.check, name="check"),
    path("reporting/<str:token>/documents/", views.documents, name="documents"),
    path("reporting/<str:token>/<slug:key>/", views.step, name="step"),
]
