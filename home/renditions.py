"""The image renditions the site asks for, named once so templates, feeds, the API and any
pre-generation of renditions use the same filter specs."""

# Link previews on social media and in chat apps (Open Graph and Twitter cards).
OPEN_GRAPH = "fill-1200x630|format-jpeg"

# NewsArticle structured data: search engines ask for 16:9, 4:3 and 1:1 crops.
STRUCTURED_DATA = {
    "16x9": "fill-1200x675|format-jpeg",
    "4x3": "fill-1200x900|format-jpeg",
    "1x1": "fill-1200x1200|format-jpeg",
}

# The organisation's logo in structured data: whole, never cropped.
LOGO = "max-600x600|format-png"

# The featured image as a feed enclosure and in the syndication API.
FEED_ENCLOSURE = OPEN_GRAPH
API_RENDITIONS = {"large": "width-1200|format-jpeg", "medium": "width-800|format-jpeg", **STRUCTURED_DATA}

# Every spec above, for anything that makes renditions ahead of time.
SHARING_SPECS = sorted({OPEN_GRAPH, LOGO, *STRUCTURED_DATA.values(), *API_RENDITIONS.values()})
