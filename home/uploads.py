"""Upload checks for the document and image libraries: the content decides, not the file name.

Wired in with WAGTAILDOCS_DOCUMENT_FORM_BASE and WAGTAILIMAGES_IMAGE_FORM_BASE. A file is
accepted only when its extension is allowed and its bytes are really that kind of file, so a
web page renamed to report.pdf, an SVG with script in it or a program is refused with a
message the editor can act on. An image is also refused when it has more pixels than
WAGTAILIMAGES_MAX_IMAGE_PIXELS, read from its header: a small file can hold a picture that
takes gigabytes to decode.
"""

import csv
import io
import os
import warnings
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

import filetype
from PIL import Image, UnidentifiedImageError

from .blocks import human_size

DOCUMENT_TYPES = {
    "pdf": "PDF",
    "docx": "Word document (.docx)",
    "odt": "OpenDocument text (.odt)",
    "xlsx": "Excel spreadsheet (.xlsx)",
    "csv": "CSV spreadsheet",
}
IMAGE_TYPES = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WebP", "avif": "AVIF"}
IMAGE_MIME = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "avif": "image/avif",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# How much of a CSV we read to decide it is one: enough for a real check, bounded for memory.
CSV_SAMPLE_BYTES = 2 * 1024 * 1024


def extension_of(name):
    return os.path.splitext(name or "")[1].lstrip(".").lower()


def read_head(uploaded, length):
    uploaded.seek(0)
    head = uploaded.read(length)
    uploaded.seek(0)
    return head


def zip_names(uploaded):
    """The entry names of a zip container, or None when it is not a readable zip."""
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        uploaded.seek(0)


def is_pdf(uploaded):
    kind = filetype.guess(read_head(uploaded, 8192))
    return kind is not None and kind.mime == "application/pdf"


def is_ooxml(uploaded, main_part):
    names = zip_names(uploaded)
    return names is not None and "[Content_Types].xml" in names and main_part in names


def is_odt(uploaded):
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = archive.namelist()
            # The OpenDocument spec puts an uncompressed 'mimetype' entry first.
            return bool(names) and names[0] == "mimetype" and archive.read("mimetype").strip() == ODT_MIMETYPE
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return False
    finally:
        uploaded.seek(0)


def is_csv(uploaded):
    """CSV has no magic number: text that decodes, holds no binary or markup, and parses as rows."""
    head = read_head(uploaded, CSV_SAMPLE_BYTES)
    if not head.strip() or b"\x00" in head or filetype.guess(head) is not None:
        return False
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = head.decode("cp1252")  # what Excel on Windows writes
        except UnicodeDecodeError:
            return False
    if text.lstrip()[:1] == "<":  # HTML, XML or SVG pretending to be a spreadsheet
        return False
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text):
        return False
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        return False
    return bool(rows)


DOCUMENT_CHECKS = {
    "pdf": is_pdf,
    "docx": lambda f: is_ooxml(f, "word/document.xml"),
    "xlsx": lambda f: is_ooxml(f, "xl/workbook.xml"),
    "odt": is_odt,
    "csv": is_csv,
}


def allowed_list(types):
    return ", ".join(sorted(set(types.values()), key=str.lower))


def check_size(uploaded, limit):
    if limit and uploaded.size > limit:
        raise ValidationError(
            f"This file is {human_size(uploaded.size)}; the largest file you can upload is {human_size(limit)}. "
            "Make it smaller (for a PDF, save it 'reduced size') and try again.",
            code="file_too_large",
        )


def check_document(uploaded):
    """Raise ValidationError unless the upload is an allowed document whose content matches its name."""
    check_size(uploaded, getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None))
    extension = extension_of(uploaded.name)
    if extension not in DOCUMENT_TYPES:
        raise ValidationError(
            f"Files ending .{extension or '(none)'} cannot be uploaded. Allowed: {allowed_list(DOCUMENT_TYPES)}.",
            code="file_type_not_allowed",
        )
    if not DOCUMENT_CHECKS[extension](uploaded):
        raise ValidationError(
            f"This file's name says it is a {DOCUMENT_TYPES[extension]}, but its content is not. "
            "Open it in the program that made it, save it again as that type, and upload the new file.",
            code="file_content_mismatch",
        )


def check_image(uploaded):
    """Raise ValidationError unless the upload is a JPEG, PNG, WebP or AVIF whose content matches its name."""
    check_size(uploaded, getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", None))
    extension = extension_of(uploaded.name)
    if extension not in IMAGE_TYPES:
        raise ValidationError(
            f"Files ending .{extension or '(none)'} cannot be uploaded as images. "
            f"Allowed: {allowed_list(IMAGE_TYPES)}.",
            code="file_type_not_allowed",
        )
    kind = filetype.guess(read_head(uploaded, 8192))
    if kind is None or kind.mime != IMAGE_MIME[extension]:
        raise ValidationError(
            f"This file's name says it is a {IMAGE_TYPES[extension]} image, but its content is not. "
            "Export the picture again as JPEG, PNG, WebP or AVIF and upload the new file.",
            code="file_content_mismatch",
        )
    check_pixels(uploaded, getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None))


def image_pixels(uploaded):
    """(width, height, frames) from the image's header, without decoding it; None when Pillow cannot read it."""
    uploaded.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns (and past twice its own limit raises) on huge images: we give our own answer.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(uploaded) as picture:
                width, height = picture.size
                return width, height, getattr(picture, "n_frames", 1)
    except Image.DecompressionBombError:
        return Image.MAX_IMAGE_PIXELS * 2, 1, 1  # more than Pillow will ever open
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None
    finally:
        uploaded.seek(0)


def check_pixels(uploaded, limit):
    size = image_pixels(uploaded)
    if size is None:
        raise ValidationError(
            "This picture cannot be read. Export it again as JPEG, PNG, WebP or AVIF and upload the new file.",
            code="invalid_image",
        )
    width, height, frames = size
    if limit and width * height * frames > limit:
        shown = f"{width:,} × {height:,} pixels" if height > 1 else "far too many pixels"
        raise ValidationError(
            f"This picture is {shown} ({width * height * frames / 1e6:,.0f} million pixels); the largest the "
            f"site accepts is {limit / 1e6:,.0f} million (for example 7,700 × 5,200). Make it smaller (2,400 pixels "
            "wide is plenty for the web) and upload it again. Nothing was saved.",
            code="file_too_many_pixels",
        )


class CheckedUploadMixin:
    """Runs the content check on a newly chosen file; an unchanged file on edit is left alone."""

    check = None

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded is not None and "file" in self.changed_data and hasattr(uploaded, "read"):
            type(self).check(uploaded)
        return uploaded


class DocumentUploadForm(CheckedUploadMixin, BaseDocumentForm):
    check = staticmethod(check_document)


class ImageUploadForm(CheckedUploadMixin, BaseImageForm):
    check = staticmethod(check_image)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            # Wagtail's field would refuse too many pixels first, with a terse message; check_pixels
            # refuses the same images (WAGTAILIMAGES_MAX_IMAGE_PIXELS) and tells the editor what to do.
            self.fields["file"].max_image_pixels = None
