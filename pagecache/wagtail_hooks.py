from wagtail import hooks


# Before Wagtail's own privacy check, which answers a private page with its password or login form.
@hooks.register("before_serve_page", order=-100)
def keep_private_pages_out_of_the_cache(page, request, serve_args, serve_kwargs):
    """A page behind Wagtail's Privacy setting (its own or an ancestor's) is never stored, nor its form."""
    if page.get_view_restrictions().exists():
        request.pagecache_private = True
