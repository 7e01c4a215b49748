# Production image: gunicorn serving the portal; the same image runs the Celery worker and beat.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DEBUG=false \
    DJANGO_SETTINGS_MODULE=egov.settings MEDIA_ROOT=/data/media
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
      fonts-croscore poppler-utils gettext nodejs npm \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock package.json package-lock.json ./
RUN pip install --no-cache-dir -r requirements.lock \
 && npm ci --omit=dev --no-audit --no-fund --ignore-scripts
COPY . .
# Build-time only: a throwaway key so collectstatic and compilemessages can import settings.
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput \
 && SECRET_KEY=build-only python manage.py compilemessages -v 0 \
 && useradd --system --uid 1000 portal && mkdir -p /data/media && chown -R portal /data
USER portal
EXPOSE 8000
# gunicorn.conf.py: bind, workers, timeout, access log, and no Server header
CMD ["gunicorn", "egov.wsgi:application", "--config", "gunicorn.conf.py"]
