"""Demo content for the pledge: the real commitments and dates, with fictional example signatories.

Facts about the pledge come from the public record (the launch on 5 August 2020, the seven
commitments, the reporting rounds, the Alliance). Every signatory here is made up, says so in
its name and on its page, and its report text is placeholder text: no statement is attributed
to a real organisation. Loading twice changes nothing: pages are looked up by slug.
"""

import datetime

from django.core.files.base import ContentFile
from django.utils.text import slugify

from wagtail.documents import get_document_model
from wagtail.models import Site

from home.demo import get_or_create_child

from .models import (
    Commitment,
    CommitmentResponse,
    OrganisationType,
    PledgePage,
    PledgeSettings,
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

COMMITMENTS = [
    (
        1,
        "Change services: access, experience and outcomes",
        "Initiate fundamental service-level changes in access, experience and outcomes.",
    ),
    (2, "Measure, monitor and report", "Measure, monitor and report the inequalities and the progress made."),
    (
        3,
        "Work in partnership with communities",
        "Work in partnership with local ethnic minority communities, service users and community agencies.",
    ),
    (4, "Provide national leadership", "Provide national leadership."),
    (5, "Inclusive, sustainable local change", "Ensure inclusive, sustainable local change."),
    (6, "Support research and policy", "Support timely, progressive research and policy development."),
    (
        7,
        "Report progress every six months",
        "Contribute to a biannual progress update as part of a 'Statement of Intent'.",
    ),
]

# The month is public for the second and third rounds; the first of the month stands in for the day.
ROUNDS = [
    ("Inaugural reports", datetime.date(2021, 5, 25)),
    ("Second round reports", datetime.date(2021, 11, 1)),
    ("Third round reports", datetime.date(2022, 7, 1)),
]

PLEDGE_INTRODUCTION = (
    "<p>The National Pledge to reduce ethnic inequalities in mental health care was launched by the "
    "Synergi Collaborative Centre on 5 August 2020 with about 30 inaugural signatories. Senior leaders "
    "of NHS mental health trusts, commissioners and public bodies signed as Pledge Makers; NGOs, "
    "voluntary and community groups and activists signed as Pledge Supporters.</p>"
    "<p>The inaugural progress reports were published on 25 May 2021: 28 of the 33 signatories reported. "
    "Further rounds followed in November 2021 and July 2022. Each Pledge Maker's report answers each of "
    "the seven commitments, sets out next steps for the following six months and restates its statement "
    "of intent.</p>"
)
HOW_TO_JOIN = (
    "<p>NHS trusts, commissioners, local authorities and national bodies can sign as Pledge Makers. "
    "Voluntary and community organisations, groups and activists can sign as Pledge Supporters. "
    "Signatories publish a statement of intent and report on their progress every six months.</p>"
)
ALLIANCE = (
    "<p>The Synergi National Pledge Alliance was launched at a virtual symposium on 25 November 2021. "
    "It brings the pledge's signatories together to share what works.</p>"
)

FICTIONAL_NOTE = "A fictional example organisation, made up for this demo site."

# name, role, organisation type, region, date signed, leaders (name, job title), rounds reported in
SIGNATORIES = [
    (
        "Example Valley NHS Foundation Trust (fictional)",
        Role.PLEDGE_MAKER,
        OrganisationType.NHS_TRUST,
        Region.NORTH_WEST,
        datetime.date(2020, 8, 5),
        [("Dr Alex Example", "Chief Executive"), ("Sam Placeholder", "Director of Nursing")],
        [0, 1, 2],
    ),
    (
        "Demo Shire Mental Health NHS Trust (fictional)",
        Role.PLEDGE_MAKER,
        OrganisationType.NHS_TRUST,
        Region.NORTH_WEST,
        datetime.date(2020, 8, 5),
        [("Jordan Sample", "Chief Executive")],
        [0, 1],
    ),
    (
        "Sample City Mental Health NHS Trust (fictional)",
        Role.PLEDGE_MAKER,
        OrganisationType.NHS_TRUST,
        Region.LONDON,
        datetime.date(2020, 8, 5),
        [("Priya Demo", "Chief Executive"), ("Chris Example", "Medical Director")],
        [0, 1, 2],
    ),
    (
        "Example Borough Council (fictional)",
        Role.PLEDGE_MAKER,
        OrganisationType.LOCAL_AUTHORITY,
        Region.WEST_MIDLANDS,
        datetime.date(2020, 8, 5),
        [("Morgan Illustration", "Director of Public Health")],
        [0, 2],
    ),
    (
        "Placeholder Integrated Care Board (fictional)",
        Role.PLEDGE_MAKER,
        OrganisationType.COMMISSIONER,
        Region.YORKSHIRE,
        datetime.date(2020, 9, 14),
        [("Robin Sample", "Chief Executive")],
        [0],
    ),
    (
        "Illustrative National Health Body (fictional)",
        Role.PLEDGE_MAKER,
        OrganisationType.NATIONAL_BODY,
        Region.ENGLAND,
        datetime.date(2020, 8, 5),
        [("Taylor Example", "National Director")],
        [1, 2],
    ),
    (
        "Example Community Voices (fictional)",
        Role.PLEDGE_SUPPORTER,
        OrganisationType.VOLUNTARY,
        Region.LONDON,
        datetime.date(2020, 8, 5),
        [("Kemi Placeholder", "Founder")],
        [],
    ),
    (
        "Sample Wellbeing Collective (fictional)",
        Role.PLEDGE_SUPPORTER,
        OrganisationType.VOLUNTARY,
        Region.WALES,
        datetime.date(2021, 2, 1),
        [("Rhys Example", "Coordinator")],
        [],
    ),
    (
        "Demo Peer Support Network (fictional)",
        Role.PLEDGE_SUPPORTER,
        OrganisationType.VOLUNTARY,
        Region.SCOTLAND,
        datetime.date(2021, 6, 10),
        [("Ailsa Sample", "Chair")],
        [],
    ),
    (
        "Example Lived Experience Forum (fictional)",
        Role.PLEDGE_SUPPORTER,
        OrganisationType.OTHER,
        Region.SOUTH_WEST,
        datetime.date(2021, 11, 25),
        [("Dee Illustration", "Convenor")],
        [],
    ),
]


def load_commitments():
    for number, short_title, description in COMMITMENTS:
        Commitment.objects.get_or_create(
            number=number, defaults={"short_title": short_title, "description": description}
        )
    return {c.number: c for c in Commitment.objects.all()}


def load_rounds():
    rounds = []
    for name, date in ROUNDS:
        reporting_round, _created = ReportingRound.objects.get_or_create(name=name, defaults={"date": date})
        rounds.append(reporting_round)
    return rounds


def make_pdf_document(title, lines):
    document = get_document_model()(title=title)
    document.file = ContentFile(text_pdf(title, lines), name=f"{slugify(title)}.pdf")
    document._set_document_file_metadata()
    document.save()
    return document


def load_pledge_settings(home_page):
    site = Site.objects.filter(root_page=home_page).first() or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    pledge_settings = PledgeSettings.for_site(site)
    if not (pledge_settings.join_email or pledge_settings.join_form_url):
        pledge_settings.join_contact_name = "Pledge team (demo contact)"
        pledge_settings.join_email = "pledge@example.org"
        pledge_settings.save()


def progress_report(signatory, reporting_round, commitments, round_number):
    title = f"{reporting_round.name.replace(' reports', '')} progress report: {signatory.title}"
    placeholder = (
        "<p>Placeholder text for a fictional organisation. In a real progress report the signatory "
        "describes here what it did towards this commitment in the round's six months.</p>"
    )
    return {
        "title": title,
        "kind": ReportKind.PROGRESS,
        "publication_date": reporting_round.date,
        "summary": f"{FICTIONAL_NOTE} This example progress report shows how a report reads commitment by commitment.",
        "signatory": signatory,
        "round": reporting_round,
        "next_steps": "<p>Placeholder next steps for the following six months (fictional example).</p>",
        "files": [
            ReportFile(
                document=make_pdf_document(
                    title, [FICTIONAL_NOTE, f"Round: {reporting_round}", "Placeholder text only."]
                )
            )
        ],
        "commitment_responses": [
            CommitmentResponse(commitment=commitments[number], response=placeholder, sort_order=number)
            for number in sorted(commitments)
        ],
    }


def load(home_page):
    commitments = load_commitments()
    rounds = load_rounds()
    load_pledge_settings(home_page)
    pledge = get_or_create_child(
        home_page,
        PledgePage,
        "pledge",
        title="The National Pledge",
        show_in_menus=True,
        introduction=PLEDGE_INTRODUCTION,
        commitments_introduction="Every signatory commits to these seven things.",
        how_to_join=HOW_TO_JOIN,
        alliance_text=ALLIANCE,
    )
    directory = get_or_create_child(
        pledge,
        SignatoryIndexPage,
        "signatories",
        title="Pledge signatories",
        introduction="The organisations that have signed the pledge. On this demo site they are fictional examples.",
    )
    library = get_or_create_child(
        home_page,
        ReportIndexPage,
        "reports",
        title="Reports",
        show_in_menus=True,
        introduction="Signatories' progress reports and the Centre's papers, to read online or download.",
    )
    for name, role, organisation_type, region, date_signed, leaders, report_rounds in SIGNATORIES:
        signatory = get_or_create_child(
            directory,
            SignatoryPage,
            slugify(name),
            title=name,
            role=role,
            organisation_type=organisation_type,
            region=region,
            date_signed=date_signed,
            website=f"https://example.org/{slugify(name)}",
            is_fictional_example=True,
            statement_of_intent=(
                f"<p>{FICTIONAL_NOTE} Placeholder statement of intent: a real signatory sets out here, "
                "in its own words, what it will do to reduce ethnic inequalities in mental health care.</p>"
            ),
            leaders=[SignatoryLeader(name=n, job_title=j, sort_order=i) for i, (n, j) in enumerate(leaders)],
        )
        for round_index in report_rounds:
            reporting_round = rounds[round_index]
            slug = slugify(f"{reporting_round.name} {name}")[:250]
            if not library.get_children().filter(slug=slug).exists():
                get_or_create_child(
                    library,
                    ReportPage,
                    slug,
                    **progress_report(signatory, reporting_round, commitments, round_index),
                )
    load_briefing_papers(library)
    if home_page.pledge_callout_page_id is None:
        home_page.pledge_callout_page = pledge
        home_page.save_revision().publish()
    return pledge


BRIEFINGS = [
    (
        "briefing-inaugural-reports",
        "Briefing paper (demo placeholder): the inaugural progress reports",
        datetime.date(2021, 5, 25),
        "The inaugural progress reports were published on 25 May 2021; 28 of the 33 signatories reported. "
        "This placeholder stands in for a Centre briefing paper on the demo site.",
    ),
    (
        "briefing-pledge-alliance",
        "Briefing paper (demo placeholder): the National Pledge Alliance",
        datetime.date(2021, 11, 25),
        "The Synergi National Pledge Alliance was launched at a virtual symposium on 25 November 2021. "
        "This placeholder stands in for a Centre briefing paper on the demo site.",
    ),
]


def load_briefing_papers(library):
    for slug, title, date, summary in BRIEFINGS:
        if library.get_children().filter(slug=slug).exists():
            continue
        get_or_create_child(
            library,
            ReportPage,
            slug,
            title=title,
            kind=ReportKind.BRIEFING,
            publication_date=date,
            summary=summary,
            files=[ReportFile(document=make_pdf_document(title, [summary[:90], "Demo placeholder."]))],
        )
