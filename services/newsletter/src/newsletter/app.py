from newsletter.bootstrap import SPEC
from servicekit.web import create_service_app


def create_app(settings=None, runtime=None):
    return create_service_app(SPEC, settings, runtime)
