"""Domain errors raised by services. Views show them as messages, the API as 4xx answers."""


class DomainError(Exception):
    """A business rule refused the action. The message is for the user, in Vietnamese."""

    code = "domain_error"
    http_status = 400

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        if code:
            self.code = code


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"
    http_status = 409


class NotPermitted(DomainError):
    code = "not_permitted"
    http_status = 403
