"""Every public page, for the tests that say "every public page": read from
geo.navigation.PUBLIC_PAGES, so a page added there is tested too.

    PUBLIC_PAGES   (name, address, title) for each, in the navigation's order
    MAP_PATH       the map's address: "/", as the default page (Streamlit serves it at no other)

A page's title (its h1) is its name in the navigation unless TITLES gives it:
a new page whose title differs fails to open until it is added there."""
from __future__ import annotations

from geo import navigation

TITLES = {
    "map": "Regent's Park ward safety map",
    "plan": "Partnership Action Plan",
    "crime": "Recorded crime in the ward",
    "data": "Open data and progress reports",
    "report": "How to report a problem",
}


def title(spec: navigation.PageSpec) -> str:
    return TITLES.get(spec.url_path, spec.title)


def path(spec: navigation.PageSpec) -> str:
    return "/" if spec is navigation.DEFAULT else f"/{spec.url_path}"


PUBLIC_PAGES = [(spec.url_path, path(spec), title(spec)) for spec in navigation.PUBLIC_PAGES]
MAP_PATH = path(navigation.MAP)
