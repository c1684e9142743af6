from gateway.adapters.orm import metadata
from servicekit.db.migrations import run_env

run_env(metadata)
