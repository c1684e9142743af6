pytest_plugins = ["servicekit.testing.fixtures"]
