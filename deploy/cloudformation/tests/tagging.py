"""The review's tagging strategy as a check over a parsed template.

Every taggable resource carries Project (CoffeeQualityManagement), Environment, Owner, CostCenter, Component and
ManagedBy (cloudformation); resources that hold data also carry DataClassification, and those whose data could be
lost also carry Backup. `TAG_PROPERTY` is the table of every resource type the templates use: the property that
carries its tags and its shape (a list of {Key, Value}, or a map of key to value), or None for a type that cannot
be tagged. A type missing from the table is an error, so a new type must be classified before it is used.
"""

from __future__ import annotations

from typing import Any

LIST = "list"
MAP = "map"

# type -> (tag property, shape), or None when CloudFormation offers no tags for the type.
TAG_PROPERTY: dict[str, tuple[str, str] | None] = {
    "AWS::ApplicationAutoScaling::ScalableTarget": None,
    "AWS::ApplicationAutoScaling::ScalingPolicy": None,
    "AWS::Budgets::Budget": ("ResourceTags", LIST),
    "AWS::CE::AnomalyMonitor": ("ResourceTags", LIST),
    "AWS::CE::AnomalySubscription": ("ResourceTags", LIST),
    "AWS::CloudFormation::Stack": ("Tags", LIST),
    "AWS::CloudFront::CachePolicy": None,
    "AWS::CloudFront::Distribution": ("Tags", LIST),
    "AWS::CloudFront::OriginAccessControl": None,
    "AWS::CloudFront::ResponseHeadersPolicy": None,
    "AWS::CloudWatch::Alarm": ("Tags", LIST),
    "AWS::CloudWatch::Dashboard": ("Tags", LIST),
    "AWS::Config::ConfigRule": None,
    "AWS::Config::ConfigurationRecorder": None,
    "AWS::Config::DeliveryChannel": None,
    "AWS::EC2::EIP": ("Tags", LIST),
    "AWS::EC2::FlowLog": ("Tags", LIST),
    "AWS::EC2::InternetGateway": ("Tags", LIST),
    "AWS::EC2::NatGateway": ("Tags", LIST),
    "AWS::EC2::Route": None,
    "AWS::EC2::RouteTable": ("Tags", LIST),
    "AWS::EC2::SecurityGroup": ("Tags", LIST),
    "AWS::EC2::SecurityGroupIngress": None,
    "AWS::EC2::Subnet": ("Tags", LIST),
    "AWS::EC2::SubnetRouteTableAssociation": None,
    "AWS::EC2::VPC": ("Tags", LIST),
    "AWS::EC2::VPCEndpoint": ("Tags", LIST),
    "AWS::EC2::VPCGatewayAttachment": None,
    "AWS::ECR::Repository": ("Tags", LIST),
    "AWS::ECS::Cluster": ("Tags", LIST),
    "AWS::ECS::ClusterCapacityProviderAssociations": None,
    "AWS::ECS::Service": ("Tags", LIST),
    "AWS::ECS::TaskDefinition": ("Tags", LIST),
    "AWS::ElastiCache::ReplicationGroup": ("Tags", LIST),
    "AWS::ElastiCache::SubnetGroup": ("Tags", LIST),
    "AWS::ElasticLoadBalancingV2::Listener": None,
    "AWS::ElasticLoadBalancingV2::ListenerRule": None,
    "AWS::ElasticLoadBalancingV2::LoadBalancer": ("Tags", LIST),
    "AWS::ElasticLoadBalancingV2::TargetGroup": ("Tags", LIST),
    "AWS::Events::Rule": ("Tags", LIST),
    "AWS::IAM::OIDCProvider": ("Tags", LIST),
    "AWS::IAM::Role": ("Tags", LIST),
    "AWS::KMS::Alias": None,
    "AWS::KMS::Key": ("Tags", LIST),
    "AWS::Logs::LogGroup": ("Tags", LIST),
    "AWS::RDS::DBCluster": ("Tags", LIST),
    "AWS::RDS::DBClusterParameterGroup": ("Tags", LIST),
    "AWS::RDS::DBInstance": ("Tags", LIST),
    "AWS::RDS::DBProxy": ("Tags", LIST),
    "AWS::RDS::DBProxyTargetGroup": None,
    "AWS::RDS::DBSubnetGroup": ("Tags", LIST),
    "AWS::Route53::HealthCheck": ("HealthCheckTags", LIST),
    "AWS::Route53::RecordSetGroup": None,
    "AWS::S3::Bucket": ("Tags", LIST),
    "AWS::S3::BucketPolicy": None,
    "AWS::SNS::Subscription": None,
    "AWS::SNS::Topic": ("Tags", LIST),
    "AWS::SNS::TopicPolicy": None,
    "AWS::SSM::Document": ("Tags", LIST),
    "AWS::SSM::Parameter": ("Tags", MAP),
    "AWS::SageMaker::Endpoint": ("Tags", LIST),
    "AWS::SageMaker::EndpointConfig": ("Tags", LIST),
    "AWS::SageMaker::Model": ("Tags", LIST),
    "AWS::SecretsManager::Secret": ("Tags", LIST),
    "AWS::WAFv2::LoggingConfiguration": None,
    "AWS::WAFv2::WebACL": ("Tags", LIST),
}

