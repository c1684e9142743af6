from newsletter.app import create_app
from servicekit.logging import configure_logging

configure_logging("newsletter")
app = create_app()
