import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_model_name(apps, schema_editor):
    EvalRun = apps.get_model("eval_suites", "EvalRun")
    for run in EvalRun.objects.filter(model_name="").only("id", "config").iterator():
        samples = (run.config or {}).get("samples") if isinstance(run.config, dict) else None
        name = str(samples.get("model") or "")[:200] if isinstance(samples, dict) else ""
        if name:
            EvalRun.objects.filter(id=run.id).update(model_name=name)


class Migration(migrations.Migration):

    dependencies = [
        ("eval_suites", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="evalrun",
            name="model_name",
            field=models.CharField(blank=True, db_index=True, default="", help_text="The model whose samples were judged (the endpoint's model), for filtering.", max_length=200),
        ),
        migrations.AddField(
            model_name="evalrun",
            name="owner",
            field=models.ForeignKey(blank=True, help_text="Who started the run; runs without one are seen by staff (or when shared).", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="eval_runs", to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name="evalrun",
            name="shared",
            field=models.BooleanField(default=False, help_text="Visible to every signed-in user."),
        ),
        migrations.RunPython(fill_model_name, migrations.RunPython.noop),
    ]
