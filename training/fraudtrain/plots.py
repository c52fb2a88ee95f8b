"""The report's figures: matplotlib (Agg, no display) → PNG → data: URI, embedded in report.html.

Each function takes the card's validation section (plus arrays where the card holds no raw
data) and returns a data URI; no file, no network. PNG metadata carries no date or
software version, so the same numbers give the same bytes.
"""

from __future__ import annotations

import base64
import io
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

FRAUD, GENUINE, CALIBRATED = "#c0392b", "#2e86c1", "#27ae60"


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _axes(title: str, xlabel: str, ylabel: str, size=(5.0, 3.6)):
    fig, ax = plt.subplots(figsize=size)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    return fig, ax


def roc(v: dict[str, Any]) -> str:
    c, d = v["curves"]["roc"], v["discrimination"]
    fig, ax = _axes(f"ROC (AUC {d['auc_roc']['value']:.4f}, Gini {d['gini']['value']:.4f})",
                    "false-positive rate", "true-positive rate (recall)")
    ax.plot(c["x"], c["y"], color=FRAUD)
    ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=0.8)
    return _png(fig)


def precision_recall(v: dict[str, Any]) -> str:
    c = v["curves"]["precision_recall"]
    fig, ax = _axes(f"Precision-recall (AP {v['discrimination']['average_precision']['value']:.4f})",
                    "recall", "precision")
    ax.plot(c["x"], c["y"], color=FRAUD)
    ax.set_ylim(0, 1.02)
    return _png(fig)


def ks(v: dict[str, Any]) -> str:
    c, k = v["curves"]["ks"], v["discrimination"]["ks"]
    fig, ax = _axes(f"KS {k['value']:.4f} at score {k['score']:.4g}", "score", "cumulative share <= score")
    ax.plot(c["x"], c["y"], color=FRAUD, label="fraud")
    ax.plot(c["x"], c["y_genuine"], color=GENUINE, label="genuine")
    ax.axvline(k["score"], color="grey", ls="--", lw=0.8)
    ax.legend(fontsize=8)
    return _png(fig)


def score_distribution(v: dict[str, Any]) -> str:
    h = v["curves"]["score_histogram"]
    edges = np.asarray(h["edges"])
    fig, ax = _axes("Score distribution (share of each class)", "score", "share of class (log scale)")
    for name, color in (("genuine", GENUINE), ("fraud", FRAUD)):
        counts = np.asarray(h[name], dtype=float)
        ax.stairs(counts / max(counts.sum(), 1), edges, color=color, label=name)
    ax.set_yscale("log")
    ax.legend(fontsize=8)
    return _png(fig)


def reliability(v: dict[str, Any]) -> str:
    cal = v["calibration"]
    fig, ax = _axes("Reliability (out-of-time)", "mean predicted", "observed fraud rate")
    ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=0.8)
    for key, label, color in (("reliability_raw", f"raw (Brier {cal['brier_raw']:.4g})", FRAUD),
                              ("reliability_calibrated", "calibrated", CALIBRATED)):
        if cal.get(key):
            pts = cal[key]
            if key == "reliability_calibrated":
                label = f"{cal['method']} (Brier {cal['brier_calibrated']:.4g})"
            ax.plot([p["mean_predicted"] for p in pts], [p["observed_rate"] for p in pts], "o-", color=color,
                    label=label, ms=3)
    ax.legend(fontsize=8)
    return _png(fig)


def psi(v: dict[str, Any]) -> str:
    st = v["stability"]
    items = [("score", st["score"]["psi"])] + sorted(((n, f["psi"]) for n, f in st["features"].items()),
                                                     key=lambda t: -t[1])
    fig, ax = plt.subplots(figsize=(6.0, 0.22 * len(items) + 1.2))
    ax.barh([n for n, _ in items][::-1], [p for _, p in items][::-1], color=GENUINE)
    for limit, color in ((0.1, "#e67e22"), (0.25, FRAUD)):
        ax.axvline(limit, color=color, ls="--", lw=0.8)
    ax.set_title("PSI training → out-of-time (0.1 review, 0.25 act)", fontsize=10)
    ax.tick_params(axis="y", labelsize=7)
    return _png(fig)


def card_precision_per_day(v: dict[str, Any], key: str) -> str:
    per_day = v["discrimination"][key]["per_day"]
    fig, ax = _axes(f"Card precision top-k per day ({key})", "day", "precision", size=(6.0, 3.0))
    ax.plot(range(len(per_day)), list(per_day.values()), "o-", color=FRAUD, ms=3)
    ax.set_xticks(range(len(per_day)), list(per_day), rotation=90, fontsize=6)
    return _png(fig)


def shap_importance(v: dict[str, Any]) -> str:
    imp = v["explainability"]["mean_abs_shap"]
    names = list(imp)[:15][::-1]
    fig, ax = plt.subplots(figsize=(6.0, 0.25 * len(names) + 1.2))
    ax.barh(names, [imp[n] for n in names], color=FRAUD)
    ax.set_title("Global importance: mean |SHAP| (log-odds)", fontsize=10)
    ax.tick_params(axis="y", labelsize=7)
    return _png(fig)


def shap_summary(v: dict[str, Any], names: list[str], shap: np.ndarray, x: np.ndarray) -> str:
    top = v["explainability"]["top_features"]
    fig, ax = plt.subplots(figsize=(6.5, 0.35 * len(top) + 1.4))
    rng = np.random.default_rng(0)
    for row, name in enumerate(top[::-1]):
        i = names.index(name)
        values = x[:, i].astype(np.float64)
        finite = values[np.isfinite(values)]
        lo, hi = (np.quantile(finite, [0.05, 0.95]) if len(finite) else (0.0, 1.0))
        colour = np.clip((values - lo) / (hi - lo if hi > lo else 1.0), 0, 1)
        ax.scatter(shap[:, i], row + rng.uniform(-0.3, 0.3, len(values)), c=colour, cmap="coolwarm", s=3,
                   alpha=0.6, linewidths=0)
    ax.set_yticks(range(len(top)), top[::-1], fontsize=7)
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_title("SHAP summary (colour: feature value, blue low → red high)", fontsize=10)
    ax.set_xlabel("SHAP value (log-odds)")
    return _png(fig)


def shap_dependence(name: str, names: list[str], shap: np.ndarray, x: np.ndarray) -> str:
    i = names.index(name)
    fig, ax = _axes(f"SHAP dependence: {name}", name, "SHAP value (log-odds)", size=(4.6, 3.2))
    ax.scatter(x[:, i], shap[:, i], s=3, alpha=0.5, color=FRAUD, linewidths=0)
    return _png(fig)
