"""Sign-in limits behind a proxy on another host (geo/proxies.py, ui/chrome.py client_id).

The app is started with TRUSTED_PROXIES=127.0.0.2, and a proxy listens on that second
loopback address, connecting on to the app from it, as nginx on another server would:
the app sees every visitor come from one address, 127.0.0.2, with X-Forwarded-For naming
the visitor.  Five wrong passwords from one forwarded visitor lock that visitor out of the
name, and another forwarded visitor still signs in with it.  (Before the setting, every
visitor was 127.0.0.2, and the five locked the name for all of them.)"""
from __future__ import annotations

import socket
import threading
from contextlib import closing

import pytest
from playwright.sync_api import expect

from tests.e2e import accounts, driver, server
from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.e2e

PROXY_HOST = "127.0.0.2"


class Proxy:
    """A TCP proxy on PROXY_HOST that reaches the app from PROXY_HOST (each visitor's browser
    writes its own X-Forwarded-For here, as nginx would write it for them)."""

    def __init__(self, upstream_port: int):
        self.upstream = ("127.0.0.1", upstream_port)
        self.listener = socket.create_server((PROXY_HOST, 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                visitor, _ = self.listener.accept()
            except OSError:  # closed
                return
            app = socket.create_connection(self.upstream, source_address=(PROXY_HOST, 0))
            for source, sink in ((visitor, app), (app, visitor)):
                threading.Thread(target=_pipe, args=(source, sink), daemon=True).start()

    def close(self) -> None:
        self.listener.close()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    with closing(source), closing(sink):
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass


@pytest.fixture
def proxied_app(tmp_path):
    with server.running(server.ROOT / "app.py", tmp_path / "state", env={"TRUSTED_PROXIES": PROXY_HOST}) as app:
        proxy = Proxy(int(app.url.rsplit(":", 1)[1]))
        yield app, f"http://{PROXY_HOST}:{proxy.port}"
        proxy.close()


@pytest.fixture
def visitor(browser):
    """A phone behind the proxy, known to the app by the address the proxy forwards for it."""
    contexts = []

    def make(address: str):
        context = browser.new_context(**PHONE, extra_http_headers={"X-Forwarded-For": address})
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _open_sign_in(page, url: str):
    page.goto(url + accounts.SIGN_IN_PAGE[0])
    page.get_by_role("heading", level=1, name=accounts.SIGN_IN_PAGE[1]).wait_for(timeout=30_000)
    driver.wait_until_idle(page)
    driver.open_sidebar(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Staff sign-in").click()
    return sidebar


def _try(sidebar, name: str, password: str) -> None:
    sidebar.get_by_label("Account name", exact=True).fill(name)
    sidebar.get_by_label("Password", exact=True).fill(password)
    sidebar.get_by_role("button", name="Sign in").click()
    expect(sidebar.get_by_label("Password", exact=True)).to_have_value("")  # the form cleared: it was sent
    driver.wait_until_idle(sidebar.page)


def test_five_wrong_passwords_from_one_forwarded_visitor_do_not_lock_out_another(proxied_app, visitor):
    app, proxy_url = proxied_app
    account = accounts.add_account(app, "planning")
    guesser = _open_sign_in(visitor("203.0.113.7"), proxy_url)
    for _ in range(5):
        _try(guesser, account.name, "not the password")
    expect(guesser.get_by_text("Wrong name or password.")).to_be_visible()
    _try(guesser, account.name, account.password)  # the guesser's budget for the name is spent
    expect(guesser.get_by_text("Sign-in with this name is locked after too many wrong passwords")).to_be_visible()

    owner_page = visitor("198.51.100.20")
    owner = _open_sign_in(owner_page, proxy_url)
    _try(owner, account.name, account.password)
    expect(owner.get_by_text(f"Signed in as {account.name}")).to_be_visible()
    driver.screenshot(owner_page, "proxy-second-visitor-signed-in")
