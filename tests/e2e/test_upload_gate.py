"""A resident's session, not signed in, on a page with no uploader (the map), sends 150 MB to
Streamlit's upload route with its own session id: the app refuses it with a sentence before
reading the body (web/upload_gate.py), and the instance's memory does not grow.  Without the gate,
Streamlit itself refuses the 150 MB (server.maxUploadSize is the photo limit) but keeps a 10 MB
file from this session in memory (204): the gate refuses that too."""
from __future__ import annotations

import re
import select
import socket
from urllib.parse import urlparse

import pytest

from tests.e2e import driver

pytestmark = pytest.mark.e2e

MB = 1024 * 1024
UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def rss_kb(pid: int) -> int:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def send_upload(url: str, session_id: str, size: int, xsrf: str) -> tuple[int, str, int]:
    """PUT `size` bytes as one multipart file, as the browser's uploader would (with the page's own XSRF
    cookie and header); stops sending once the server has answered.  Returns (status, body, bytes sent)."""
    address = urlparse(url)
    boundary = "----e2e-boundary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.jpg\"\r\n"
            "Content-Type: image/jpeg\r\n\r\n").encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    length = len(head) + size + len(tail)
    request = (f"PUT /_stcore/upload_file/{session_id}/e2e-file HTTP/1.1\r\nHost: {address.netloc}\r\n"
               f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {length}\r\n"
               f"Cookie: _streamlit_xsrf={xsrf}\r\nX-Xsrftoken: {xsrf}\r\n\r\n").encode()
    sent, answer = 0, b""
    with socket.create_connection((address.hostname, address.port), timeout=30) as conn:
        conn.sendall(request + head)
        chunk = b"\xff" * MB
        while sent < size:
            if select.select([conn], [], [], 0)[0]:
                break  # answered already: it did not wait for the body
            try:
                conn.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(chunk)
        if sent >= size:
            try:
                conn.sendall(tail)
            except (BrokenPipeError, ConnectionResetError):
                pass  # answered and closed before the last bytes: the answer is still there to read
        conn.settimeout(30)
        try:
            while not _complete(answer):
                part = conn.recv(65536)
                if not part:
                    break
                answer += part
        except (ConnectionResetError, TimeoutError):
            pass
    status = int(answer.split(b" ", 2)[1]) if answer else 0
    return status, answer.split(b"\r\n\r\n", 1)[-1].decode(errors="replace"), sent


def _complete(answer: bytes) -> bool:
    if b"\r\n\r\n" not in answer:
        return False
    head, body = answer.split(b"\r\n\r\n", 1)
    length = re.search(rb"(?i)content-length: *(\d+)", head)
    return len(body) >= (int(length.group(1)) if length else 0)


def test_a_session_with_no_uploader_sending_150_mb_is_refused_and_memory_does_not_grow(ward_app, phone_page):
    frames: list[bytes] = []
    phone_page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(
        payload if isinstance(payload, bytes) else payload.encode())))
    driver.open_app(phone_page, ward_app, "/")  # the map: no uploader, nobody signed in
    ids = list(dict.fromkeys(m.decode() for frame in frames for m in UUID.findall(frame)))
    assert ids, "the page's websocket carried no session id"
    xsrf = next(c["value"] for c in phone_page.context.cookies() if c["name"] == "_streamlit_xsrf")
    before = rss_kb(ward_app.process.pid)
    for session_id in ids:  # the session's own id among them: every one is refused the same way
        for size in (150 * MB, 10 * MB):  # over the app's limit, and a photo's size under it
            status, body, sent = send_upload(ward_app.url, session_id, size, xsrf)
            assert (status, "the upload was refused" in body) == (403, True), (session_id, size, status, body)
    grown_mb = (rss_kb(ward_app.process.pid) - before) / 1024
    assert grown_mb < 8, f"the instance grew by {grown_mb:.0f} MB"  # a 10 MB file kept would be more


def test_a_walker_s_session_may_upload_on_record_a_walk_and_not_once_it_has_left_the_page(ward_app, phone_page):
    from tests.e2e import scenes
    from tests.e2e.accounts import signed_in

    walk = scenes.plan(ward_app, "Upload gate walk (e2e)", route=scenes.ROUTE[:1])
    try:
        frames: list[bytes] = []
        phone_page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(
            payload if isinstance(payload, bytes) else payload.encode())))
        driver.open_app(phone_page, ward_app, "/report")
        driver.open_sidebar(phone_page)
        signed_in(phone_page, ward_app, "cwg")
        driver.open_sidebar(phone_page)
        driver.go_to(phone_page, "Record a walk", "Record a walk")  # the stop form's photo box
        xsrf = next(c["value"] for c in phone_page.context.cookies() if c["name"] == "_streamlit_xsrf")
        ids = list(dict.fromkeys(m.decode() for frame in frames for m in UUID.findall(frame)))
        taken = [i for i in ids if send_upload(ward_app.url, i, MB, xsrf)[0] == 204]
        assert len(taken) == 1  # its own session, and no other id
        driver.open_sidebar(phone_page)
        driver.go_to(phone_page, "Safety map", "Regent's Park ward safety map")  # the same session, on a page with no file box
        status, body, _ = send_upload(ward_app.url, taken[0], MB, xsrf)
        assert status == 403 and "the upload was refused" in body
    finally:
        scenes.complete(ward_app, walk, publish=False)
