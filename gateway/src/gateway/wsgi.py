from gateway.app import create_app
from servicekit.config import Settings
from servicekit.logging import configure_logging

_settings = Settings.from_env("gateway")
configure_logging("gateway", _settings.log_level, _settings.log_json)
app = create_app(_settings)
