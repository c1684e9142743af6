"""The image's default gunicorn configuration (/app/gunicorn.conf.py): the app's own gunicorn.conf.py plus
the WSGI entry point, chosen by SERVICE_NAME (set from the build argument SERVICE). Kubernetes passes the
app's config and module explicitly; this file makes a plain `docker run kaufbeuren-aktiv/<app>` start too."""

import os
import runpy
from pathlib import Path

_service = os.environ["SERVICE_NAME"]
_root = Path(__file__).resolve().parent
_conf = _root / ("gateway" if _service == "gateway" else f"services/{_service}") / "gunicorn.conf.py"
globals().update({k: v for k, v in runpy.run_path(str(_conf)).items() if not k.startswith("__")})
wsgi_app = f"{_service}.wsgi:app"
