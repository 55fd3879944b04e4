"""Streamlit's settings from STREAMLIT_* environment variables, under uvicorn too.

`streamlit run` reads every option from its environment variable (click's
auto_envvar_prefix, streamlit/web/cli.py); Streamlit's config module itself
reads only the secret ones (server.cookieSecret).  So under `uvicorn server:app`
STREAMLIT_SERVER_FILE_WATCHER_TYPE=none and the like were silently ignored.
`apply()` sets each option whose variable is present, converted by click as
the CLI converts it, over what .streamlit/config.toml says."""
from __future__ import annotations

import os

from geo.errors import WardError


def apply(environ: dict[str, str] | None = None) -> list[str]:
    """Set Streamlit's options from `environ` (os.environ); return the keys set."""
    import click
    from streamlit import config

    environ = os.environ if environ is None else environ
    applied = []
    for key, option in config.get_config_options().items():
        raw = environ.get(option.env_var)
        if raw is None or option.sensitive:  # Streamlit reads its secret options itself
            continue
        kind = click.types.convert_type(option.type)
        try:
            value = ([kind.convert(part, None, None) for part in raw.split()] if option.multiple
                     else kind.convert(raw, None, None))
        except click.BadParameter as exc:
            raise WardError(f"{option.env_var}={raw!r} is not a valid value for Streamlit's {key}: "
                            f"{exc.format_message()}") from None
        config.set_option(key, value, "environment variable")
        applied.append(key)
    return applied
