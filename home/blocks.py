"""StreamField blocks shared by every page type's body."""

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

# Only what the design needs: no inline images or raw HTML in running text.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


def file_summary(document):
    """'PDF, 1.2 MB': a document's type and size for link text."""
    extension = document.file_extension.upper() or "File"
    try:
        size = document.get_file_size() or 0
    except OSError:
        size = 0
    return f"{extension}, {human_size(size)}"


def human_size(num_bytes):
    if num_bytes < 1024:
        return f"{num_bytes} bytes"
    if num_bytes < 1024 * 1024:
        return f"{num_bytes / 1024:.0f} KB"
    return f"{num_bytes / (1024 * 1024):.1f} MB"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120, help_text="A short heading for the next part of the page.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading"), ("h3", "Sub-heading")],
        default="h2",
        help_text="Use 'Section heading' for main parts and 'Sub-heading' inside them.",
    )

    class Meta:
        icon = "title"
        template = "components/blocks/heading.html"
        description = "A heading that starts a new part of the page"
        preview_value = {"text": "Background", "level": "h2"}


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(help_text="The words exactly as said or written, without quotation marks.")
    attribution = blocks.CharBlock(
        required=False, max_length=200, help_text="Who said it and their role, e.g. 'Joy Francis, Co-Director'."
    )

    class Meta:
        icon = "openquote"
        template = "components/blocks/quote.html"
        description = "A quotation with the name of the person quoted"
        preview_value = {
            "quote": "There is a great deal more to do, but it is an encouraging start.",
            "attribution": "Joy Francis, Co-Director, Synergi Collaborative Centre",
        }


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(help_text="The image's alt text is set in the image library.")
    caption = blocks.CharBlock(required=False, max_length=250, help_text="Shown under the image.")

    class Meta:
        icon = "image"
        template = "components/blocks/image.html"
        description = "A picture across the width of the text, with an optional caption"


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, help_text="A few words that sum up the call-out.")
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, help_text="One or two sentences.")

    class Meta:
        icon = "pick"
        template = "components/blocks/callout.html"
        description = "A highlighted box that draws attention to something important"
        preview_value = {
            "heading": "Join the pledge",
            "text": "<p>Organisations can sign the National Pledge at any time.</p>",
        }


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(help_text="Upload PDFs and other files to the document library first.")
    label = blocks.CharBlock(
        required=False, max_length=200, help_text="Link text; the document's title when left blank."
    )

    class Meta:
        icon = "doc-full"
        template = "components/blocks/document.html"
        description = "A download link that shows the file's type and size"


class VideoEmbedBlock(EmbedBlock):
    """A video from YouTube or Vimeo; shown behind a consent placeholder."""

    class Meta:
        icon = "media"
        template = "components/blocks/embed.html"
        description = "A video from YouTube or Vimeo, loaded only when the visitor allows it"


class BodyStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="components/blocks/paragraph.html",
        description="Running text",
        preview_value="<p>Progress reports show greater investment to tackle ethnic inequalities.</p>",
    )
    heading = HeadingBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    embed = VideoEmbedBlock()
    callout = CalloutBlock()
    document = DocumentBlock()


class LinkBlock(blocks.StructBlock):
    """A link to a page on this site or to another address."""

    label = blocks.CharBlock(max_length=60, help_text="The words people click.")
    page = blocks.PageChooserBlock(required=False, help_text="A page on this site…")
    url = blocks.URLBlock(required=False, help_text="…or a full web address. Give one, not both.")

    class Meta:
        icon = "link"
        template = "components/blocks/link.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError("Choose a page or enter a web address, not both.")}
            )
        return value
