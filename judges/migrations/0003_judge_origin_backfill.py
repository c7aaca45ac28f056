from django.db import migrations


def backfill_origin(apps, schema_editor):
    Judge = apps.get_model("judges", "Judge")
    Judge.objects.filter(kind="builtin").update(origin="builtin")
    Judge.objects.exclude(kind="builtin").update(origin="package")


class Migration(migrations.Migration):
    dependencies = [("judges", "0002_generation_and_review")]

    operations = [migrations.RunPython(backfill_origin, migrations.RunPython.noop)]
