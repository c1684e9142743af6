from participation.bootstrap import SPEC
from servicekit.worker import run_worker

if __name__ == "__main__":
    run_worker(SPEC)
