"""sitemap.xml: every page an anonymous visitor may open on the site, and nothing else."""

from wagtail.contrib.sitemaps import Sitemap

from home.public import public_pages


class PublicPagesSitemap(Sitemap):
    def items(self):
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True)
        return public_pages(pages).order_by("path").defer_streamfields().specific()
