"""What changed, as an Atom 1.0 feed (RFC 4287): one for the ward, one per site.

`changes_feed` is pure: public history entries in, the feed's UTF-8 bytes
out, built with xml.etree so every text is escaped.  One entry per change,
newest first, one per save; its title and content are the words "What
changed" shows (geo.history, the one place a change becomes words), its
author the team that made it, never the staff account.  Ids are `urn:uuid:`s
made from the ward code and the save's first history id, so they stay the
same wherever the app is served.  The licence is a `rights` element and a
`link rel="license"` (RFC 4946).
"""
from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from collections.abc import Iterable, Sequence

from geo.history import Entry, entries
from geo.model import Change, Site, iso_utc

ATOM = "http://www.w3.org/2005/Atom"
_EPOCH = "1970-01-01T00:00:00Z"  # `updated` of a feed with no entries
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # characters XML 1.0 forbids


@dataclass(frozen=True)
class FeedLinks:
    """Where the feed is (`self`) and the page a person would read instead (`alternate`); absolute URLs."""

    self: str
    alternate: str


def team(ward) -> str:
    """Who the feed says wrote it."""
    return f"{ward.name} ward safety map team"


def changes_feed(changes: Iterable[Change], *, ward, sites: Sequence[Site], links: FeedLinks,
                 site_id: str | None = None, commitment_id: str | None = None) -> bytes:
    """The feed of `changes` (public ones only: the caller reads them with include_partners=False)
    for the ward, or for the one site or commitment given.  `sites` are the current sites."""
    saves = entries(changes, sites)
    names = {s.site_id: s.name for s in sites}
    ET.register_namespace("", ATOM)
    feed = ET.Element(_tag("feed"))
    place = (names.get(site_id, site_id) if site_id else
             f"commitment {commitment_id.upper()}" if commitment_id else f"{ward.name} ward")
    _text(feed, "id", _urn(ward.code, "changes", site_id or (f"commitment:{commitment_id}" if commitment_id else "")))
    _text(feed, "title", f"What changed: {place}")
    _text(feed, "subtitle", f"Changes to the {ward.name} ward safety map, newest first.")
    _text(feed, "updated", iso_utc(max(e.when for e in saves)) if saves else _EPOCH)
    _author(feed, ward)
    _link(feed, "self", links.self, "application/atom+xml")
    _link(feed, "alternate", links.alternate, "text/html")
    if ward.licence is not None:
        _text(feed, "rights", f"{ward.licence.name}: {ward.licence.url}")
        _link(feed, "license", ward.licence.url)
    for save in saves:
        _entry(feed, save, ward, links.alternate)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _entry(feed: ET.Element, save: Entry, ward, alternate: str) -> None:
    entry = ET.SubElement(feed, _tag("entry"))
    _text(entry, "id", _urn(ward.code, "change", str(save.ref)))
    _text(entry, "title", f"{save.site}: {save.summary}")
    _text(entry, "updated", iso_utc(save.when))
    _text(entry, "published", iso_utc(save.when))
    _text(ET.SubElement(entry, _tag("author")), "name", save.who)
    _link(entry, "alternate", alternate, "text/html")
    why = f" Why: {save.reason}" if save.reason else ""
    _text(entry, "content", f"{save.day_text}, {save.site}. {save.summary}.{why}").set("type", "text")


def _tag(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def _text(parent: ET.Element, name: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, _tag(name))
    element.text = _NOT_XML.sub("", value)
    return element


def _author(parent: ET.Element, ward) -> None:
    _text(ET.SubElement(parent, _tag("author")), "name", team(ward))


def _link(parent: ET.Element, rel: str, href: str, media_type: str | None = None) -> None:
    link = ET.SubElement(parent, _tag("link"), rel=rel, href=href)
    if media_type:
        link.set("type", media_type)


def _urn(*parts: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, "urn:ward-safety-map:" + ":".join(parts)).urn
