{
  "$schema": "https://json-schema.org/draft-07/schema#",
  "title": "Values of the ACK [=service] controller chart",
  "type": "object",
  "properties": {
    "image": {
      "description": "Container image of the controller",
      "type": "object",
      "properties": {
        "repository": {"type": "string", "minLength": 1},
        "tag": {"type": "string", "minLength": 1},
        "pullPolicy": {"type": "string", "enum": ["Always", "IfNotPresent", "Never"]},
        "pullSecrets": {"type": "array", "items": {"type": "string"}}
      },
      "required": ["repository", "tag", "pullPolicy"]
    },
    "nameOverride": {"type": "string"},
    "fullnameOverride": {"type": "string"},
    "deployment": {
      "type": "object",
      "properties": {
        "annotations": {"type": "object"},
        "labels": {"type": "object"},
        "containerPort": {"type": "integer", "minimum": 1, "maximum": 65535},
        "replicas": {"type": "integer", "minimum": 0},
        "nodeSelector": {"type": "object"},
        "tolerations": {"type": "array"},
        "affinity": {"type": "object"},
        "priorityClassName": {"type": "string"}
      },
      "required": ["containerPort", "replicas"]
    },
    "role": {
      "type": "object",
      "properties": {"labels": {"type": "object"}}
    },
    "metrics": {
      "type": "object",
      "properties": {
        "service": {
          "type": "object",
          "properties": {
            "create": {"type": "boolean"},
            "type": {"type": "string", "enum": ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]}
          }
        }
      }
    },
    "resources": {"type": "object"},
    "aws": {
      "type": "object",
      "properties": {
        "region": {"type": "string"},
        "endpoint_url": {"type": "string"}
      }
    },
    "log": {
      "type": "object",
      "properties": {
        "enable_development_logging": {"type": "boolean"},
        "level": {"type": "string", "enum": ["debug", "info", "warn", "error", "dpanic", "panic", "fatal"]}
      }
    },
    "installScope": {"type": "string", "enum": ["cluster", "namespace"]},
    "watchNamespace": {"type": "string"},
    "deletionPolicy": {"type": "string", "enum": ["delete", "retain"]},
    "serviceAccount": {
      "type": "object",
      "properties": {
        "create": {"type": "boolean"},
        "name": {"type": "string"},
        "annotations": {"type": "object"}
      }
    }
  },
  "required": ["image", "deployment", "serviceAccount"]
}
