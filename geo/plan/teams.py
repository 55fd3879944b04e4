"""The partner teams that lead the action plan's commitments: who they are, what they do and
how the public can reach them.  data/teams.json seeds a new database (with which teams lead
which commitment); from then on the store holds them and an administrator edits them.

The public sees a team and its public contact, never a person's name."""
from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from geo.errors import DataError, InvalidInput
from geo.limits import TEAM_ID_MAX
from geo.records import TEAM

TEAM_ID = re.compile(rf"[a-z][a-z0-9_]{{1,{TEAM_ID_MAX - 1}}}")
NOT_KNOWN = "Not known: the plan gives no public contact for this team."


@dataclass(frozen=True)
class PartnerTeam:
    id: str  # e.g. "snt"; accounts and history entries name their team by it
    name: str
    does: str = ""
    phone: str = ""
    email: str = ""
    web: str = ""
    hours: str = ""
    version: int = 1

    @property
    def label(self) -> str:
        return self.name

    @property
    def contact_lines(self) -> tuple[str, ...]:
        """How the public can reach the team, one line per way; empty when nothing is known."""
        return tuple(f"{kind}: {value}" for kind, value in (
            ("Phone", self.phone), ("Email", self.email), ("Web", self.web), ("Hours", self.hours)) if value)

    @property
    def contact(self) -> str:
        return " · ".join(self.contact_lines) or NOT_KNOWN


@dataclass(frozen=True)
class TeamsFile:
    teams: tuple[PartnerTeam, ...]
    leads: dict[str, tuple[str, ...]]  # commitment id -> the ids of the teams that lead it


def check_team(team: PartnerTeam) -> PartnerTeam:
    """A team's id and fields as declared (geo.records.TEAM); each failure names the field."""
    if not isinstance(team.id, str) or not TEAM_ID.fullmatch(team.id):
        raise InvalidInput(f"Team id must be 2 to 32 lower-case letters, digits or '_', starting with a letter; "
                           f"not {team.id!r}.")
    values = {f.name: f.check(getattr(team, f.name)) for f in TEAM}
    return PartnerTeam(team.id, **values, version=team.version)


def new_team_id(name: str, taken: Collection[str]) -> str:
    """An id for a new team, made from its name ("Street Lighting" -> "street_lighting"), not one of `taken`."""
    words = re.sub(r"[^a-z0-9]+", "_", str(name).lower()).strip("_")
    stem = (words if words[:1].isalpha() else f"team_{words}".rstrip("_"))[:TEAM_ID_MAX - 4].rstrip("_")
    found, number = stem, 1
    while found in taken:
        number += 1
        found = f"{stem}_{number}"
    return found


def load_teams(path: Path) -> TeamsFile:
    """The teams file, checked; a bad file is refused naming the team and the field."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise DataError(f"The teams file {Path(path).name} cannot be read: {e}") from None
    teams = []
    for number, entry in enumerate(raw.get("teams", []), start=1):
        try:
            teams.append(check_team(PartnerTeam(
                entry.get("id"), **{f.name: entry.get(f.name) or "" for f in TEAM})))
        except (InvalidInput, AttributeError) as e:
            raise DataError(f"Team {number} in {Path(path).name}: {e}") from None
    known = {t.id for t in teams}
    if len(known) != len(teams):
        raise DataError(f"Two teams in {Path(path).name} have the same id.")
    leads = {}
    for cid, ids in (raw.get("leads") or {}).items():
        unknown = [x for x in ids if x not in known]
        if unknown:
            raise DataError(f"Commitment {cid} in {Path(path).name} is led by an unknown team {unknown[0]!r}.")
        leads[cid] = tuple(ids)
    return TeamsFile(tuple(teams), leads)
