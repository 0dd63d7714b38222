"""Extensions, created bare and bound to the app in create_app()."""
from flask_babel import Babel
from flask_caching import Cache
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from portal.database import Model
from portal.schemas import ErrorSchema

db = SQLAlchemy(model_class=Model)
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()
compress = Compress()
cache = Cache()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


class PortalApi(Api):
    """flask-smorest documenting our error shape; portal.errors answers errors for the whole app."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        pass


api = PortalApi()
