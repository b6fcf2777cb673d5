from django.urls import path

from .feeds import NewsAtomFeed, NewsRssFeed

app_name = "news"

# Feeds live outside the page tree so a release's slug can never hide them.
urlpatterns = [
    path("feeds/news/rss/", NewsRssFeed(), name="rss"),
    path("feeds/news/atom/", NewsAtomFeed(), name="atom"),
    path("feeds/news/<slug:topic>/rss/", NewsRssFeed(), name="topic_rss"),
    path("feeds/news/<slug:topic>/atom/", NewsAtomFeed(), name="topic_atom"),
]
