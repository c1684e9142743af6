from servicekit.gunicorn_conf import *  # noqa: F403
from servicekit.gunicorn_conf import bind_for

bind = bind_for("programmes")
