from django.urls import path

from .api import api_router
from .views import DATASETS, dataset_csv

# No app_name: Wagtail's API router reverses its URLs in its own top-level namespace.
urlpatterns = [
    path("api/v2/", api_router.urls),
    *(path(f"open-data/{name}.csv", dataset_csv, {"dataset": name}, name=f"opendata_{name}_csv") for name in DATASETS),
]
