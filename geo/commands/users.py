"""`python -m geo users ACTION`: staff accounts.

    users add NAME --role planning|pcda|admin --password-stdin [--email EMAIL]
    users list
    users disable NAME | users enable NAME
    users role NAME planning|pcda|admin
    users reset NAME     prints a one-time password; a new one must be chosen at the next sign-in
    users unlock NAME    lets the account try its password again at once

The command line acts as the local Operator (geo.roles): an administrator
without an account, since whoever can run it owns the server.  A refused
change (name taken, unknown role, short password) prints one line on stderr
and exits 1."""
from __future__ import annotations

import argparse
import getpass
import sys

from geo.errors import InvalidInput
from geo.model import User
from geo.roles import Operator


def cli_user() -> Operator:
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "unknown"
    return Operator(f"command line ({who})")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add a staff account", description="Add a staff account.")
    add.add_argument("name", help="sign-in name: 1 to 64 letters, digits, '.', '_', '@' or '-'")
    add.add_argument("--role", required=True, metavar="ROLE",
                     help="planning, pcda, admin, community_safety, cwg or partner")
    add.add_argument("--team", default=None, metavar="TEAM",
                     help="the partner team the account belongs to, by id (e.g. snt); required for partner")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of standard input (else it is asked for)")
    add.add_argument("--email", default=None, help="email that single sign-on reports for this person (optional)")
    actions.add_parser("list", help="list accounts", description="List staff accounts.")
    for action, help_ in (("disable", "stop an account signing in and end its sessions' rights"),
                          ("enable", "let a disabled account sign in again"),
                          ("reset", "replace the password with a one-time password, printed once"),
                          ("unlock", "let an account locked after wrong passwords try again now")):
        actions.add_parser(action, help=help_, description=help_[0].upper() + help_[1:] + ".").add_argument("name")
    role = actions.add_parser("role", help="change an account's role", description="Change an account's role.")
    role.add_argument("name")
    role.add_argument("role", metavar="ROLE", help="planning, pcda or admin")


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
    from geo.sites.ward import load_ward

    if args.action == "add":  # refuse bad values before touching the database
        name, role = check_name(args.name), check_role(args.role)
        password = check_password(_password(args.password_stdin))
    if args.action == "role":
        role = check_role(args.role)
    config = settings.load()
    with open_store(config, load_ward(config.data_dir)) as store:
        accounts, me = store.accounts, cli_user()
        if args.action == "add":
            user = accounts.add_user(me, name, role, password, email=args.email, team=args.team)
            print(f"Added {user.name}, {user.role.label}" + (f", team {user.team}." if user.team else "."))
        elif args.action == "disable":
            user = accounts.disable_user(me, args.name)
            print(f"Disabled {user.name}; they can no longer sign in or make changes.")
        elif args.action == "enable":
            user = accounts.enable_user(me, args.name)
            print(f"Enabled {user.name}; they can sign in again.")
        elif args.action == "role":
            user = accounts.set_role(me, args.name, role)
            print(f"{user.name} is now {user.role.label}.")
        elif args.action == "reset":
            temporary = accounts.reset_password(me, args.name)
            print(f"One-time password for {args.name}: {temporary}\n"
                  "Give it to them in person; it is not shown again. They choose a new password when they sign in.")
        elif args.action == "unlock":
            accounts.unlock(me, args.name)
            print(f"Unlocked {args.name}; they can try their password again now.")
        else:
            _print_users(accounts.list_users(), accounts.sign_in_locks())
    return 0


def _state(user: User, locks: dict) -> str:
    if user.disabled:
        return "disabled"
    state = "must-change-password" if user.must_change_password else "active"
    return f"{state},locked-until-{locks[user.name]:%H:%M}UTC" if user.name in locks else state


def _print_users(users: list[User], locks: dict) -> None:
    if not users:
        print("No accounts yet. Add one: python -m geo users add NAME --role admin --password-stdin")
        return
    rows = [("NAME", "ROLE", "STATE", "EMAIL")] + [
        (u.name, u.role.value, _state(u, locks), u.email or "") for u in users]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[3])