REQUIRED = ("Project", "Environment", "Owner", "CostCenter", "Component", "ManagedBy")

# Resources that hold data: they say how sensitive it is...
HOLDS_DATA = {
    "AWS::S3::Bucket",
    "AWS::RDS::DBCluster",
    "AWS::RDS::DBInstance",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::SecretsManager::Secret",
    "AWS::Logs::LogGroup",
    "AWS::KMS::Key",
    "AWS::SageMaker::Model",
}
# ...and, where losing it matters, how it is backed up.
NEEDS_BACKUP_TAG = HOLDS_DATA - {"AWS::SageMaker::Model"}

PROJECT = "CoffeeQualityManagement"
COMPONENTS = {
    "network", "security", "storage", "frontend", "database", "cache", "backend", "edge", "ai",
    "observability", "governance", "ci",
}
DATA_CLASSES = {"public", "internal", "confidential"}
# The review's daily/weekly/none, plus "versioned" for buckets whose object versions are their recovery.
BACKUP_VALUES = {"daily", "weekly", "none", "versioned"}

# The tag values that must come from the stack's parameters, never be typed in.
FROM_PARAMETER = {"Environment": "EnvironmentName", "Owner": "Owner", "CostCenter": "CostCenter"}


def _tags_of(props: dict[str, Any], prop: str, shape: str) -> tuple[dict[str, Any] | None, list[str]]:
    """The resource's tags as a dict, or None with the reasons they could not be read."""
    raw = props.get(prop)
    if raw is None:
        return None, [f"no {prop}"]
    if shape == MAP:
        if not isinstance(raw, dict) or any(k in raw for k in ("Ref", "Fn::If")):
            return None, [f"{prop} must be a literal map of tag names to values"]
        return dict(raw), []
    if not isinstance(raw, list):
        return None, [f"{prop} must be a literal list of Key/Value pairs"]
    tags: dict[str, Any] = {}
    problems: list[str] = []
    for item in raw:
        if not isinstance(item, dict) or set(item) != {"Key", "Value"}:
            problems.append(f"{prop} entry {item!r} is not a Key/Value pair")
            continue
        if item["Key"] in tags:
            problems.append(f"tag {item['Key']} appears twice")
        tags[item["Key"]] = item["Value"]
    return tags, problems


def check_resource(name: str, resource: dict[str, Any]) -> list[str]:
    rtype = resource.get("Type", "")
    if rtype.startswith("Custom::") or rtype == "AWS::CloudFormation::CustomResource":
        return [f"{name}: custom resources are not classified for tagging"]
    if rtype not in TAG_PROPERTY:
        return [f"{name}: resource type {rtype} is not in the tagging table (tests/tagging.py)"]
    spec = TAG_PROPERTY[rtype]
    if spec is None:
        return []
    tags, problems = _tags_of(resource.get("Properties") or {}, *spec)
    problems = [f"{name} ({rtype}): {p}" for p in problems]
    if tags is None:
        return problems
    needed = list(REQUIRED)
    if rtype in HOLDS_DATA:
        needed.append("DataClassification")
    if rtype in NEEDS_BACKUP_TAG:
        needed.append("Backup")
    for key in needed:
        if key not in tags:
            problems.append(f"{name} ({rtype}): missing tag {key}")
    if "Project" in tags and tags["Project"] != PROJECT:
        problems.append(f"{name}: Project must be {PROJECT}, not {tags['Project']!r}")
    if "ManagedBy" in tags and tags["ManagedBy"] != "cloudformation":
        problems.append(f"{name}: ManagedBy must be cloudformation")
    if "Component" in tags and tags["Component"] not in COMPONENTS:
        problems.append(f"{name}: Component {tags['Component']!r} is not one of {sorted(COMPONENTS)}")
    if "DataClassification" in tags and tags["DataClassification"] not in DATA_CLASSES:
        problems.append(f"{name}: DataClassification {tags['DataClassification']!r} is not one of {sorted(DATA_CLASSES)}")
    if "Backup" in tags and tags["Backup"] not in BACKUP_VALUES:
        problems.append(f"{name}: Backup {tags['Backup']!r} is not one of {sorted(BACKUP_VALUES)}")
    for key, param in FROM_PARAMETER.items():
        if key in tags and tags[key] != {"Ref": param}:
            problems.append(f"{name}: tag {key} must be !Ref {param}, not {tags[key]!r}")
    return problems


def check_template(template: dict[str, Any]) -> list[str]:
    """Every tagging problem of a template; empty when it follows the strategy."""
    problems: list[str] = []
    for name, resource in (template.get("Resources") or {}).items():
        problems.extend(check_resource(name, resource))
    return problems
