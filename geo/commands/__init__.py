"""One module per `python -m geo` command."""
