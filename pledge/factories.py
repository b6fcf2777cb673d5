import datetime

from django.core.files.base import ContentFile
from django.utils.text import slugify

from wagtail.documents import get_document_model

import factory
import wagtail_factories

from .models import (
    Commitment,
    CommitmentResponse,
    OrganisationType,
    PledgePage,
    Region,
    ReportFile,
    ReportIndexPage,
    ReportingRound,
    ReportKind,
    ReportPage,
    Role,
    SignatoryIndexPage,
    SignatoryLeader,
    SignatoryPage,
)
from .pdf import text_pdf


class CommitmentFactory(factory.django.DjangoModelFactory):
    number = factory.Sequence(lambda n: n + 1)
    short_title = factory.Sequence(lambda n: f"Commitment {n + 1}")
    description = "What signatories agree to do."

    class Meta:
        model = Commitment
        django_get_or_create = ("number",)


class ReportingRoundFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Round {n}")
    date = factory.Sequence(lambda n: datetime.date(2021, 5, 25) + datetime.timedelta(days=180 * n))

    class Meta:
        model = ReportingRound


class PdfDocumentFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Report file {n}")
    file = factory.LazyAttribute(lambda o: ContentFile(text_pdf(o.title), name=f"{slugify(o.title)}.pdf"))

    class Meta:
        model = get_document_model()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        document = model_class(*args, **kwargs)
        # Set the size and hash now so listing pages never write to the database while rendering.
        document._set_document_file_metadata()
        document.save()
        return document


class PledgePageFactory(wagtail_factories.PageFactory):
    title = "The National Pledge"
    slug = "pledge"
    introduction = "<p>The UK's first National Pledge to reduce ethnic inequalities in mental health care.</p>"
    alliance_text = "<p>The Alliance brings signatories together.</p>"

    class Meta:
        model = PledgePage


class SignatoryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Signatories"
    slug = "signatories"

    class Meta:
        model = SignatoryIndexPage


class SignatoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Example Organisation {n:04d} (fictional)")
    role = Role.PLEDGE_MAKER
    organisation_type = OrganisationType.NHS_TRUST
    region = Region.LONDON
    date_signed = datetime.date(2020, 8, 5)
    is_fictional_example = True

    class Meta:
        model = SignatoryPage


class SignatoryLeaderFactory(factory.django.DjangoModelFactory):
    signatory = factory.SubFactory(SignatoryPageFactory)
    name = factory.Sequence(lambda n: f"Leader {n}")
    job_title = "Chief Executive"

    class Meta:
        model = SignatoryLeader


class ReportIndexPageFactory(wagtail_factories.PageFactory):
    title = "Reports"
    slug = "reports"

    class Meta:
        model = ReportIndexPage


class ReportPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Progress report {n}")
    kind = ReportKind.PROGRESS
    publication_date = datetime.date(2021, 5, 25)
    summary = "What the organisation did."

    class Meta:
        model = ReportPage


class ReportFileFactory(factory.django.DjangoModelFactory):
    report = factory.SubFactory(ReportPageFactory)
    document = factory.SubFactory(PdfDocumentFactory)

    class Meta:
        model = ReportFile


class CommitmentResponseFactory(factory.django.DjangoModelFactory):
    report = factory.SubFactory(ReportPageFactory)
    commitment = factory.SubFactory(CommitmentFactory)
    response = "<p>What we did.</p>"

    class Meta:
        model = CommitmentResponse
