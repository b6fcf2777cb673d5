"""An image with more pixels than the site takes is refused at upload, with a message, and nothing is kept."""

import io
import os

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.images import get_image_model

import pytest
from PIL import Image

from home.uploads import check_image
from tests.uploads.huge import huge_png

SiteImage = get_image_model()
MESSAGE = "11,000 × 11,000 pixels"


@pytest.fixture(scope="module")
def png_121_megapixels():
    return huge_png(11_000, 11_000)


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("comms", "comms@example.org", "a-long-test-password")
    client.force_login(user)
    return user


def media_files():
    return sorted(
        os.path.join(folder, name) for folder, _dirs, names in os.walk(settings.MEDIA_ROOT) for name in names
    )


def test_the_test_file_is_small_but_really_121_megapixels(png_121_megapixels, monkeypatch):
    assert len(png_121_megapixels) < 100_000
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)  # only here, to prove the file is what it says
    with Image.open(io.BytesIO(png_121_megapixels)) as picture:
        assert picture.size == (11_000, 11_000)
        picture.verify()


def test_admin_add_form_refuses_it_with_a_message_and_saves_nothing(client, editor, png_121_megapixels):
    before = media_files()
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Huge", "alt_text": "Nothing", "file": SimpleUploadedFile("huge.png", png_121_megapixels)},
    )
    assert response.status_code == 200  # the form again, with the error
    text = response.content.decode()
    assert MESSAGE in text
    assert "the largest the site accepts is 40 million" in text
    assert not SiteImage.objects.exists()
    assert media_files() == before


def test_multiple_upload_refuses_it_too(client, editor, png_121_megapixels):
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("huge.png", png_121_megapixels)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert MESSAGE in response.json()["error_message"]
    assert not SiteImage.objects.exists()


def test_a_picture_just_under_the_limit_is_accepted(client, editor, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1_000_000
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Wide", "alt_text": "A wide strip", "file": SimpleUploadedFile("wide.png", huge_png(1000, 1000))},
    )
    assert response.status_code == 302
    assert SiteImage.objects.get().width == 1000


def test_one_pixel_over_is_refused(client, editor, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1_000_000
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Wide", "alt_text": "A wide strip", "file": SimpleUploadedFile("wide.png", huge_png(1001, 1000))},
    )
    assert "1,001 × 1,000 pixels" in response.content.decode()
    assert not SiteImage.objects.exists()


def test_past_pillows_own_limit_it_is_refused_without_opening_it(png_121_megapixels):
    """Behind Wagtail's form too: check_image alone refuses a 400-megapixel file Pillow will not open."""
    with pytest.raises(Exception, match="too many pixels|million pixels"):
        check_image(SimpleUploadedFile("bigger.png", huge_png(20_000, 20_000)))
    with pytest.raises(Exception, match="million pixels"):
        check_image(SimpleUploadedFile("huge.png", png_121_megapixels))
