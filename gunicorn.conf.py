"""gunicorn settings for the portal's image (read from the working directory, /app, by default).

gunicorn has no setting for its `Server: gunicorn` header; naming the server and its family only helps
someone looking for a known hole, so the header is dropped from every response, error answers included."""

from gunicorn.http.wsgi import Response

bind = "0.0.0.0:8000"
workers = 3
timeout = 60
accesslog = "-"

_default_headers = Response.default_headers


def _without_server(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


Response.default_headers = _without_server
