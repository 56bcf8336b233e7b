from django.db import migrations, models


def confirmed_before(apps, schema_editor):
    """Submissions made before this field was confirmed then (or never will be): never again."""
    Submission = apps.get_model("wagtail_ugc", "Submission")
    Submission.objects.update(confirmation_sent_at=models.F("submitted_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_ugc", "0006_submission_submitted_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="confirmation_sent_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="submission",
            name="processing_attempts",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(confirmed_before, migrations.RunPython.noop),
    ]
