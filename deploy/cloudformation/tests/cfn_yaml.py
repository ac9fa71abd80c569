"""A YAML loader for CloudFormation templates.

CloudFormation's short forms (!Ref, !Sub, !GetAtt, ...) are YAML tags that PyYAML's safe loader refuses. This
loader turns each into the long form CloudFormation itself uses (`!Ref X` -> {"Ref": "X"}, `!GetAtt A.B` ->
{"Fn::GetAtt": ["A", "B"]}, `!Sub ...` -> {"Fn::Sub": ...}), so tests read templates exactly as the service would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

# Short tag -> long key. !Ref and !Condition keep their bare names, every other function is "Fn::<Name>".
_FUNCTIONS = {
    "Ref": "Ref",
    "Condition": "Condition",
    "Sub": "Fn::Sub",
    "GetAtt": "Fn::GetAtt",
    "Join": "Fn::Join",
    "Select": "Fn::Select",
    "Split": "Fn::Split",
    "If": "Fn::If",
    "Equals": "Fn::Equals",
    "Not": "Fn::Not",
    "And": "Fn::And",
    "Or": "Fn::Or",
    "FindInMap": "Fn::FindInMap",
    "GetAZs": "Fn::GetAZs",
    "ImportValue": "Fn::ImportValue",
    "Base64": "Fn::Base64",
    "Cidr": "Fn::Cidr",
    "Transform": "Fn::Transform",
    "ToJsonString": "Fn::ToJsonString",
    "Length": "Fn::Length",
}


class CfnLoader(yaml.SafeLoader):
    """SafeLoader plus the CloudFormation short forms."""


def _construct(loader: CfnLoader, tag_suffix: str, node: yaml.Node) -> dict[str, Any]:
    if tag_suffix not in _FUNCTIONS:
        raise yaml.constructor.ConstructorError(None, None, f"unknown CloudFormation tag !{tag_suffix}", node.start_mark)
    key = _FUNCTIONS[tag_suffix]
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
        if tag_suffix == "GetAtt":
            # !GetAtt Resource.Attribute (the attribute may itself contain dots: Outputs.Name, Endpoint.Address)
            resource, _, attribute = value.partition(".")
            value = [resource, attribute]
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {key: value}


CfnLoader.add_multi_constructor("!", _construct)


def load(text: str) -> Any:
    return yaml.load(text, Loader=CfnLoader)  # noqa: S506 - CfnLoader is a SafeLoader subclass


def load_file(path: str | Path) -> Any:
    return load(Path(path).read_text(encoding="utf-8"))
