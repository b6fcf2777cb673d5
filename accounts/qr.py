"""The enrolment QR code as inline SVG: drawn on the server, so the secret never leaves the page."""

import qrcode
import qrcode.image.svg


def qr_svg(data):
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4)
    return image.to_string(encoding="unicode")
