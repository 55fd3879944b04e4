"""Browser contexts kept between tests, each with its one page, so that a test's first page load is
not also its browser's.

A new context starts a new renderer process, and loading Streamlit's scripts in a new renderer cost
about 3 CPU-seconds here; the same page going to the app again cost under 1.  So a test's `page` is
a warm one: the context and the tab a test before it used, wiped of what would tell it that test
had been.  Between tests a person's page goes to about:blank (its Streamlit session ends), and its
context loses its cookies, every origin's storage (service workers, IndexedDB, caches, local and
session storage), permissions, routes, the offline switch and extra pages; listeners the test added to the
page are removed.  Only the HTTP cache stays, as in any browser used before: a test that counts what
a visit downloads asks for a context of its own (the `fresh_browser` mark).

A context whose test failed, or whose page closed, is not used again."""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tests.e2e import driver


@dataclass
class Person:
    """One person's browser: a context, its page, and the URLs to other hosts it tried (refused)."""
    context: object
    page: object
    refused: list[str]
    origins: set[str] = field(default_factory=set)  # this machine's origins it has loaded from
    _listeners: dict = field(default_factory=dict)  # the page's own listeners, kept between tests


class Pool:
    """Warm contexts made with the same options (a desktop window, or a phone)."""

    def __init__(self, browser, **options):
        self.browser = browser
        self.options = options
        self._idle: list[Person] = []

    def take(self) -> Person:
        person = self._idle.pop() if self._idle else self.new()
        person.refused.clear()
        person._listeners = _listeners(person.page)
        if "viewport" in self.options:
            person.page.set_viewport_size(self.options["viewport"])
        return person

    def give_back(self, person: Person, *, reusable: bool) -> None:
        if reusable and not person.page.is_closed():
            try:
                _wipe(person)
            except driver.PlaywrightError:
                reusable = False
            else:
                self._idle.append(person)
                return
        person.context.close()

    def close(self) -> None:
        for person in self._idle:
            person.context.close()
        self._idle.clear()

    def new(self) -> Person:
        """A person in a context made now (a test marked fresh_browser closes it after)."""
        context, refused = driver.offline_context(self.browser, **self.options)
        person = Person(context, context.new_page(), refused)
        context.on("request", lambda request: _note_origin(person, request.url))
        return person


def _note_origin(person: Person, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and driver.is_local(url):
        person.origins.add(f"{parts.scheme}://{parts.netloc}")


def _listeners(page) -> dict:
    emitter = page._impl_obj  # Playwright's event emitter behind the page; the sync API has no list of listeners
    return {name: list(emitter.raw_listeners(name)) for name in emitter.event_names()}


def _wipe(person: Person) -> None:
    page, context = person.page, person.context
    emitter = page._impl_obj
    for name in emitter.event_names():
        kept = person._listeners.get(name, [])
        for listener in emitter.raw_listeners(name):
            if listener not in kept:
                emitter.remove_listener(name, listener)
    for other in context.pages:
        if other != page:
            other.close()
    page.unroute_all(behavior="ignoreErrors")
    context.unroute_all(behavior="ignoreErrors")
    context.set_offline(False)
    for origin in person.origins:  # the tab's sessionStorage outlives its navigations: cleared on each origin's page
        page.goto(f"{origin}/_stcore/health")
        page.evaluate("() => sessionStorage.clear()")
    page.goto("about:blank")  # the app's websocket is closed: its session ends as a closed tab's does
    cdp = context.new_cdp_session(page)
    try:
        for origin in person.origins:
            cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
    finally:
        cdp.detach()
    person.origins.clear()
    context.clear_cookies()
    context.clear_permissions()
    context.set_extra_http_headers({})
