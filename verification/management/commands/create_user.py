"""manage.py create_user USERNAME [--password-stdin | --no-password] [--staff] [--token]

A normal user of the dashboard and the API (``createsuperuser`` makes admins). The
password is asked for on a terminal, read from standard input with --password-stdin (for
scripts), or not set at all with --no-password (an API-only user, who then needs --token).
"""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Field
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = (
        "Create a user who signs in to the dashboard and uses the API; with --token, "
        "print their API token."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="", help="their e-mail address (optional)")
        source = parser.add_mutually_exclusive_group()
        source.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input",
        )
        source.add_argument(
            "--no-password",
            action="store_true",
            help="no password: the user cannot sign in to the dashboard, only use a token",
        )
        parser.add_argument(
            "--staff",
            action="store_true",
            help="staff: sees every user's runs and submissions (admins: createsuperuser)",
        )
        parser.add_argument(
            "--token", action="store_true", help="make their API token and print it"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        users = get_user_model()
        username = options["username"].strip()
        field = users._meta.get_field(users.USERNAME_FIELD)
        assert isinstance(field, Field)
        try:
            username = field.clean(username, None)
        except ValidationError as exc:
            raise CommandError(f"username {username!r}: {' '.join(exc.messages)}") from None
        if users._default_manager.filter(**{users.USERNAME_FIELD: username}).exists():
            raise CommandError(f"a user named {username!r} exists already")
        if options["no_password"] and not options["token"]:
            raise CommandError(
                "--no-password makes a user who cannot sign in: give --token too, "
                "so that they can use the API"
            )
        user = users(**{users.USERNAME_FIELD: username}, email=options["email"])
        user.is_staff = options["staff"]
        password = None if options["no_password"] else self._password(options)
        if password is not None:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as exc:
                raise CommandError(f"password refused: {' '.join(exc.messages)}") from None
        with transaction.atomic():
            if password is None:
                user.set_unusable_password()
            else:
                user.set_password(password)
            user.save()
            token = Token.objects.create(user=user) if options["token"] else None
        kind = "staff user" if user.is_staff else "user"
        self.stderr.write(f"created {kind} {username!r}")
        if token is not None:
            self.stdout.write(token.key)

    def _password(self, options: dict[str, Any]) -> str:
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
        elif sys.stdin.isatty():
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("the two passwords differ")
        else:
            raise CommandError(
                "no terminal to ask for a password on: pass --password-stdin and send it on "
                "standard input, or --no-password --token for an API-only user"
            )
        if not password:
            raise CommandError("the password is empty")
        return password
