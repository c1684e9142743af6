from participation.app import create_app
from servicekit.logging import configure_logging

configure_logging("participation")
app = create_app()
