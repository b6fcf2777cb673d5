"""Demo content for the newsroom: the Centre's press release of May 2021 and generic Centre news.

Only public facts about the pledge (copied into the items below) and the release's own
text (news/demo_content/press-release.txt). Nothing is attributed to anyone except the two
quotes the release itself contains. Idempotent: everything is looked up before it is created.
"""

import datetime
import io
import random
import zoneinfo
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.files.images import ImageFile

from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from PIL import Image, ImageDraw

from home.demo import get_or_create_child
from home.models import SiteImage

from .models import NewsIndexPage, NewsPage, NewsPageRelatedLink, PressContact, Topic

LONDON = zoneinfo.ZoneInfo("Europe/London")
SEED_RELEASE = Path(__file__).parent / "demo_content" / "press-release.txt"
SEED_IMAGE_TITLE = "Colourful silhouettes (demo image)"
SEED_IMAGE_ALT = "Colourful silhouette of different figures"

TOPICS = {
    "national-pledge": "National Pledge",
    "progress-reports": "Progress reports",
    "pledge-alliance": "Pledge Alliance",
}

NOTES_TO_EDITORS = (
    "<p>The Synergi Collaborative Centre works to reduce ethnic inequalities in mental health care. "
    "In August 2020 it launched the UK's first National Pledge to reduce ethnic inequalities in mental "
    "health care.</p>"
)


def when(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=LONDON)


def paragraph(text):
    return ("paragraph", f"<p>{text}</p>")


# Generic Centre news built only from the public facts in the seed README.
OTHER_ITEMS = [
    {
        "slug": "national-pledge-launches",
        "title": "The UK's first National Pledge to reduce ethnic inequalities in mental health care launches",
        "standfirst": "About 30 senior leaders and organisations have signed the National Pledge, launched today "
        "by the Synergi Collaborative Centre.",
        "display_date": when(2020, 8, 5),
        "topics": ["national-pledge"],
        "body": [
            paragraph(
                "The National Pledge to reduce ethnic inequalities in mental health care launched on 5 August "
                "2020 with about 30 inaugural signatories."
            ),
            paragraph(
                "Senior leaders of NHS mental health trusts, commissioners and public bodies sign as Pledge "
                "Makers. NGOs, voluntary and community groups and activists sign as Pledge Supporters."
            ),
        ],
    },
    {
        "slug": "the-seven-commitments-of-the-national-pledge",
        "title": "The seven commitments of the National Pledge",
        "standfirst": "What every organisation that signs the National Pledge commits to, from service-level "
        "change to reporting on progress.",
        "display_date": when(2020, 8, 5, 10),
        "topics": ["national-pledge"],
        "body": [
            paragraph("Signatories of the National Pledge commit to:"),
            (
                "paragraph",
                "<ol><li>initiate fundamental service-level changes in access, experience and outcomes;</li>"
                "<li>measure, monitor and report the inequalities and the progress made;</li>"
                "<li>work in partnership with local ethnic minority communities, service users and community "
                "agencies;</li><li>provide national leadership;</li><li>ensure inclusive, sustainable local "
                "change;</li><li>support timely, progressive research and policy development;</li>"
                "<li>contribute to a biannual progress update as part of a 'Statement of Intent'.</li></ol>",
            ),
        ],
    },
    {
        "slug": "what-a-progress-report-contains",
        "title": "What a Pledge Maker's progress report contains",
        "standfirst": "Each Pledge Maker's report answers each of the seven commitments and sets out its next "
        "steps for the following six months.",
        "display_date": when(2021, 5, 25, 10),
        "topics": ["progress-reports"],
        "body": [
            paragraph(
                "The inaugural progress reports were published on 25 May 2021: 28 of the 33 signatories reported."
            ),
            paragraph(
                "Each Pledge Maker's report answered each of the seven commitments, set out next steps for the "
                "following six months, and restated its statement of intent."
            ),
        ],
    },
    {
        "slug": "synergi-national-pledge-alliance-launched",
        "title": "Synergi National Pledge Alliance launched at a virtual symposium",
        "standfirst": "The Synergi National Pledge Alliance was launched at a virtual symposium on 25 November 2021.",
        "display_date": when(2021, 11, 25),
        "topics": ["pledge-alliance", "national-pledge"],
        "body": [
            paragraph(
                "The Alliance brings the pledge's signatories together to share learning and challenges, and to "
                "build collaborative leadership for change."
            ),
        ],
    },
    {
        "slug": "second-round-of-progress-reports",
        "title": "Second round of Pledge Makers' progress reports published",
        "standfirst": "Pledge Makers published their second round of progress reports in November 2021.",
        # The month is public; the day is the end of that month, for ordering only.
        "display_date": when(2021, 11, 30),
        "topics": ["progress-reports"],
        "body": [
            paragraph(
                "The second round of progress reports from the pledge's signatories was published in "
                "November 2021, six months after the inaugural round."
            ),
        ],
    },
    {
        "slug": "third-round-of-progress-reports",
        "title": "Third round of progress reports published",
        "standfirst": "The third round of progress reports from National Pledge signatories was published in "
        "July 2022.",
        # The month is public; the day is the end of that month, for ordering only.
        "display_date": when(2022, 7, 29),
        "topics": ["progress-reports"],
        "body": [
            paragraph(
                "In July 2022 the pledge's signatories published their third round of progress reports, each "
                "answering the seven commitments and setting out next steps for the following six months."
            ),
        ],
    },
]


