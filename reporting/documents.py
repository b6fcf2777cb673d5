"""Files behind the reporting round: kept in a collection that only signed-in staff can download
(synergi_site/documents.py serves it `private, no-store`) until the report page that lists them is
published, when they move to the public root collection."""

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.signals import page_published

from pledge.models import ReportPage

PRIVATE_COLLECTION = "Reporting round files (not yet public)"


def private_collection():
    collection = Collection.objects.filter(name=PRIVATE_COLLECTION).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=PRIVATE_COLLECTION)
    if not collection.get_view_restrictions().exists():
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    return collection


def save_document(title, uploaded_name, content):
    document = get_document_model()(title=title, collection=private_collection())
    document.file.save(uploaded_name, content, save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def on_report_published(sender, instance, **kwargs):
    ids = list(instance.files.values_list("document_id", flat=True))
    get_document_model().objects.filter(pk__in=ids, collection__name=PRIVATE_COLLECTION).update(
        collection=Collection.get_first_root_node()
    )


def connect_signals():
    page_published.connect(on_report_published, sender=ReportPage, dispatch_uid="reporting_files_go_public")
