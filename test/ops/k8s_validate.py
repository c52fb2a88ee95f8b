"""Validates Kubernetes manifests offline; prints {"<file>#<n>": [errors]} as JSON.

Built-in kinds: kubernetes-validate (the Kubernetes OpenAPI schemas it ships), strict
(unknown fields are errors). KEDA ScaledObject: jsonschema against the CRD's
openAPIV3Schema checked in under infra/k8s/schemas/. Any other kind is an error: a
manifest we cannot validate is not allowed in.
Usage: k8s_validate.py <kubernetes-version> <keda-schema.json> <file.yaml>...
"""
import json
import sys

import jsonschema
import kubernetes_validate
import yaml

version, keda_schema_path, *files = sys.argv[1:]
keda = json.load(open(keda_schema_path))
keda_validator = jsonschema.validators.validator_for(keda)(keda)
result = {}
for path in files:
    with open(path) as f:
        docs = [d for d in yaml.safe_load_all(f) if d is not None]
    for n, doc in enumerate(docs):
        errors = []
        kind = f"{doc.get('apiVersion')}/{doc.get('kind')}"
        if kind == "keda.sh/v1alpha1/ScaledObject":
            errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in keda_validator.iter_errors(doc)]
        else:
            try:
                kubernetes_validate.validate(doc, version, strict=True)
            except kubernetes_validate.ValidationError as e:
                errors = [f"{'/'.join(map(str, e.path))}: {e.message}"]
            except kubernetes_validate.SchemaNotFoundError as e:
                errors = [f"no schema for {kind}: {e}"]
        result[f"{path}#{n}"] = errors
print(json.dumps(result))
