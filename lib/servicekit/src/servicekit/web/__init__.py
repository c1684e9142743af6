from servicekit.web.app import create_service_app
from servicekit.web.problems import Problem, problem

__all__ = ["create_service_app", "Problem", "problem"]
