"""Errors a user can cause.  Each carries a sentence fit to show on screen."""


class WardError(Exception):
    """Base for every error whose message is written for the person who caused it."""


class DataError(WardError):
    """A data file is missing, unreadable or does not follow its format."""


class PermissionDenied(WardError):
    """The signed-in role may not make this change."""


class InvalidInput(WardError):
    """A form value is out of range, too long or not one of the choices."""


class StoreUnavailable(WardError):
    """The database cannot be reached just now; nothing was read or written."""


class StaleEdit(WardError):
    """Someone else changed the record since the editor opened it.  Carries the
    record as saved now: `current` (a geo.model.Site) and `review` (its GatingReview)."""

    def __init__(self, message: str, current=None, review=None):
        super().__init__(message)
        self.current = current
        self.review = review


class Unchanged(WardError):
    """A save that would change no field: nothing was written."""

    def __init__(self, message: str = "Nothing to save: no field differs from what is saved."):
        super().__init__(message)


class PasswordChangeRequired(PermissionDenied):
    """The password was right, but it was a one-time password from an administrator:
    a new one must be chosen before anything else.  `ticket` lets the sign-in box
    finish (Accounts.choose_password) without asking for the one-time password again."""

    def __init__(self, message: str, name: str, ticket: str):
        super().__init__(message)
        self.name = name
        self.ticket = ticket
