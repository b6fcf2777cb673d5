from django.urls import path

from . import views

app_name = "newsdesk"

urlpatterns = [
    path("embargo/<str:token>/", views.embargo_preview, name="embargo_preview"),
]
