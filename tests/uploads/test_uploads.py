"""Uploads through the admin are checked by their content: wrong or oversized files are refused and not saved."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest
from PIL import Image

from home.uploads import check_document, check_image
from pledge.pdf import text_pdf

Document = get_document_model()
SiteImage = get_image_model()


def zip_of(entries, mimetype_first=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if mimetype_first is not None:
            archive.writestr(zipfile.ZipInfo("mimetype"), mimetype_first)
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def image_bytes(fmt):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "purple").save(buffer, fmt)
    return buffer.getvalue()


DOCX = zip_of({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>", "_rels/.rels": "<r/>"})
XLSX = zip_of({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>", "_rels/.rels": "<r/>"})
ODT = zip_of({"content.xml": "<office:document-content/>"}, mimetype_first="application/vnd.oasis.opendocument.text")
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200

MISMATCH = "but its content is not"
NOT_ALLOWED = "cannot be uploaded"


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("comms", "comms@example.org", "a-long-test-password")
    client.force_login(user)
    return user


def upload_document(client, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": "An upload", "file": SimpleUploadedFile(name, content), "collection": "1"},
    )


def upload_image(client, name, content):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": "A picture", "alt_text": "A purple square", "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", text_pdf("A report")),
        ("report.docx", DOCX),
        ("report.xlsx", XLSX),
        ("report.odt", ODT),
        ("figures.csv", "Organisation,Region\nExample Trust,London\nCafé Group,Wales\n".encode()),
        ("excel.csv", "Name;Città\nA;B\n".encode("cp1252")),
    ],
)
def test_allowed_documents_are_saved(client, editor, name, content):
    response = upload_document(client, name, content)
    assert response.status_code == 302, response.content.decode()[:3000]
    document = Document.objects.get()
    assert document.file_extension == name.rsplit(".", 1)[1]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", HTML, MISMATCH),  # a web page renamed .pdf
        ("report.html", HTML, NOT_ALLOWED),
        ("logo.svg", SVG, NOT_ALLOWED),
        ("setup.exe", EXE, NOT_ALLOWED),
        ("report.pdf", EXE, MISMATCH),
        ("bundle.zip", DOCX, NOT_ALLOWED),
        ("report.docx", zip_of({"readme.txt": "hello"}), MISMATCH),  # a plain zip named .docx
        ("report.docx", XLSX, MISMATCH),  # a spreadsheet named .docx
        ("report.xlsx", DOCX, MISMATCH),
        ("report.odt", zip_of({"content.xml": "x"}, mimetype_first="application/zip"), MISMATCH),
        ("report.odt", text_pdf("x"), MISMATCH),
        ("data.csv", HTML, MISMATCH),
        ("data.csv", text_pdf("x"), MISMATCH),
        ("data.csv", b"a,b\n\x00\x01\x02,c\n", MISMATCH),
        ("data.csv", b" \n\n", MISMATCH),
        ("data.csv", b"", "The submitted file is empty"),
        ("report", text_pdf("x"), NOT_ALLOWED),
    ],
)
def test_refused_documents_say_why_and_save_nothing(client, editor, name, content, message):
    response = upload_document(client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()


def test_documents_over_the_size_limit_are_refused(client, editor, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    pdf = text_pdf("Big", ["x" * 80] * 30)
    assert len(pdf) > 1024
    response = upload_document(client, "big.pdf", pdf)
    assert response.status_code == 200
    assert "This file is too big (3.4\xa0KB). Maximum filesize 1.0\xa0KB." in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("photo.jpg", "JPEG"), ("photo.jpeg", "JPEG"), ("chart.png", "PNG"), ("a.webp", "WEBP"), ("a.avif", "AVIF")],
)
def test_allowed_images_are_saved(client, editor, name, fmt):
    response = upload_image(client, name, image_bytes(fmt))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert SiteImage.objects.count() == 1


# Wagtail's image field checks the format with Pillow first; these are its messages.
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.png", SVG, "Not a valid .png image. The extension does not match the file format (svg)"),
        ("photo.jpg", HTML, "Not a valid .jpeg image"),
        (
            "photo.png",
            image_bytes("JPEG"),
            "Not a valid .png image. The extension does not match the file format (jpeg)",
        ),
        ("logo.svg", SVG, "Not a supported image format. Supported formats: JPG, JPEG, PNG, WEBP, AVIF."),
        ("photo.gif", image_bytes("GIF"), "Not a supported image format."),
        ("photo.jpg", EXE, "Upload a valid image."),
    ],
)
def test_refused_images_say_why_and_save_nothing(client, editor, name, content, message):
    response = upload_image(client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SiteImage.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.png", SVG, MISMATCH),
        ("photo.png", image_bytes("JPEG"), MISMATCH),
        ("photo.webp", image_bytes("PNG"), MISMATCH),
        ("logo.svg", SVG, NOT_ALLOWED),
        ("photo.gif", image_bytes("GIF"), NOT_ALLOWED),
    ],
)
def test_image_content_check_behind_wagtails_own(name, content, message):
    """The second line of defence, for upload paths that skip Wagtail's Pillow check."""
    with pytest.raises(ValidationError, match=message):
        check_image(SimpleUploadedFile(name, content))
    check_image(SimpleUploadedFile("fine.png", image_bytes("PNG")))


def test_document_size_check_behind_wagtails_own(settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 100
    with pytest.raises(ValidationError, match="the largest file you can upload is 100 bytes"):
        check_document(SimpleUploadedFile("big.pdf", text_pdf("Big")))


def test_images_over_the_size_limit_are_refused(client, editor, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20
    assert len(image_bytes("PNG")) > 20
    response = upload_image(client, "chart.png", image_bytes("PNG"))
    assert response.status_code == 200
    assert "This file is too big" in response.content.decode()
    assert not SiteImage.objects.exists()
