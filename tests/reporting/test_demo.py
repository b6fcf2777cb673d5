"""The reporting demo: one open round for the fictional Pledge Makers, one submitted, one draft, one not started."""

from pledge import demo as pledge_demo
from reporting import demo
from reporting.models import Invitation, Report, ReportingContact, RoundWindow


def test_demo_round_is_open_fictional_and_idempotent(home_page):
    pledge_demo.load(home_page)
    demo.load(home_page)
    demo.load(home_page)
    window = RoundWindow.objects.get()
    assert window.state == RoundWindow.State.OPEN
    assert Invitation.objects.filter(window=window).count() == 3
    assert sorted(Report.objects.values_list("state", flat=True)) == ["draft", "submitted"]
    assert all(c.email.endswith("@example.org") for c in ReportingContact.objects.all())
    assert all("(fictional)" in i.signatory.title for i in Invitation.objects.select_related("signatory"))
