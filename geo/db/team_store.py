"""The partner teams in the database, and which teams lead which commitment: the teams part of
the store.  data/teams.json fills an empty table (`seed`); administrators edit teams from then
on (Action.MANAGE_TEAMS), and the plan's editors say which teams lead a commitment.  Every
write records history; a team's edit carries the version the editor opened."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Connection, delete, insert, select, update

from geo.checks import check_version
from geo.db import rows as db_rows, tables as t
from geo.db.engine import Database
from geo.errors import InvalidInput, StaleEdit, Unchanged
from geo.model import User
from geo.plan.teams import PartnerTeam, TeamsFile, check_team
from geo.records import REASON, TEAM
from geo.roles import Action, require
from geo.status import Visibility

TEAM_FIELD = "team"  # history field of a team's entry; site_id None, new = the team as the public sees it
LEADS_FIELD = "commitment.leads"


class TeamBook:
    def __init__(self, db: Database, current: Callable[[User | None], User | None]):
        self._db = db
        self._current = current

    def teams(self) -> list[PartnerTeam]:
        with self._db.read() as conn:
            return list(read_all(conn).values())

    def team(self, team_id: str) -> PartnerTeam:
        with self._db.read() as conn:
            return read_one(conn, team_id)

    def save(self, actor: User | None, team: PartnerTeam, *, expected_version: int | None,
             reason: str = "") -> PartnerTeam:
        """Add a team (expected_version None) or change one: its name, what it does and its contact."""
        require(self._current(actor), Action.MANAGE_TEAMS)
        team, reason = check_team(team), REASON.check(reason)
        values = {f.name: getattr(team, f.name) for f in TEAM}
        with self._db.write() as conn:
            known = read_all(conn)
            old = known.get(team.id)
            if any(x.name.casefold() == team.name.casefold() for x in known.values() if x.id != team.id):
                raise InvalidInput(f"There is already a team named {team.name}; give this one another name.")
            if expected_version is None:
                if old is not None:
                    raise InvalidInput(f"There is already a team with the id {team.id}.")
                conn.execute(insert(t.teams).values(id=team.id, version=1, **values))
            else:
                check_version(expected_version)
                if old is None:
                    raise InvalidInput(f"There is no team {team.id!r}.")
                if old.version == expected_version and all(getattr(old, k) == v for k, v in values.items()):
                    raise Unchanged
                moved = conn.execute(update(t.teams).where(t.teams.c.id == team.id,
                                                           t.teams.c.version == expected_version)
                                     .values(version=t.teams.c.version + 1, **values)).rowcount
                if not moved:
                    raise StaleEdit(f"The team {old.name} was changed since you opened it. Nothing was saved.",
                                    current=old)
            db_rows.record(conn, actor, None, TEAM_FIELD, None if old is None else describe(old),
                           describe(team), reason, db_rows.utc_now(), Visibility.PUBLIC)
            return read_one(conn, team.id)


def describe(team: PartnerTeam) -> str:
    """A team as the history shows it: its name, what it does and its public contact."""
    return f"{team.name}" + (f" ({team.does})" if team.does else "") + f". Contact: {team.contact}"


def read_all(conn: Connection) -> dict[str, PartnerTeam]:
    return {r.id: PartnerTeam(r.id, **{f.name: getattr(r, f.name) for f in TEAM}, version=r.version)
            for r in conn.execute(select(t.teams).order_by(t.teams.c.name))}


def names(conn: Connection) -> dict[str, str]:
    """Each team's name by its id: how a refusal names the teams that lead a commitment."""
    return {x.id: x.name for x in read_all(conn).values()}


def read_one(conn: Connection, team_id: str) -> PartnerTeam:
    found = read_all(conn).get(team_id) if isinstance(team_id, str) else None
    if found is None:
        raise InvalidInput(f"There is no team {team_id!r}.")
    return found


def read_leads(conn: Connection) -> dict[str, tuple[str, ...]]:
    """Commitment id -> the ids of the teams that lead it."""
    leads: dict[str, list[str]] = {}
    query = select(t.commitment_leads.c.commitment_id, t.commitment_leads.c.team_id) \
        .order_by(t.commitment_leads.c.commitment_id, t.commitment_leads.c.team_id)
    for cid, team_id in conn.execute(query):
        leads.setdefault(cid, []).append(team_id)
    return {cid: tuple(ids) for cid, ids in leads.items()}


def write_leads(conn: Connection, actor: User | None, cid: str, team_ids: Sequence[str], reason: str, *,
                save_id: str | None = None) -> None:
    """Set which teams lead the commitment; each must be a known team.  With history."""
    known = read_all(conn)
    ids = tuple(dict.fromkeys(team_ids))
    unknown = [x for x in ids if x not in known]
    if unknown:
        raise InvalidInput(f"There is no team {unknown[0]!r} to lead {cid.upper()}.")
    old = read_leads(conn).get(cid, ())
    if old == ids:
        return
    conn.execute(delete(t.commitment_leads).where(t.commitment_leads.c.commitment_id == cid))
    if ids:
        conn.execute(insert(t.commitment_leads), [dict(commitment_id=cid, team_id=x) for x in ids])
    names = lambda xs: ", ".join(known[x].name for x in xs if x in known) or None  # noqa: E731
    db_rows.record(conn, actor, None, LEADS_FIELD, names(old), names(ids), reason, db_rows.utc_now(),
                   Visibility.PUBLIC, save_id, commitment_id=cid)


def seed(conn: Connection, teams: TeamsFile) -> bool:
    """Fill an empty teams table from the teams file, with the leads of the commitments the
    database has; False (nothing written) when it has teams already."""
    if conn.execute(select(t.teams.c.id).limit(1)).first() is not None:
        return False
    if teams.teams:
        conn.execute(insert(t.teams), [dict(id=x.id, version=1, **{f.name: getattr(x, f.name) for f in TEAM})
                                       for x in teams.teams])
    have = {cid for (cid,) in conn.execute(select(t.commitments.c.id))}
    rows = [dict(commitment_id=cid, team_id=x) for cid, ids in teams.leads.items() if cid in have for x in ids]
    if rows:
        conn.execute(insert(t.commitment_leads), rows)
    return True
