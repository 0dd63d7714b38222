"""Public JSON API of the registry (flask-smorest); see /api/v1/openapi.json."""
from flask_smorest import Blueprint

blp = Blueprint("agencies_api", __name__, url_prefix="/api/v1/agencies", description="The public registry of agencies.")
