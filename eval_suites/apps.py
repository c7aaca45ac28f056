from django.apps import AppConfig


class EvalSuitesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "eval_suites"
