"""The WSGI entry point: gunicorn wsgi:app (see the Makefile and README)."""
from portal.app import create_app

app = create_app()
