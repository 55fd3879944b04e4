"""First start: fill an empty database from the ward's data files.

`init-db` and the app's first start call `seed_from_ward`; it reads the
files named in ward.json, checks them as an import would, and hands them to
the store, which loads them only while the database has no sites."""
from __future__ import annotations

from geo.errors import DataError


def ward_crime_rows(ward) -> list[tuple[str, str, str, int]]:
    """The crime counts in the ward's crime file, or none when ward.json names no such file."""
    if not ward.files.get("crime"):
        return []
    from geo.crime.offences import parse_crime_csv

    path = ward.path("crime")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise DataError(f"The crime file {path.name} could not be read: {exc.strerror}.") from None
    return parse_crime_csv(text, ward.code, name=path.name)


def seed_from_ward(store, ward, plan=None) -> bool:
    """Load the ward's sites, crime counts and action plan into an empty store.  True if it loaded
    them, False if the store already had sites (then only an empty action plan is filled: a
    database from before the plan was kept in it)."""
    from geo.plan.action_plan import load_plan
    from geo.sites.sites_file import load_sites

    if store.sites():
        if not store.plan().commitments:
            store.load_plan((plan if plan is not None else load_plan(ward.path("plan"))).commitments)
        _seed_teams(store, ward)
        return False
    plan = plan if plan is not None else load_plan(ward.path("plan"))
    reason = f"First start: loaded from {ward.path('sites').name}."
    loaded = store.load_initial(load_sites(ward, plan), ward_crime_rows(ward), reason, plan.commitments)
    _seed_teams(store, ward)
    return loaded


def _seed_teams(store, ward) -> None:
    """The partner teams and which commitments they lead, into a store with none (ward.json's "teams")."""
    if ward.files.get("teams"):
        from geo.plan.teams import load_teams

        store.load_teams(load_teams(ward.path("teams")))
