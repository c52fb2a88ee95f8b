"""Offline training for the fraud scorer: features.csv + labels → model.onnx + model-card.json.

Stages live in one module each (data → split → train → thresholds → metrics →
export → card); cli.py wires them in that order.
"""

__version__ = "0.1.0"