def seed_release_parts():
    """The release's text split into its parts; fails loudly if the copied text changes shape."""
    paragraphs = [p.strip() for p in SEED_RELEASE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    headline, image_alt, standfirst, reveal, bhui_intro, bhui_quote, support, _more = paragraphs[:8]
    francis_intro, francis_quote, next_steps, background_heading, background = paragraphs[8:13]
    if image_alt != SEED_IMAGE_ALT or background_heading != "Background":
        raise ValueError(f"{SEED_RELEASE} is not in the expected shape")

    def attribution(intro):
        # 'Joy Francis, Co-Director, …, said:' -> 'Joy Francis, Co-Director, …'
        return " ".join(intro.split()).removesuffix(":").removesuffix(" said").rstrip(",").strip()

    def unquote(text):
        return text.strip().strip("'").strip()

    return {
        "headline": headline,
        "standfirst": standfirst,
        "paragraphs": [reveal, support, next_steps],
        "quotes": [
            {"quote": unquote(bhui_quote), "attribution": attribution(bhui_intro)},
            {"quote": unquote(francis_quote), "attribution": attribution(francis_intro)},
        ],
        "background": background,
    }


def load_topics():
    topics = {}
    for slug, name in TOPICS.items():
        topics[slug], _ = Topic.objects.get_or_create(slug=slug, defaults={"name": name})
    return topics


def load_press_contact():
    contact, _ = PressContact.objects.get_or_create(
        email="press@example.org",
        defaults={"name": "Press office", "role": "Synergi Collaborative Centre", "phone": "01234 567890"},
    )
    return contact


def make_silhouettes_png(width=1600, height=900):
    """Colourful abstract figures, drawn with Pillow, seeded so every load draws the same picture."""
    rng = random.Random(2021)  # noqa: S311 - a picture, not a secret
    palette = [(91, 42, 134), (230, 57, 70), (244, 162, 97), (42, 157, 143), (38, 70, 83), (233, 196, 106)]
    picture = Image.new("RGB", (width, height), (243, 241, 238))
    draw = ImageDraw.Draw(picture)
    for _ in range(14):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(60, 260)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.choice(palette[3:]))
    figures = 9
    for i in range(figures):
        colour = palette[i % len(palette)]
        cx = int((i + 0.5) * width / figures) + rng.randrange(-30, 30)
        scale = rng.uniform(0.8, 1.15)
        head = int(55 * scale)
        top = height - int(560 * scale)
        draw.ellipse((cx - head, top, cx + head, top + 2 * head), fill=colour)
        draw.rounded_rectangle(
            (cx - int(95 * scale), top + 2 * head + 15, cx + int(95 * scale), height + 40),
            radius=int(80 * scale),
            fill=colour,
        )
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def load_seed_image():
    image = SiteImage.objects.filter(title=SEED_IMAGE_TITLE).first()
    if image is None:
        image = SiteImage(title=SEED_IMAGE_TITLE, alt_text=SEED_IMAGE_ALT, credit="Demo image drawn for this site")
        image.file = ImageFile(io.BytesIO(make_silhouettes_png()), name="colourful-silhouettes.png")
        image.save()
    return image


def load_workflow(index):
    """'Comms sign-off': an editor submits, a moderator approves and the release is published."""
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    task = GroupApprovalTask.objects.filter(name="Moderator approval").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Moderator approval")
        task.groups.set([moderators])
    workflow, _ = Workflow.objects.get_or_create(name="Comms sign-off")
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def load(home_page):
    topics = load_topics()
    contact = load_press_contact()
    index = get_or_create_child(
        home_page,
        NewsIndexPage,
        "news",
        title="News",
        show_in_menus=True,
        introduction="Press releases and news from the Synergi Collaborative Centre. Journalists: each release "
        "names its press contact.",
    )
    pages = {}
    for item in OTHER_ITEMS:
        fields = {key: value for key, value in item.items() if key not in ("slug", "topics")}
        pages[item["slug"]] = add_release(
            index, item["slug"], topics=[topics[s] for s in item["topics"]], contact=contact, fields=fields
        )

    seed = seed_release_parts()
    launch = pages["national-pledge-launches"]
    intro, support, next_steps = seed["paragraphs"]
    body = [
        paragraph(intro),
        ("quote", seed["quotes"][0]),
        paragraph(support),
        ("quote", seed["quotes"][1]),
        paragraph(next_steps),
        ("heading", {"text": "Background", "level": "h2"}),
        ("paragraph", f'<p><a linktype="page" id="{launch.pk}">{seed["background"]}</a></p>'),
    ]
    release = add_release(
        index,
        "senior-leaders-report-progress-on-ethnic-inequalities",
        topics=[topics["progress-reports"], topics["national-pledge"]],
        contact=contact,
        fields={
            "title": seed["headline"],
            "standfirst": seed["standfirst"],
            # The release looks ahead to October and November 2021 and reports the inaugural
            # progress reports, published on 25 May 2021: its date is that day.
            "display_date": when(2021, 5, 25),
            "featured_image": load_seed_image(),
            "body": body,
        },
        related=[launch, pages["what-a-progress-report-contains"]],
    )
    pages[release.slug] = release
    load_workflow(index)
    return index


def add_release(index, slug, *, topics, contact, fields, related=()):
    """A live release under the index, created once with its topics and related links."""
    existing = index.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = NewsPage(slug=slug, press_contact=contact, notes_to_editors=NOTES_TO_EDITORS, **fields)
    page.topics.set(topics)
    page.related_links = [NewsPageRelatedLink(related_page=other) for other in related]
    index.add_child(instance=page)
    page.save_revision().publish()
    return page
