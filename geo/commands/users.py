"""`python -m geo users add NAME --role planning|pcda|admin --password-stdin`,
`python -m geo users list`, `python -m geo users disable NAME`: staff accounts.

The command line acts as an administrator: whoever can run it owns the server.
A refused change (name taken, unknown role, short password) prints one line
on stderr and exits 1."""
from __future__ import annotations

import argparse
import getpass
import sys

from geo.errors import InvalidInput
from geo.model import User
from geo.status import Role


def cli_user() -> User:
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "unknown"
    return User(f"command line ({who})", Role.ADMIN)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add a staff account", description="Add a staff account.")
    add.add_argument("name", help="sign-in name: 1 to 64 letters, digits, '.', '_', '@' or '-'")
    add.add_argument("--role", required=True, metavar="ROLE", help="planning, pcda or admin")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of standard input (else it is asked for)")
    add.add_argument("--email", default=None, help="email that single sign-on reports for this person (optional)")
    actions.add_parser("list", help="list accounts", description="List staff accounts.")
    disable = actions.add_parser("disable", help="stop an account signing in", description="Disable an account.")
    disable.add_argument("name")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise InvalidInput("No terminal to ask for the password on; pipe it in with --password-stdin.")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Same password again: ") != first:
        raise InvalidInput("The two passwords differ; nothing was changed.")
    return first


def run(args: argparse.Namespace) -> int:
    from geo import settings
    from geo.db.accounts import check_name, check_password, check_role
    from geo.commands import open_store
    from geo.ward import load_ward

    if args.action == "add":  # refuse bad values before touching the database
        name, role = check_name(args.name), check_role(args.role)
        password = check_password(_password(args.password_stdin))
    config = settings.load()
    with open_store(config, load_ward(config.data_dir)) as store:
        if args.action == "add":
            user = store.accounts.add_user(cli_user(), name, role, password, email=args.email)
            print(f"Added {user.name}, {user.role.label}.")
        elif args.action == "disable":
            user = store.accounts.disable_user(cli_user(), args.name)
            print(f"Disabled {user.name}; they can no longer sign in.")
        else:
            _print_users(store.accounts.list_users())
    return 0


def _print_users(users: list[User]) -> None:
    if not users:
        print("No accounts yet. Add one: python -m geo users add NAME --role admin --password-stdin")
        return
    rows = [("NAME", "ROLE", "STATE", "EMAIL")] + [
        (u.name, u.role.value, "disabled" if u.disabled else "active", u.email or "") for u in users]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[3])
