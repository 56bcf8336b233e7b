from django.db import migrations, models


def told_before(apps, schema_editor):
    """Submissions decided before this field were told then (or never will be): never again."""
    Submission = apps.get_model("wagtail_ugc", "Submission")
    Submission.objects.exclude(moderation_status="pending").update(
        creator_notified_of=models.F("moderation_status")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_ugc", "0007_submission_crash_safety"),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="creator_notified_of",
            field=models.CharField(blank=True, editable=False, max_length=10),
        ),
        migrations.RunPython(told_before, migrations.RunPython.noop),
    ]
