"""The validation report: writing a model directory, rendering report.html, and `fraudtrain report`.

report.html holds the same numbers as the card's `validation` section (out-of-time window),
drawn and tabulated, followed by the generated model documentation.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd

from fraudtrain import data, export, metrics, plots, segments, split, validation
from fraudtrain import html as h
from fraudtrain.card import CARD_FILE, MODEL_FILE, NATIVE_FILE, REPORT_FILE, card_json, write_model_dir as _write

SECTIONS = ("summary", "discrimination", "plots", "thresholds", "calibration", "stability", "segments",
            "explainability", "documentation")


@dataclass
class Context:
    """Per-transaction attributes for segments and the value caught."""
    frame: pd.DataFrame | None
    edges: list[float]

    @classmethod
    def load(cls, transactions, attributes, train_ids: pd.Series | None, edges: list[float] | None = None):
        frame = segments.load_context(transactions, attributes)
        return cls(frame, edges if edges is not None else segments.amount_edges(frame, train_ids))

    def columns(self, rows: pd.DataFrame) -> pd.DataFrame:
        return segments.columns_for(rows, self.frame, self.edges)

    def amounts(self, rows: pd.DataFrame) -> np.ndarray | None:
        if self.frame is None or "amount_minor" not in self.frame:
            return None
        return pd.to_numeric(self.frame["amount_minor"].reindex(rows["transaction_id"]), errors="coerce") \
            .fillna(0).to_numpy(dtype=np.float64)


def summary(v: dict[str, Any], y: np.ndarray, s: np.ndarray, chosen: dict[str, Any]) -> dict[str, Any]:
    d = v["discrimination"]
    return {"auc_roc": d["auc_roc"]["value"], "gini": d["gini"]["value"], "ks": d["ks"]["value"],
            "average_precision": d["average_precision"]["value"],
            "card_precision_top_100": d["card_precision_top_100"]["value"],
            "review": metrics.at_threshold(y, s, chosen["review"]),
            "decline": metrics.at_threshold(y, s, chosen["decline"])}


def render(card: dict[str, Any], v: dict[str, Any], arrays: dict[str, Any], note: str) -> str:
    d = v["discrimination"]
    names = list(card["features"])
    parts = [("summary", "Summary", _summary(card, v, note))]
    rows = [(k.replace("_", " "), m["value"], m["ci95"][0], m["ci95"][1]) for k, m in d.items() if "value" in m]
    ks_note = f"KS is reached at score {fmt_score(d['ks']['score'])}. " + d["card_precision_top_100"]["definition"]
    b = d["bootstrap"]
    parts.append(("discrimination", "Discrimination (out-of-time, bootstrap 95 % intervals)",
                  h.table(["metric", "value", "95 % low", "95 % high"], rows) + f"<p>{h.escape(ks_note)}. "
                  f"Bootstrap: {b['resamples']} resamples of {b['unit']}, seed {b['seed']}, percentile.</p>"
                  + h.figure("card_precision_per_day", plots.card_precision_per_day(v, "card_precision_top_100"),
                             "card precision top-100 per day")))
    figs = [h.figure("roc", plots.roc(v), "ROC curve"), h.figure("precision_recall", plots.precision_recall(v),
            "precision-recall curve"), h.figure("ks", plots.ks(v), "KS: cumulative score distributions"),
            h.figure("score_distribution", plots.score_distribution(v), "score distribution, fraud vs genuine")]
    parts.append(("plots", "Curves", "".join(figs)))
    t = v["thresholds"]
    parts.append(("thresholds", "Threshold table", h.table(
        ["threshold", "which", "alert rate", "precision", "recall", "value caught"],
        [(r["threshold"], r["label"], r["alert_rate"], r["precision"], r["recall"], r["value_caught"]) for r in t])
        + "<p>Alert when score ≥ threshold. Value caught: share of the fraud amount (amount_minor) in alerted "
          "payments; – without --transactions.</p>"))
    parts.append(("calibration", "Calibration", _calibration(card, v)))
    parts.append(("stability", "Stability (PSI)", _stability(v)))
    parts.append(("segments", "Segments (robustness and fairness)", _segments(v)))
    parts.append(("explainability", "Explainability (SHAP)", _explain(v, names, arrays)))
    parts.append(("documentation", "Model documentation", h.documentation(card, v)))
    assert tuple(p[0] for p in parts) == SECTIONS
    return h.page(f"Validation report — {card['model_version']}", note, parts)


def fmt_score(x: float | None) -> str:
    return "–" if x is None else f"{x:.6g}"


def _summary(card, v, note) -> str:
    w, d = v.get("window") or {}, v["discrimination"]
    weak = v["segments"]["weaker_segments"]
    lines = [f"Out-of-time window {w.get('from')} → {w.get('to')}: {w.get('rows', 0):,} transactions, "
             f"{w.get('positives', 0):,} frauds (truth: {w.get('truth')}).",
             f"ROC-AUC {d['auc_roc']['value']:.4f}, Gini {d['gini']['value']:.4f}, KS {d['ks']['value']:.4f}, "
             f"average precision {d['average_precision']['value']:.4f}, card precision top-100 "
             f"{(d['card_precision_top_100']['value'] or 0):.4f}.",
             f"Decision score: raw model score (calibrated: {card.get('scores_calibrated', False)}); "
             f"calibration map in the card: {(card.get('calibration') or {}).get('method', 'none')}.",
             "Weaker segments: " + ("; ".join(f"{x['dimension']}={x['segment']}" for x in weak) if weak else "none.")]
    return "".join(f"<p>{h.escape(x)}</p>" for x in lines)


def _calibration(card, v) -> str:
    c = v["calibration"]
    text = (f"Brier score of the raw score {c['brier_raw']:.5g}"
            + (f"; after {c['method']} calibration (fitted on the validation window only) "
               f"{c['brier_calibrated']:.5g}." if "brier_calibrated" in c else ". No calibration map.")
            + " The scorer decides on the raw score; the map is stored in the card (calibration.piecewise_linear) "
              "for consumers who want a probability.")
    return f"<p>{h.escape(text)}</p>" + h.figure("reliability", plots.reliability(v), "reliability curve")


def _stability(v) -> str:
    st = v["stability"]
    if not st:
        return "<p>No reference distributions in the card: PSI not computed.</p>"
    rows = [("score", st["score"]["psi"], st["score"]["band"])] + [
        (n, f["psi"], f["band"]) for n, f in st["features"].items()]
    return (h.table(["variable", "PSI", "band"], rows, [f"band-{r[2]}" for r in rows])
            + "<p>Bands: &lt; 0.1 stable, 0.1–0.25 moderate (review), ≥ 0.25 significant (act). Reference: training "
              "deciles, stored in the card as reference_distributions.</p>" + h.figure("psi", plots.psi(v), "PSI"))


def _segments(v) -> str:
    seg = v["segments"]
    if not seg["dimensions"]:
        return "<p>No segment attributes: pass --transactions (and optionally --attributes).</p>"
    weak = {(w["dimension"], w["segment"]) for w in seg["weaker_segments"]}
    out = [f"<p>At the review threshold {fmt_score(seg['threshold'])}; FPR ratio = the segment's false-positive "
           "rate / the whole's. Highlighted: weaker segments (AUC 0.02 below the whole, recall 0.1 below with at "
           "least 10 frauds, or FPR ratio above 1.25 with at least 10 false positives).</p>"]
    for dim, values in seg["dimensions"].items():
        rows = [(name, m["rows"], m["frauds"], m["auc_roc"], m["average_precision"], m["recall"],
                 m["false_positive_rate"], m["fpr_ratio"]) for name, m in values.items()]
        out.append(f"<h3>{h.escape(dim)}</h3>" + h.table(
            ["segment", "rows", "frauds", "AUC", "AP", "recall", "FPR", "FPR ratio"], rows,
            ["weak" if (dim, r[0]) in weak else "" for r in rows]))
    out.append("<p>Protected attributes (age, sex, ethnicity…) are not in transaction data, so this report cannot "
               "measure fairness with respect to them. Whoever holds them passes a CSV "
               "<code>transaction_id,&lt;attribute&gt;,…</code> with <code>--attributes FILE</code> to "
               "<code>fraudtrain train</code> or <code>fraudtrain report</code>: each column becomes a segment "
               "dimension above (named attribute:&lt;column&gt;).</p>")
    return "".join(out)


def _explain(v, names, arrays) -> str:
    e = v["explainability"]
    if not e or arrays.get("shap") is None:
        return f"<p>No LightGBM model ({NATIVE_FILE}) beside the ONNX file: SHAP values not computed.</p>"
    shap, x = arrays["shap"], arrays["shap_x"]
    figs = [h.figure("shap_importance", plots.shap_importance(v), "mean |SHAP| per feature"),
            h.figure("shap_summary", plots.shap_summary(v, names, shap, x), "SHAP summary")]
    figs += [h.figure(f"shap_dependence_{n}", plots.shap_dependence(n, names, shap, x), f"dependence: {n}")
             for n in e["top_features"][:3]]
    return (f"<p>{h.escape(e['method'])}, {e['rows']:,} out-of-time rows; {h.escape(e['space'])}; expected value "
            f"{e['expected_value']:.4f}.</p>" + "".join(figs))


def write_model_dir(out: Path, trained) -> None:
    _write(out, trained.onnx_bytes, trained.card)
    (out / NATIVE_FILE).write_text(trained.native, encoding="utf-8")
    note = "Written by fraudtrain train; the same numbers are in model-card.json under `validation`."
    (out / REPORT_FILE).write_text(render(trained.card, trained.card["validation"], trained.arrays, note),
                                   encoding="utf-8")


def command(args, cmdline: str) -> None:
    """`fraudtrain report`: the report of the model in --model-dir on the labelled rows of --features."""
    card = json.loads((args.model_dir / CARD_FILE).read_text(encoding="utf-8"))
    names = tuple(card["features"])
    rows = data.load_features(args.features, names)
    start, end = split.parse_time(args.start), split.parse_time(args.end)
    rows = rows[(rows["event_time"] >= start) if start is not None else np.ones(len(rows), bool)]
    rows = rows[(rows["event_time"] < end) if end is not None else np.ones(len(rows), bool)]
    if len(rows) == 0:
        raise split.WindowError(f"no rows of {args.features} in the chosen window")
    if args.truth:
        positives, truth_name = data.truth_ids(data.load_truth(args.truth)), args.truth.name
    elif args.labels:
        positives, truth_name = data.fraud_known_at(data.load_labels(args.labels), None), args.labels.name
    else:
        raise SystemExit("report needs --truth or --labels")
    y = data.targets(rows["transaction_id"], positives)
    x = data.matrix(rows, names)
    onnx_bytes = (args.model_dir / card.get("model_file", MODEL_FILE)).read_bytes()
    s = export.onnx_scores(onnx_bytes, x)
    native = args.model_dir / NATIVE_FILE
    booster = lgb.Booster(model_file=str(native)) if native.exists() else None
    if booster is not None:
        export.check_parity(onnx_bytes, _Native(booster), x)
    old = (card.get("validation") or {}).get("segments") or {}
    ctx = Context.load(args.transactions, args.attributes, None, old.get("amount_band_edges"))
    if not ctx.edges and ctx.frame is not None:
        ctx = Context.load(args.transactions, args.attributes, rows["transaction_id"])
    v, arrays = validation.evaluate(validation.Inputs(
        rows=rows, x=x, y=y, s=s, names=list(names), review=card["thresholds"]["review"],
        decline=card["thresholds"]["decline"], calibration=card.get("calibration"),
        references=card.get("reference_distributions"), segment_columns=ctx.columns(rows),
        amounts=ctx.amounts(rows), booster=booster, seed=args.seed, n_boot=args.bootstrap))
    v["window"] = {"from": split.iso(rows["event_time"].min()), "to": split.iso(rows["event_time"].max()),
                   "rows": len(rows), "positives": int(y.sum()), "truth": truth_name, "source": args.features.name}
    v["segments"]["amount_band_edges"] = ctx.edges
    out = args.out or args.model_dir
    out.mkdir(parents=True, exist_ok=True)
    note = f"Rebuilt by: {cmdline}"
    page = render(card, v, arrays, note)
    (out / REPORT_FILE).write_text(page, encoding="utf-8")
    (out / "validation.json").write_text(card_json(v), encoding="utf-8")
    if args.export_figures:
        export_figures(page, args.export_figures)
    d = v["discrimination"]
    print(f"wrote {out / REPORT_FILE} rows={len(rows)} frauds={int(y.sum())} auc={d['auc_roc']['value']:.4f} "
          f"ap={d['average_precision']['value']:.4f}")


def export_figures(page: str, folder: Path, only: list[str] | None = None) -> list[Path]:
    """Each figure of a rendered report (or those named in `only`) as <folder>/<figure key>.png."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    pattern = r'data-figure="([^"]+)"><img alt="[^"]*" src="data:image/png;base64,([^"]+)"'
    for key, data_b64 in re.findall(pattern, page):
        if only and key not in only:
            continue
        path = folder / f"{key}.png"
        path.write_bytes(base64.b64decode(data_b64))
        written.append(path)
    return written


class _Native:
    """check_parity wants an object with .booster_ (the sklearn wrapper); a bare Booster is enough."""

    def __init__(self, booster: lgb.Booster) -> None:
        self.booster_ = booster
