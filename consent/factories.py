from django.utils import timezone

import factory
import wagtail_factories

from .models import Category, ConsentRecord, CookieDeclaration, CookiesPage


class CookiesPageFactory(wagtail_factories.PageFactory):
    title = "Cookies"
    slug = "cookies"
    introduction = "How this website uses cookies."

    class Meta:
        model = CookiesPage


class CookieDeclarationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"cookie_{n}")
    provider = "This website"
    purpose = "A test cookie."
    duration = "1 year"
    category = Category.ESSENTIAL

    class Meta:
        model = CookieDeclaration


class ConsentRecordFactory(factory.django.DjangoModelFactory):
    consent_id = factory.Faker("hexify", text="^" * 32, upper=False)
    policy_version = 1
    decision = ConsentRecord.Decision.ACCEPT
    functional = True
    analytics = True
    marketing = True
    method = ConsentRecord.Method.BANNER_JS
    gpc = False
    banner_text_sha256 = "0" * 64
    created_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = ConsentRecord
