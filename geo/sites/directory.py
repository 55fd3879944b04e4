"""Every site, looked up by id or number or found by what a person types.

Made once per data revision from the store's sites (the app keeps one per
revision, shared by every session), so a page with 10,000 sites asks for a
site, its number or a dozen matches without walking the whole list on each
run.  Pure: no Streamlit."""
from __future__ import annotations

from collections.abc import Sequence

from geo.model import Site
from geo.sites.summary import site_numbers


class SiteDirectory:
    """The sites in their order (the order that numbers them, from 1), read-only."""

    def __init__(self, sites: Sequence[Site]):
        self.sites: tuple[Site, ...] = tuple(sites)
        self._by_id = {s.site_id: s for s in self.sites}
        self._numbers = site_numbers(self.sites)
        self._folded = [s.name.casefold() for s in self.sites]

    def __len__(self) -> int:
        return len(self.sites)

    def __contains__(self, site_id: object) -> bool:
        return site_id in self._by_id

    def get(self, site_id: str | None) -> Site | None:
        return self._by_id.get(site_id) if site_id is not None else None

    def number(self, site_id: str) -> int:
        """Its number on the map, in the sites table and in the progress report."""
        return self._numbers[site_id]

    def names(self) -> dict[str, str]:
        """{site id: name}, in the sites' order."""
        return {s.site_id: s.name for s in self.sites}

    def label(self, site_id: str) -> str:
        """"12. Lindale play area": the number its marker shows, then its name."""
        return f"{self._numbers[site_id]}. {self._by_id[site_id].name}"

    def find(self, text: str, *, limit: int) -> list[Site]:
        """At most `limit` sites matching `text`, best first: the site of that number, then names
        starting with it, then names containing it, each group in the sites' order; case is ignored
        and every word must appear.  Blank text finds the first `limit` sites."""
        words = text.casefold().split()
        if not words:
            return list(self.sites[:limit])
        exact = []
        joined = " ".join(words)
        if joined.isdigit() and 1 <= int(joined) <= len(self.sites):
            exact = [self.sites[int(joined) - 1]]
        starts, contains = [], []
        for site, name in zip(self.sites, self._folded, strict=True):
            if len(starts) >= limit:
                break
            if all(w in name for w in words):
                (starts if name.startswith(words[0]) else contains).append(site)
        found = exact + [s for s in starts + contains if not exact or s is not exact[0]]
        return found[:limit]
