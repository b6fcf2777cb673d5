"""Topics and press contacts: lists comms staff manage in the admin without a developer."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import PressContact, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Topics"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]
    copy_view_enabled = False


class PressContactViewSet(SnippetViewSet):
    model = PressContact
    icon = "user"
    menu_label = "Press contacts"
    list_display = ["name", "role", "email", "phone"]
    list_export = ["name", "role", "email", "phone"]
    search_fields = ["name", "role", "email"]
    ordering = ["name"]


class NewsroomViewSetGroup(SnippetViewSetGroup):
    items = (TopicViewSet, PressContactViewSet)
    menu_icon = "doc-full"
    menu_label = "Newsroom"
    menu_name = "newsroom"


register_snippet(NewsroomViewSetGroup)
