"""Optimistic editing: remember which version of a site an editor opened,
and explain a conflict when someone else saved first."""
from __future__ import annotations

from datetime import date

import streamlit as st

from geo.errors import StaleEdit, WardError
from geo.model import Site, describe_date
from geo.status import Topic
from geo.text import plain_markdown
from ui import show

_KEY = "opened_versions"


def opened_version(site: Site) -> int:
    """The version this editor opened; set the first time they open the site."""
    versions = st.session_state.setdefault(_KEY, {})
    return versions.setdefault(site.site_id, site.version)


def remember(site: Site) -> None:
    st.session_state.setdefault(_KEY, {})[site.site_id] = site.version


def forget_form(prefix: str, site: Site) -> None:
    """Drop the form's typed values and take the newer version as opened."""
    for key in [k for k in st.session_state if str(k).startswith(prefix)]:
        del st.session_state[key]
    remember(site)


def to_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def save(write, form_prefix: str) -> Site | None:
    """Run a site write.  On a conflict show the newer values, on a refusal say
    why; the form keeps what was typed either way.  The saved site, or None."""
    try:
        updated = write()
    except StaleEdit as exc:
        show_conflict(exc, form_prefix)
        return None
    except WardError as exc:
        show.error(f"Nothing was saved: {exc}")
        return None
    remember(updated)
    return updated


def show_conflict(exc: StaleEdit, form_prefix: str) -> None:
    """Say that someone saved first, show what is saved now, keep the typed values."""
    show.error(exc)
    current: Site | None = exc.current
    if current is None:
        return
    lines = [
        f"- {t.label}: “{current.state(t).status.label}” since {plain_markdown(describe_date(current.state(t).as_of))}: "
        f"{plain_markdown(current.state(t).detail)}"
        for t in Topic
    ]
    lines.append(f"- Position: {current.lat:.6f}, {current.lon:.6f} ({plain_markdown(current.position.label)})")
    st.markdown(f"**Now saved for {plain_markdown(current.name)}:**\n" + "\n".join(lines))
    st.info("Your typed values are still in the form. To edit the newer version, load it below; "
            "copy anything you want to keep first.")
    st.button("Load the newer values", key=f"reload_{form_prefix}", on_click=forget_form,
              args=(form_prefix, current))
