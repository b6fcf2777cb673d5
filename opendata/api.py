"""The syndication and open-data API on Wagtail's API v2: news releases and the pledge's published data.

GET /api/v2/news/ (?topic=, ?published_after=, ?published_before=, ?limit=, ?offset=, ?fields=) and
/api/v2/news/<id>/; /api/v2/signatories/, /api/v2/rounds/, /api/v2/responses/ (?commitment=, ?round=),
/api/v2/extra-answers/ (?round=).
Fields are those of opendata.fields; querysets those of opendata.queries (public items only).
"""

from django.conf import settings

from wagtail.api import APIField
from wagtail.api.v2.filters import OrderingFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Site

from rest_framework import serializers

from news.models import NewsPage
from pledge.models import CommitmentResponse, ExtraQuestionAnswer, ReportingRound, SignatoryPage

from . import fields, queries
from .http import add_open_data_headers, too_many_requests


def root_url_of(request):
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else settings.SITE_URL


class Computed(serializers.Field):
    """A read-only field computed from the whole object by one of opendata.fields' functions."""

    def __init__(self, function):
        super().__init__(read_only=True, source="*")
        self.function = function

    def to_representation(self, instance):
        return self.function(instance, self.context["root_url"])


def api_fields(field_list):
    return [APIField(name, serializer=Computed(function)) for name, function in field_list]


class OpenDataViewSet(BaseAPIViewSet):
    """Public items only, every answer with the open-data headers; bad parameters are a 400."""

    # Filtering is the query functions' alone (opendata/queries.py checks every value): Wagtail's
    # field filter would also read ?commitment=2 as a database id.
    filter_backends = [OrderingFilter]
    query = None
    extra_parameters = frozenset()

    def dispatch(self, request, *args, **kwargs):
        limited = too_many_requests(request)
        if limited is not None:
            return add_open_data_headers(limited)
        return add_open_data_headers(super().dispatch(request, *args, **kwargs))

    @classmethod
    def query_parameters(cls):
        return cls.known_query_parameters.union(cls.extra_parameters)

    def check_query_parameters(self, queryset):
        unknown = set(self.request.GET.keys()) - self.query_parameters()
        if unknown:
            names = ", ".join(sorted(unknown))
            allowed = ", ".join(sorted(self.query_parameters()))
            raise BadRequestError(f"unknown query parameter: {names} (this endpoint takes {allowed})")
        for name in self.request.GET:
            if len(self.request.GET.getlist(name)) > 1:
                raise BadRequestError(f"give {name} once")

    def get_queryset(self):
        try:
            return type(self).query(self.request.GET)
        except queries.BadParameter as error:
            raise BadRequestError(str(error)) from None

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "root_url": root_url_of(self.request)}

    def listing_view(self, request):
        response = super().listing_view(request)
        response.data["meta"]["licence"] = settings.OPEN_DATA_LICENCE
        return response

    def detail_view(self, request, pk):
        response = super().detail_view(request, pk)
        response.data["meta"]["licence"] = settings.OPEN_DATA_LICENCE
        return response


class NewsAPIViewSet(OpenDataViewSet):
    model = NewsPage
    query = staticmethod(queries.news)
    extra_parameters = frozenset({"topic", "published_after", "published_before"})
    body_fields = [*BaseAPIViewSet.body_fields, *api_fields(fields.NEWS_FIELDS)]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, *fields.NEWS_LISTING_FIELDS]


class SignatoriesAPIViewSet(OpenDataViewSet):
    model = SignatoryPage
    query = staticmethod(queries.signatories)
    body_fields = [*BaseAPIViewSet.body_fields, *api_fields(fields.SIGNATORY_FIELDS)]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, *(name for name, _ in fields.SIGNATORY_FIELDS)]


class RoundsAPIViewSet(OpenDataViewSet):
    model = ReportingRound
    query = staticmethod(queries.reporting_rounds)
    body_fields = [*BaseAPIViewSet.body_fields, *api_fields(fields.ROUND_FIELDS)]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, *(name for name, _ in fields.ROUND_FIELDS)]


class ResponsesAPIViewSet(OpenDataViewSet):
    model = CommitmentResponse
    query = staticmethod(queries.responses)
    extra_parameters = frozenset({"commitment", "round"})
    body_fields = [*BaseAPIViewSet.body_fields, *api_fields(fields.RESPONSE_FIELDS)]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, *(name for name, _ in fields.RESPONSE_FIELDS)]


class ExtraAnswersAPIViewSet(OpenDataViewSet):
    model = ExtraQuestionAnswer
    query = staticmethod(queries.extra_answers)
    extra_parameters = frozenset({"round"})
    body_fields = [*BaseAPIViewSet.body_fields, *api_fields(fields.EXTRA_ANSWER_FIELDS)]
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        *(name for name, _ in fields.EXTRA_ANSWER_FIELDS),
    ]


api_router = WagtailAPIRouter("opendata_api")
api_router.register_endpoint("news", NewsAPIViewSet)
api_router.register_endpoint("signatories", SignatoriesAPIViewSet)
api_router.register_endpoint("rounds", RoundsAPIViewSet)
api_router.register_endpoint("responses", ResponsesAPIViewSet)
api_router.register_endpoint("extra-answers", ExtraAnswersAPIViewSet)
