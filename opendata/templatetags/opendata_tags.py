"""schema.org Dataset structured data for the open-data page, so dataset search engines find it."""

from django import template
from django.conf import settings

from home.sharing import json_ld_script

register = template.Library()


@register.simple_tag
def datasets_json_ld(datasets, licence, root_url, page_url):
    creator = {"@type": "Organization", "name": settings.WAGTAIL_SITE_NAME, "url": root_url + "/"}
    graph = [
        {
            "@type": "Dataset",
            "@id": f"{page_url}#{dataset['key']}",
            "name": f"{dataset['name']}, {settings.WAGTAIL_SITE_NAME}",
            "description": dataset["description"],
            "url": page_url,
            "license": licence["url"],
            "isAccessibleForFree": True,
            "creator": creator,
            "publisher": creator,
            "inLanguage": "en-GB",
            "distribution": [
                {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": dataset["csv_url"]},
                {"@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": dataset["api_url"]},
            ],
        }
        for dataset in datasets
    ]
    return json_ld_script({"@context": "https://schema.org", "@graph": graph})
