"""Links are bound to a revision. A link made before this shows the release's latest revision at migration time."""

import django.db.models.deletion
from django.db import migrations, models


def bind_existing_links(apps, schema_editor):
    EmbargoLink = apps.get_model("newsdesk", "EmbargoLink")
    Page = apps.get_model("wagtailcore", "Page")
    for link in EmbargoLink.objects.filter(revision__isnull=True):
        revision_id = Page.objects.filter(pk=link.page_id).values_list("latest_revision_id", flat=True).first()
        if revision_id is None:
            link.delete()  # nothing it could show
        else:
            EmbargoLink.objects.filter(pk=link.pk).update(revision_id=revision_id)


class Migration(migrations.Migration):
    dependencies = [
        ("newsdesk", "0001_initial"),
        ("wagtailcore", "0091_remove_revision_submitted_for_moderation"),
    ]

    operations = [
        migrations.AddField(
            model_name="embargolink",
            name="revision",
            field=models.ForeignKey(
                editable=False,
                help_text="The version of the release the link shows, whatever is saved after it.",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="wagtailcore.revision",
            ),
        ),
        migrations.RunPython(bind_existing_links, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="embargolink",
            name="revision",
            field=models.ForeignKey(
                editable=False,
                help_text="The version of the release the link shows, whatever is saved after it.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="wagtailcore.revision",
            ),
        ),
        migrations.AddField(
            model_name="embargolink",
            name="ends_at_go_live",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Made to end at go-live: if the release is rescheduled, the link ends at the new time.",
            ),
        ),
        migrations.AddField(
            model_name="embargolink",
            name="revoked_because",
            field=models.CharField(blank=True, editable=False, max_length=120),
        ),
    ]
