"""The per-environment parameter files (params/<env>.json) against the templates they feed.

`Parameters` go to root.yaml and `GlobalParameters` to global.yaml (us-east-1). A file may only name parameters
the template has, each value must satisfy the parameter's AllowedValues / AllowedPattern / bounds, and every
parameter without a default must come from the file or from the workflow (images from the build; certificate
ARNs from the GitHub environment's variables).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import cfn_yaml

HERE = Path(__file__).resolve().parent
TEMPLATE_DIR = HERE.parent
ENVIRONMENTS = ("dev", "test", "staging", "prod")
FROM_WORKFLOW = {
    "root.yaml": {"ServerImage", "InferenceImage", "AlbCertificateArn", "CloudFrontCertificateArn"},
    "global.yaml": set(),
}


def _params(env: str) -> dict:
    return json.loads((TEMPLATE_DIR / "params" / f"{env}.json").read_text(encoding="utf-8"))


def _violations(declared: dict, given: dict) -> list[str]:
    problems = []
    for key, value in given.items():
        if key not in declared:
            problems.append(f"{key}: not a parameter of the template")
            continue
        spec = declared[key]
        text = str(value)
        if "AllowedValues" in spec and text not in [str(v) for v in spec["AllowedValues"]]:
            problems.append(f"{key}={text!r}: not one of {spec['AllowedValues']}")
        if "AllowedPattern" in spec and not re.fullmatch(spec["AllowedPattern"], text):
            problems.append(f"{key}={text!r}: does not match {spec['AllowedPattern']}")
        if spec.get("Type") == "Number":
            number = float(text)
            if "MinValue" in spec and number < float(spec["MinValue"]):
                problems.append(f"{key}={text}: below {spec['MinValue']}")
            if "MaxValue" in spec and number > float(spec["MaxValue"]):
                problems.append(f"{key}={text}: above {spec['MaxValue']}")
    return problems


@pytest.mark.parametrize("env", ENVIRONMENTS)
@pytest.mark.parametrize(("section", "template"), [("Parameters", "root.yaml"), ("GlobalParameters", "global.yaml")])
def test_parameter_file_fits_its_template(env: str, section: str, template: str):
    declared = cfn_yaml.load_file(TEMPLATE_DIR / template)["Parameters"]
    given = _params(env)[section]
    assert given["EnvironmentName"] == env
    assert _violations(declared, given) == []
    missing = {k for k, v in declared.items() if "Default" not in v} - set(given) - FROM_WORKFLOW[template]
    assert missing == set()


def test_the_check_catches_a_bad_value():
    declared = cfn_yaml.load_file(TEMPLATE_DIR / "root.yaml")["Parameters"]
    problems = _violations(declared, {"EnvironmentName": "qa", "CostCenter": "coffee", "Nope": "1"})
    assert len(problems) == 3, problems


def test_the_test_environment_budget_is_the_reviews_200_dollars():
    assert _params("test")["GlobalParameters"]["MonthlyBudgetUsd"] == "200"


def test_every_environment_is_in_the_size_table():
    mapping = cfn_yaml.load_file(TEMPLATE_DIR / "root.yaml")["Mappings"]["EnvConfig"]
    assert set(mapping) == set(ENVIRONMENTS)
    keys = {frozenset(v) for v in mapping.values()}
    assert len(keys) == 1, "every environment sets the same keys"


def test_sizes_follow_the_review():
    mapping = cfn_yaml.load_file(TEMPLATE_DIR / "root.yaml")["Mappings"]["EnvConfig"]
    assert (mapping["test"]["AuroraMin"], mapping["test"]["AuroraMax"]) == (0.5, 2)
    assert (mapping["prod"]["AuroraMin"], mapping["prod"]["AuroraMax"]) == (2, 8)
    for env, row in mapping.items():
        assert 1 <= row["MinTasks"] <= row["MaxTasks"] <= 4, env
        # Graviton everywhere; Fargate Spot (which takes ARM64 tasks) everywhere but prod.
        assert row["Architecture"] == "ARM64", env
        assert row["Spot"] == ("false" if env == "prod" else "true"), env
        assert row["AcuAlarm"] < row["AuroraMax"], env
    assert mapping["prod"]["MinTasks"] >= 2, "prod keeps a task in each zone"


def test_nested_stacks_are_packaged_from_relative_paths():
    root = cfn_yaml.load_file(TEMPLATE_DIR / "root.yaml")
    stacks = {n: r for n, r in root["Resources"].items() if r["Type"] == "AWS::CloudFormation::Stack"}
    assert len(stacks) == 10
    for name, stack in stacks.items():
        url = stack["Properties"]["TemplateURL"]
        assert url.startswith("./") and (TEMPLATE_DIR / url).is_file(), name
