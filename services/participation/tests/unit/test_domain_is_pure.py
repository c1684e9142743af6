import ast
from pathlib import Path

import participation.domain as domain


def test_domain_imports_only_the_standard_library():
    allowed_prefixes = ("participation.domain", "__future__", "dataclasses", "decimal", "datetime", "re", "typing")
    for path in Path(domain.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert name.startswith(allowed_prefixes), f"{path.name} imports {name}"
