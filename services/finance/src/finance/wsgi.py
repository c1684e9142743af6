from finance.app import create_app
from servicekit.logging import configure_logging

configure_logging("finance")
app = create_app()
