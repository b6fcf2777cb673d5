"""Demo content for this app (to be filled in with the app's own pages)."""


def load(home_page):
    return None
