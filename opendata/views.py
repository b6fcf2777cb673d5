"""CSV downloads of the same datasets as the API, with the same fields and the same public-only rows."""

import csv
import json

from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_GET

from synergi_site.spreadsheets import formula_safe

from . import fields, queries
from .api import root_url_of
from .http import add_open_data_headers, too_many_requests

DATASETS = {
    "news": (queries.news, [item for item in fields.NEWS_FIELDS if item[0] != "body_html"]),
    "signatories": (queries.signatories, fields.SIGNATORY_FIELDS),
    "rounds": (queries.reporting_rounds, fields.ROUND_FIELDS),
    "responses": (queries.responses, fields.RESPONSE_FIELDS),
    "extra-answers": (queries.extra_answers, fields.EXTRA_ANSWER_FIELDS),
}
# Each dataset's own filters; anything else in the address is a mistake worth saying so.
CSV_PARAMETERS = {
    "news": {"topic", "published_after", "published_before"},
    "signatories": set(),
    "rounds": set(),
    "responses": {"commitment", "round"},
    "extra-answers": {"round"},
}


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | dict):
        if isinstance(value, list) and all(isinstance(item, dict) and "name" in item for item in value):
            return "; ".join(item["name"] for item in value)
        return json.dumps(value, ensure_ascii=False)
    return formula_safe(str(value))


@require_GET
def dataset_csv(request, dataset):
    limited = too_many_requests(request)
    if limited is not None:
        return add_open_data_headers(limited)
    query, field_list = DATASETS[dataset]
    unknown = set(request.GET.keys()) - CSV_PARAMETERS[dataset]
    try:
        if unknown:
            raise queries.BadParameter("Unknown parameter: " + ", ".join(sorted(unknown)))
        items = list(query(request.GET))
    except queries.BadParameter as error:
        return add_open_data_headers(HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8"))
    root_url = root_url_of(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="synergi-{dataset}.csv"'
    writer = csv.writer(response)
    writer.writerow([name for name, _function in field_list])
    for item in items:
        writer.writerow([cell(function(item, root_url)) for _name, function in field_list])
    return add_open_data_headers(response)
