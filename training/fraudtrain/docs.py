"""The model documentation an auditor reads, generated from the card (never hand-written).

Each function returns (heading, list of (kind, content)) blocks that html.py renders:
kind "p" is a paragraph, "ul" a list of strings, "table" (header, rows).
"""

from __future__ import annotations

from typing import Any

Block = tuple[str, Any]


def _window(w: dict[str, Any] | None) -> str:
    if not w:
        return "n/a"
    extra = ", ".join(f"{k} {w[k]:,}" if isinstance(w[k], int) else f"{k}: {w[k]}"
                      for k in ("rows", "positives", "labels", "truth") if k in w)
    return f"{w['from']} → {w['to']} ({extra})"


def purpose(card: dict[str, Any]) -> list[Block]:
    return [("p", "Purpose: score every card payment in real time with the probability-like risk that it is "
                  "fraudulent, so that the payment is approved, sent to review or declined by comparing the score "
                  "with two thresholds. Intended users: the bank's fraud operations (alerts, review queues) and "
                  "its model-risk function. Not intended for credit decisions, for customer-level profiling "
                  "outside fraud prevention, or for payment populations unlike the training data."),
            ("p", f"Model {card['model_version']}, feature set {card['feature_set_version']} "
                  f"({len(card['features'])} features). Decision rule: review when score >= "
                  f"{card['thresholds']['review']:.6g}, decline when score >= {card['thresholds']['decline']:.6g} "
                  f"(raw model score; {_policy(card)}).")]


def _policy(card: dict[str, Any]) -> str:
    pol = card.get("threshold_policy") or {}
    return "; ".join(f"{a} chosen for {p.get('mode')} {p.get('target')} on the {p.get('chosen_on', 'validation')}"
                     for a, p in pol.items())


def data_section(card: dict[str, Any]) -> list[Block]:
    w = card.get("windows") or {}
    rows = [("training", _window(w.get("training"))), ("validation (early stopping, thresholds, calibration)",
            _window(w.get("validation"))), ("out-of-time test (this report)", _window(w.get("out_of_time"))),
            ("label cut-off (known at deployment)", w.get("label_cutoff", "n/a"))]
    blocks: list[Block] = [("table", (["window", "event time, size"], rows))]
    tr = w.get("training") or {}
    if tr.get("rows"):
        blocks.append(("p", f"Training fraud rate {tr['positives'] / tr['rows']:.4%} (labels known at the cut-off)."))
    if w.get("label_delay_handling"):
        blocks.append(("p", "Label delay: " + w["label_delay_handling"] + "."))
    return blocks


def methodology(card: dict[str, Any]) -> list[Block]:
    desc = card.get("feature_descriptions") or {}
    rows = [(n, desc.get(n, "(meaning not declared in features.json)")) for n in card["features"]]
    tr = card.get("training") or {}
    params = tr.get("params") or {}
    hp = card.get("hyperparameters") or {}
    blocks: list[Block] = [
        ("p", "Features, in the model's input order, as declared by the feature set (computed by the scorer's own "
              "feature code, online and offline alike):"),
        ("table", (["feature", "meaning"], rows)),
        ("p", "Algorithm: gradient-boosted decision trees (LightGBM, binary log-loss), exported to ONNX; "
              "the export is checked against LightGBM on every validation and out-of-time row (max difference "
              "<= 1e-5) and split thresholds are rounded down to float32 so that both take the same branches."),
        ("p", f"Imbalance handling: {tr.get('imbalance', 'n/a')}."),
        ("table", (["parameter", "value"], [(k, str(v)) for k, v in params.items()])),
    ]
    if hp:
        blocks.append(("p", "Hyper-parameter protocol: " + hp["protocol"] + "."))
        trials = [(t["trial"], ", ".join(f"{k}={v}" for k, v in t["params"].items()), t["best_iteration"],
                   f"{t['validation_' + hp['metric']]:.4f}") for t in hp["trials"]]
        blocks.append(("table", (["trial", "parameters", "trees", f"validation {hp['metric']}"], trials)))
        blocks.append(("p", f"Chosen: trial {hp['chosen_trial']} ({hp['chosen']})."))
    return blocks


def assumptions() -> list[Block]:
    return [("ul", [
        "Future payments resemble the training window (same population, channels, fraud patterns); "
        "the stability section and live drift monitoring test this.",
        "Labels (chargebacks, analyst verdicts) are correct; frauds never reported count as genuine in training.",
        "Features online equal features offline (the parity harness measures it).",
        "Thresholds chosen on the validation window keep their alert rate on live traffic while the score "
        "distribution is stable (PSI of the score < 0.1).",
    ])]


def limitations(card: dict[str, Any], v: dict[str, Any]) -> list[Block]:
    items = [
        "Scores are not calibrated probabilities (class weighting); the decision score is the raw score. "
        + ("A calibration map fitted on the validation window is in the card for consumers who need "
           "a probability; the scorer does not apply it." if card.get("calibration") else ""),
        "Recent frauds are under-labelled at the cut-off: training and validation see fewer frauds than exist.",
        "Protected attributes are not in transaction data, so fairness with respect to them cannot be measured "
        "here; supply them with --attributes (see Segments).",
        "Confidence intervals resample transactions (card precision: days); they ignore correlation between "
        "transactions of one card.",
    ]
    weak = (v.get("segments") or {}).get("weaker_segments") or []
    if weak:
        items.append("Weaker segments: " + "; ".join(f"{w['dimension']}={w['segment']} ({', '.join(w['why'])})"
                                                     for w in weak) + ".")
    return [("ul", items)]


def monitoring() -> list[Block]:
    return [("ul", [
        "Drift: PSI of the score and of every feature against the card's reference_distributions (training "
        "deciles), daily. PSI >= 0.1: review by the model owner; PSI >= 0.25 on the score or a top-10 SHAP "
        "feature: investigate and consider retraining.",
        "Performance: card precision top-100 and recall on matured labels, weekly; a drop below the lower "
        "bound of this report's 95 % interval triggers review.",
        "Alert volume: the review alert rate against the policy target; a doubling triggers review.",
        "A challenger is validated with `fraudtrain report` on fresh labelled data before promotion.",
    ])]


def reproducibility(card: dict[str, Any]) -> list[Block]:
    rep = card.get("reproducibility") or {}
    libs = card.get("libraries") or {}
    return [("table", (["item", "value"], [
        ("data fingerprint (sha256 over the data files)", str(card.get("data_fingerprint"))),
        ("data files", ", ".join(rep.get("data_files") or [])),
        ("seed", str(card.get("seed"))),
        ("command", str(rep.get("command"))),
        ("libraries", ", ".join(f"{k} {v}" for k, v in libs.items())),
        ("determinism", "same data, seed and libraries → same model.onnx bytes and the same card"),
    ]))]


def sections(card: dict[str, Any], v: dict[str, Any]) -> list[tuple[str, list[Block]]]:
    return [("Purpose and intended use", purpose(card)), ("Data", data_section(card)),
            ("Methodology", methodology(card)), ("Assumptions", assumptions()),
            ("Limitations", limitations(card, v)), ("Monitoring plan", monitoring()),
            ("Reproducibility", reproducibility(card))]
