import datetime
import zoneinfo

import factory
import wagtail_factories

from .models import NewsIndexPage, NewsPage, PressContact, Topic

LONDON = zoneinfo.ZoneInfo("Europe/London")


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")

    class Meta:
        model = Topic
        django_get_or_create = ("slug",)


class PressContactFactory(factory.django.DjangoModelFactory):
    name = "Press office"
    role = "Synergi Collaborative Centre"
    email = "press@example.org"
    phone = "01234 567890"

    class Meta:
        model = PressContact


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "News"
    slug = "news"
    introduction = "Press releases and news from the Centre."

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    """A live release; each one a day older than the last unless display_date is given."""

    title = factory.Sequence(lambda n: f"News release {n}")
    standfirst = factory.Sequence(lambda n: f"The summary of news release {n}.")
    display_date = factory.Sequence(
        lambda n: datetime.datetime(2022, 12, 31, 12, tzinfo=LONDON) - datetime.timedelta(days=n)
    )
    press_contact = factory.SubFactory(PressContactFactory)
    body = factory.LazyFunction(lambda: [("paragraph", "<p>The body of the release.</p>")])

    class Meta:
        model = NewsPage
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            # A parental many-to-many is written to the database when the page is saved.
            self.topics.set(extracted)
            self.save()
