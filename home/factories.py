import factory
import wagtail_factories

from .models import HomePage, SiteImage, StandardPage


class SiteImageFactory(wagtail_factories.ImageFactory):
    alt_text = factory.Sequence(lambda n: f"Test picture {n}")

    class Meta:
        model = SiteImage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Reducing ethnic inequalities in mental health care"
    introduction = "<p>The Synergi Collaborative Centre works to reduce ethnic inequalities.</p>"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    introduction = "A general page."

    class Meta:
        model = StandardPage
