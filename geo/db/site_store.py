"""New sites, inside a transaction the caller owns: the one path by which a site is
checked and added.  The store's imports and first load (geo.db.store) and the walk
book's "a new site on the map" (geo.db.walk_store) all come here, so each site
meets the rules a sites file meets (geo.checks.check_site: every field's limit, a
position inside the ward), its id and name are no other site's, and its history
is recorded, with the same sentences wherever it came from.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sqlalchemy import Connection, func, select

from geo.checks import Bounds, check_site
from geo.db import rows as db_rows, tables as t
from geo.errors import InvalidInput
from geo.model import Site, User
from geo.sites import schema


def check_sites(sites: Sequence[Site], bounds: Bounds) -> list[Site]:
    """Every site checked (check_site), and no id or name used twice among them."""
    checked = [check_site(s, bounds) for s in sites]
    check_unique(checked)
    return checked


def check_unique(sites: Sequence[Site]) -> None:
    """InvalidInput naming the ids, then the names, used more than once (names compared as
    geo.sites.schema.name_key does: case and runs of spaces do not count)."""
    ids = Counter(s.site_id for s in sites)
    dupes = sorted(i for i, n in ids.items() if n > 1)
    if dupes:
        raise InvalidInput(f"Site ids must be unique; used more than once: {', '.join(dupes)}.")
    names = Counter(schema.name_key(s.name) for s in sites)
    dupes = sorted({s.name for s in sites if names[schema.name_key(s.name)] > 1})
    if dupes:
        raise InvalidInput(f"Site names must be unique; used more than once: {', '.join(dupes)}.")


def add(conn: Connection, actor: User | None, site: Site, bounds: Bounds, reason: str) -> Site:
    """The site, checked as an import checks it and against every site there is now, added after
    the others with its history; InvalidInput, writing nothing, when it breaks a rule."""
    # Hold every site row first (PostgreSQL; SQLite already holds the write lock), as an import does:
    # a site added meanwhile is then seen by the check below, never let in beside this one.
    conn.execute(select(t.sites.c.site_id).with_for_update())
    site = check_site(site, bounds)
    check_unique([*db_rows.read_sites(conn), site])
    seq = conn.execute(select(func.coalesce(func.max(t.sites.c.seq), -1))).scalar_one() + 1
    write_new(conn, actor, site, seq, reason)
    return db_rows.read_site(conn, site.site_id)


def write_new(conn: Connection, actor: User | None, site: Site, seq: int, reason: str) -> None:
    """A site already checked (check_sites, or add) written at `seq`, with its history entry."""
    write_many(conn, actor, [(site, seq)], reason)


def write_many(conn: Connection, actor: User | None, placed: Sequence[tuple[Site, int]], reason: str) -> None:
    """write_new for many sites, (site, seq) each, in a few statements: an import of thousands."""
    db_rows.add_sites(conn, placed)
    db_rows.record_each(conn, actor, [(site.site_id, [("site", None, site.name)]) for site, _ in placed], reason)
