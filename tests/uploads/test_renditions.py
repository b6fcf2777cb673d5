"""Renditions are made when an image is uploaded or a page using it is published, not in a visitor's request."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from wagtail.images import get_image_model

import pytest
from django_tasks_db.models import DBTaskResult
from PIL import Image

from home.factories import SiteImageFactory
from home.renditions import ALL_SPECS, OPEN_GRAPH, RENDITION_SETS, STRUCTURED_DATA
from news.factories import NewsIndexPageFactory, NewsPageFactory

SiteImage = get_image_model()
Rendition = SiteImage.get_rendition_model()


def jpeg(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (120, 40, 140)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("comms", "comms@example.org", "a-long-test-password")
    client.force_login(user)
    return user


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


def upload(client, django_capture_on_commit_callbacks):
    """An editor adds a picture in the admin; the transaction commits (and its after-commit work runs)."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailimages:add"),
            {
                "title": "Launch",
                "alt_text": "People at the launch",
                "file": SimpleUploadedFile("launch.jpg", jpeg(1600, 1000)),
            },
        )
    assert response.status_code == 302
    return SiteImage.objects.get()


def draft_release(news_index, image):
    """A release using the image twice (featured and in the body), saved as a draft, not yet published."""
    return NewsPageFactory(
        parent=news_index,
        title="The pledge's first year",
        featured_image=image,
        body=[("image", {"image": image, "caption": "At the launch"})],
        live=False,
    )


def publish(release, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        release.save_revision().publish()


def anonymous_get(client, url):
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_an_upload_makes_every_rendition_the_site_shows(client, editor, django_capture_on_commit_callbacks):
    image = upload(client, django_capture_on_commit_callbacks)
    assert sorted(image.renditions.values_list("filter_spec", flat=True)) == sorted(ALL_SPECS)
    assert all(rendition.width <= 1200 for rendition in image.renditions.all())


def test_after_upload_and_publish_the_first_anonymous_request_makes_no_rendition(
    client, editor, news_index, django_capture_on_commit_callbacks
):
    image = upload(client, django_capture_on_commit_callbacks)
    release = draft_release(news_index, image)
    publish(release, django_capture_on_commit_callbacks)
    before = Rendition.objects.count()

    html = anonymous_get(client, release.url) + anonymous_get(client, news_index.url)

    assert Rendition.objects.count() == before
    # The pages did show them: the picture in every format and width, and the link-preview image.
    for spec in [*RENDITION_SETS["featured"], OPEN_GRAPH]:
        assert image.renditions.get(filter_spec=spec).url in html
    assert 'property="og:image" content="http://localhost/media/images/' in html


def test_publishing_makes_the_renditions_of_an_image_that_had_none(
    client, editor, news_index, django_capture_on_commit_callbacks
):
    image = SiteImageFactory(file__width=1600, file__height=1000)  # e.g. one uploaded before this change
    assert not image.renditions.exists()
    release = draft_release(news_index, image)
    publish(release, django_capture_on_commit_callbacks)
    assert sorted(image.renditions.values_list("filter_spec", flat=True)) == sorted(ALL_SPECS)

    before = Rendition.objects.count()
    anonymous_get(client, release.url)
    assert Rendition.objects.count() == before


def test_without_them_a_visitors_request_would_make_renditions(client, news_index):
    """The control: a live page whose image's renditions were never made makes them while the visitor waits."""
    image = SiteImageFactory(file__width=1600, file__height=1000)
    release = NewsPageFactory(parent=news_index, featured_image=image)
    anonymous_get(client, release.url)
    # The picture, the link-preview image and the three structured-data crops.
    assert Rendition.objects.filter(image=image).count() == len(RENDITION_SETS["featured"]) + 1 + len(STRUCTURED_DATA)


def test_with_the_database_queue_the_worker_makes_them_after_the_upload(
    client, live_home_page, django_user_model, settings
):
    """As in production on PostgreSQL: the upload only queues the task; `manage.py db_worker` makes the renditions."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(django_user_model.objects.create_superuser("comms", "comms@example.org", "a-long-password"))
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Launch", "alt_text": "People at the launch", "file": SimpleUploadedFile("a.jpg", jpeg(1600, 1000))},
    )
    assert response.status_code == 302
    image = SiteImage.objects.get()
    assert not image.renditions.exists()  # the editor did not wait for them
    queued = DBTaskResult.objects.filter(task_path="home.renditions.make_renditions")
    assert [task.status for task in queued] == ["READY"]

    call_command("db_worker", batch=True, startup_delay=False, interval=0.1)

    assert sorted(image.renditions.values_list("filter_spec", flat=True)) == sorted(ALL_SPECS)
    assert [task.status for task in queued.all()] == ["SUCCESSFUL"]
