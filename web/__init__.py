"""The app as an ASGI application: Streamlit's st.App with our own routes, the
security headers and a lifespan that opens the store.  Starlette lives here,
never in geo/.

    app = st.App("app.py", **web.options())     # server.py

`options()` reads the settings (environment variables) once."""
from __future__ import annotations

from geo.settings import Settings


def options(settings: Settings | None = None) -> dict:
    """The keyword arguments for st.App: routes, middleware, lifespan and exception handlers."""
    from starlette.middleware import Middleware

    from geo.errors import WardError
    from geo.settings import load
    from web.caching import LongCache
    from web.compression import CompressedFiles
    from web.fonts import LighterFonts
    from web.headers import SecurityHeaders, security_headers
    from web.request_limits import RequestLimits
    from web.upload_gate import UploadGate
    from web.private import PrivatePaths
    from web.resources import Opener
    from web import recorder
    from web.routes import routes, unavailable

    settings = settings or load()
    navigation_from_app_py()
    opener = Opener(settings)
    return {
        "routes": routes(opener) + recorder.routes(opener),  # the open data; the walk recorder and its API
        "middleware": [
            Middleware(SecurityHeaders, headers=security_headers(settings.map_tiles)),
            Middleware(LongCache),  # a year, immutable, for files whose address changes with them
            Middleware(RequestLimits),  # 414 and 431 with a sentence, before anything reads the request
            Middleware(UploadGate),  # uploads only from a signed-in session whose page shows an uploader
            Middleware(PrivatePaths),  # Streamlit's metrics for this machine's monitoring only
            Middleware(CompressedFiles),  # Streamlit's bundles gzipped when no proxy does it
            Middleware(LighterFonts),  # inside CompressedFiles: it rewrites the page before compression
        ],
        "lifespan": opener.lifespan,
        "exception_handlers": {WardError: unavailable},
    }


def navigation_from_app_py() -> None:
    """Tell Streamlit, before the first session, that app.py builds its own navigation.
    Streamlit decides once per process, at the first session, whether the app is an old
    pages/-folder one (a `pages/` beside the script; ours holds st.navigation's pages), and
    only st.navigation's first call says otherwise.  So the first session after every start
    ran as a pages/-folder app: a shared link showed "Page not found" and the form it
    drew (the sign-in) was dropped on its first submit (streamlit/streamlit#9992)."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
