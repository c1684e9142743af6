from programmes.app import create_app
from servicekit.logging import configure_logging

configure_logging("programmes")
app = create_app()
