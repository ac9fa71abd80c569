"""The tagging strategy of the well-architected review, checked on every template before it is deployed.

Each template must pass (tagging.check_template finds nothing), and the check itself must fail on templates that
break the strategy in each way it can be broken (fixtures/), so a check that cannot fail is caught too. The tag
table is compared with cfn-lint's resource schemas, so a type marked untaggable that can carry tags (or a wrong
tag property) fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import cfn_yaml
import tagging

HERE = Path(__file__).resolve().parent
TEMPLATE_DIR = HERE.parent
FIXTURES = HERE / "fixtures"
TEMPLATES = sorted(p for p in TEMPLATE_DIR.glob("*.yaml") if not p.name.startswith("."))


def test_the_templates_are_found():
    names = {p.name for p in TEMPLATES}
    assert {"root.yaml", "network.yaml", "app.yaml", "global.yaml", "bootstrap.yaml"} <= names
    assert len(TEMPLATES) >= 12


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_template_follows_the_tagging_strategy(path: Path):
    template = cfn_yaml.load_file(path)
    assert template.get("Resources"), f"{path.name} has no resources"
    assert tagging.check_template(template) == []


# governance.yaml holds only Config rules, which CloudFormation cannot tag.
@pytest.mark.parametrize("path", [p for p in TEMPLATES if p.name != "governance.yaml"], ids=lambda p: p.name)
def test_template_has_tagged_resources(path: Path):
    """Guards against a table that marks everything untaggable: each template tags something."""
    template = cfn_yaml.load_file(path)
    taggable = [r for r in template["Resources"].values() if tagging.TAG_PROPERTY.get(r["Type"])]
    assert taggable, f"{path.name}: no taggable resource, so the tag check would prove nothing"


def test_a_conforming_fixture_passes():
    assert tagging.check_template(cfn_yaml.load_file(FIXTURES / "tagged.yaml")) == []


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("missing_tag_list.yaml", "Group (AWS::EC2::SecurityGroup): missing tag CostCenter"),
        ("missing_tag_map.yaml", "Parameter (AWS::SSM::Parameter): missing tag Owner"),
        ("missing_tags_property.yaml", "Check (AWS::Route53::HealthCheck): no HealthCheckTags"),
        ("missing_data_tags.yaml", "Logs (AWS::Logs::LogGroup): missing tag DataClassification"),
        ("missing_data_tags.yaml", "Logs (AWS::Logs::LogGroup): missing tag Backup"),
        ("wrong_values.yaml", "Topic: Project must be CoffeeQualityManagement, not 'SomethingElse'"),
        ("wrong_values.yaml", "Topic: tag Environment must be !Ref EnvironmentName, not 'prod'"),
        ("unclassified_type.yaml", "Queue: resource type AWS::SQS::Queue is not in the tagging table"),
    ],
)
def test_the_check_fails_a_template_that_breaks_the_strategy(fixture: str, expected: str):
    problems = tagging.check_template(cfn_yaml.load_file(FIXTURES / fixture))
    assert any(p.startswith(expected) for p in problems), problems


def test_removing_any_required_tag_from_a_real_template_is_caught():
    """Mutation test on the real network template: drop each required tag from the VPC in turn."""
    template = cfn_yaml.load_file(TEMPLATE_DIR / "network.yaml")
    vpc = template["Resources"]["Vpc"]
    original = list(vpc["Properties"]["Tags"])
    for key in tagging.REQUIRED:
        vpc["Properties"]["Tags"] = [t for t in original if t["Key"] != key]
        assert f"Vpc (AWS::EC2::VPC): missing tag {key}" in tagging.check_template(template)
    vpc["Properties"]["Tags"] = original
    assert tagging.check_template(template) == []


def test_the_loader_reads_short_forms_as_long_forms():
    doc = cfn_yaml.load(
        "a: !Ref X\n"
        "b: !GetAtt Res.Outputs.Name\n"
        "c: !Sub ['${A}', {A: !Ref B}]\n"
        "d: !If [Cond, !FindInMap [M, !Ref K, V], !Ref 'AWS::NoValue']\n"
        "e: !Select [0, !GetAZs '']\n"
        "f: !Equals [!Ref E, prod]\n"
    )
    assert doc["a"] == {"Ref": "X"}
    assert doc["b"] == {"Fn::GetAtt": ["Res", "Outputs.Name"]}
    assert doc["c"] == {"Fn::Sub": ["${A}", {"A": {"Ref": "B"}}]}
    assert doc["d"] == {"Fn::If": ["Cond", {"Fn::FindInMap": ["M", {"Ref": "K"}, "V"]}, {"Ref": "AWS::NoValue"}]}
    assert doc["e"] == {"Fn::Select": [0, {"Fn::GetAZs": ""}]}
    assert doc["f"] == {"Fn::Equals": [{"Ref": "E"}, "prod"]}


def test_the_loader_refuses_unknown_tags():
    with pytest.raises(Exception, match="unknown CloudFormation tag"):
        cfn_yaml.load("a: !Bogus x\n")


def test_every_type_used_is_classified():
    used = {r["Type"] for p in TEMPLATES for r in cfn_yaml.load_file(p)["Resources"].values()}
    assert used - set(tagging.TAG_PROPERTY) == set()


def _schema_tag_properties(rtype: str) -> dict[str, str]:
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

    schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema("ap-southeast-1", rtype).schema
    return {
        name: prop.get("type", "")
        for name, prop in schema.get("properties", {}).items()
        if name in {"Tags", "ResourceTags", "HealthCheckTags"}
    }


@pytest.mark.parametrize("rtype", sorted(tagging.TAG_PROPERTY))
def test_the_table_agrees_with_the_resource_schema(rtype: str):
    found = _schema_tag_properties(rtype)
    spec = tagging.TAG_PROPERTY[rtype]
    if spec is None:
        assert found == {}, f"{rtype} can carry tags ({found}); classify it as taggable"
    else:
        prop, shape = spec
        assert prop in found, f"{rtype} has no {prop} property (has {found})"
        assert found[prop] == ("array" if shape == tagging.LIST else "object")
