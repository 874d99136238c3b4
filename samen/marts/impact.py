"""Impact: what changes for the inburgeraar and the coach between intake and closing, with honest uncertainty.

The FAQ calls impact "not directly measurable". What the data does allow is a paired comparison of the same
1–5 self-ratings at intake and at closing, per score, tied to the FAQ's policy goals — reported with a
95 % interval, the share better / equal / worse, and who is missing (ended duos without a closing, closings
without a usable score). There is no control group, so a change is not an effect of the programme.

Units. A *pair* is one closing evaluation (deelnemer_id + duo_id) of a participant who has an intake in the
same initiative, for a score filled in at both. A coach who coached twice has two closings, each paired with
the one intake: they count as two pairs (`n_paren`) and one participant (`n_deelnemers`). The year of a pair
is the year of the closing; the year of the response gap is the year the duo ended (it has no closing).

Interval. A t-interval on the paired differences, not a bootstrap: it is closed-form (checkable by hand and
the same on every run without a seed), and the differences of 1–5 ratings are bounded, so the mean is close
to normal from about 20 pairs on; for very small groups a percentile bootstrap is too narrow, while the
t-interval is honestly wide. The p-value is the Wilcoxon signed-rank test (zeros dropped, tie-corrected
normal approximation, no continuity correction — scipy's `wilcoxon(method="approx")`), computed for
groups with at least `MIN_NONZERO_FOR_P` non-zero differences; it is not corrected for the many tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

import duckdb
import numpy as np
import polars as pl
import yaml

from data_contracts import CONTRACTS_DIR
from samen.contracts import contracts
from samen.marts.common import LEVELS, duo_status, per_level, staging

POLICY_GOALS_PATH = CONTRACTS_DIR / "reference" / "beleidsdoelen.yaml"
INPUTS = ("initiatieven", "intake", "duos", "afsluiting")  # the staging tables these marts read
CONFIDENCE = 0.95
MIN_NONZERO_FOR_P = 10  # below this the normal approximation of the Wilcoxon statistic is not trusted
UNKNOWN = "onbekend"
ALL_GOALS = "alle"  # mart.doelen: every closing of the role, whatever goals were named
NO_GOAL_NAMED = "zonder_doel"  # mart.doelen: an intake that named no goal
GOAL_ANSWERS = ("ja", "deels", "nee")  # doel_bereikt answers that count; geen_doel does not
CONTACT_ANSWERS = ("ja", "nee", "weet_niet")
TOLERANCE = 1e-9

IMPACT_KEYS = ["niveau", "sleutel", "jaar", "score"]
COMPARISON_KEYS = [*IMPACT_KEYS, "vergelijking", "groep"]
GOAL_KEYS = ["niveau", "sleutel", "jaar", "rol", "doel"]

_CHANGE_COLUMNS = [
    "rol", "beleidsdoel", "n_paren", "n_deelnemers", "n_zonder_afsluiting", "n_beeindigd", "responsgraad",
    "n_onvolledig", "gem_voor", "gem_na", "verschil", "sd_verschil", "ci_laag", "ci_hoog",
    "aandeel_beter", "aandeel_gelijk", "aandeel_slechter", "p_wilcoxon",
]
_COUNTS = ["n_paren", "n_deelnemers", "n_zonder_afsluiting", "n_beeindigd", "n_onvolledig"]

# Share families that must sum to 1 whenever their denominator is positive: (denominator, shares).
IMPACT_SHARES = (("n_paren", ("aandeel_beter", "aandeel_gelijk", "aandeel_slechter")),)
GOAL_SHARES = (
    ("n_doel_antwoord", ("aandeel_bereikt", "aandeel_deels", "aandeel_niet_bereikt")),
    ("n_tevredenheid", tuple(f"aandeel_tevredenheid_{k}" for k in range(1, 6))),
    ("n_contact", tuple(f"aandeel_contact_{a}" for a in CONTACT_ANSWERS)),
)


# --- reference data ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Score:
    name: str  # the column, e.g. score_nederlands
    role: str  # whose rating it is: inburgeraar or coach (from the contract)
    goal: str  # the policy goal it speaks to (from beleidsdoelen.yaml)
    goal_nl: str
    goal_en: str


@cache
def policy_goals() -> dict:
    """beleidsdoelen.yaml, checked: every goal has both labels and every mapped goal exists."""
    ref = yaml.safe_load(POLICY_GOALS_PATH.read_text(encoding="utf-8"))
    goals = ref["beleidsdoelen"]
    for code, labels in goals.items():
        if not (labels.get("nl") and labels.get("en")):
            raise ValueError(f"{POLICY_GOALS_PATH}: beleidsdoel {code} needs an nl and an en label")
    for score, entry in ref["scores"].items():
        if entry["beleidsdoel"] not in goals:
            raise ValueError(f"{POLICY_GOALS_PATH}: {score} maps to unknown beleidsdoel {entry['beleidsdoel']}")
    return ref


@cache
def scores() -> tuple[Score, ...]:
    """The 1–5 scores asked at intake and at closing, in contract order, with their role and policy goal.

    Fails loudly when the contracts and the reference file disagree, so a new score cannot go unmapped.
    """
    ref = policy_goals()
    intake, closing = contracts()["intake"], contracts()["afsluiting"]
    found = []
    for column in intake.columns:
        if not column.name.startswith("score_"):
            continue
        if column.role not in ("inburgeraar", "coach"):
            raise ValueError(f"intake.{column.name} has no role inburgeraar/coach in its contract")
        if closing.column(column.name).role != column.role:
            raise ValueError(f"{column.name}: intake and afsluiting contracts give different roles")
        if column.name not in ref["scores"]:
            raise ValueError(f"{column.name} has no beleidsdoel in {POLICY_GOALS_PATH}")
        goal = ref["scores"][column.name]["beleidsdoel"]
        labels = ref["beleidsdoelen"][goal]
        found.append(Score(column.name, column.role, goal, labels["nl"], labels["en"]))
    extra = set(ref["scores"]) - {s.name for s in found}
    if extra:
        raise ValueError(f"{POLICY_GOALS_PATH} maps scores the contracts do not have: {sorted(extra)}")
    return tuple(found)


def score_reference() -> pl.DataFrame:
    """score → rol, beleidsdoel (code) and its Dutch label, for joining onto the marts."""
    return pl.DataFrame(
        {"score": [s.name for s in scores()], "rol": [s.role for s in scores()],
         "beleidsdoel": [s.goal for s in scores()], "beleidsdoel_label": [s.goal_nl for s in scores()]}
    )


# --- row-level building blocks (never written: marts hold aggregates only) --------------------------------

def load_inputs(con: duckdb.DuckDBPyConnection) -> dict[str, pl.DataFrame]:
    return {name: staging(con, name) for name in INPUTS}


def _end_group(as_of: date = date.max) -> pl.Expr:
    """afgerond or vroegtijdig_gestopt as the shared duo status says; onbekend while the duo runs."""
    status = duo_status(as_of)
    return pl.when(status == "actief").then(pl.lit(UNKNOWN)).otherwise(status)


def closings(intake: pl.DataFrame, duos: pl.DataFrame, afsluiting: pl.DataFrame) -> pl.DataFrame:
    """One row per closing evaluation with its role, year, end group and the participant's intake (if any).

    The role comes from the duo (is the participant its inburgeraar or its coach?), falling back to the
    intake's `rol`; a closing with neither cannot be placed and is left out.
    """
    names = [s.name for s in scores()]
    before = intake.select(
        "initiatief_id", "deelnemer_id", pl.col("rol").alias("intake_rol"),
        pl.col("inburgeringstraject").alias("traject"), "doelen",
        *[pl.col(s).alias(f"{s}_voor") for s in names], pl.lit(True).alias("heeft_intake"),
    )
    duo = duos.select("initiatief_id", "duo_id", "inburgeraar_id", "coach_id", "geplande_einddatum", "einddatum",
                      "eindreden")
    after = afsluiting.select(
        "initiatief_id", "deelnemer_id", "duo_id", "datum", "doel_bereikt", "tevredenheid", "contact_blijft",
        *[pl.col(s).alias(f"{s}_na") for s in names],
    )
    return (
        after.join(duo, on=["initiatief_id", "duo_id"], how="left")
        .join(before, on=["initiatief_id", "deelnemer_id"], how="left")
        .with_columns(
            rol=pl.when(pl.col("deelnemer_id") == pl.col("inburgeraar_id")).then(pl.lit("inburgeraar"))
            .when(pl.col("deelnemer_id") == pl.col("coach_id")).then(pl.lit("coach"))
            .otherwise(pl.col("intake_rol")),
            jaar=pl.col("datum").dt.year(),
            eindgroep=_end_group(),
            traject=pl.col("traject").fill_null(UNKNOWN),
            heeft_intake=pl.col("heeft_intake").fill_null(False),
        )
        .filter(pl.col("rol").is_not_null())
        .drop("inburgeraar_id", "coach_id", "intake_rol", "geplande_einddatum", "einddatum", "eindreden")
    )


def score_pairs(closing: pl.DataFrame) -> pl.DataFrame:
    """One row per closing and score of the closing's role: `voor`, `na` (either may be missing) and `gepaard`.

    A score missing at intake or at closing makes that closing unpaired for that score only.
    """
    base = ["initiatief_id", "deelnemer_id", "duo_id", "jaar", "rol", "eindgroep", "traject"]
    parts = [
        closing.filter(pl.col("rol") == s.role).select(
            *base, score=pl.lit(s.name), voor=pl.col(f"{s.name}_voor"), na=pl.col(f"{s.name}_na"))
        for s in scores()
    ]
    return pl.concat(parts).with_columns(gepaard=pl.col("voor").is_not_null() & pl.col("na").is_not_null())


def ended_participants(intake: pl.DataFrame, duos: pl.DataFrame, afsluiting: pl.DataFrame,
                       as_of: date) -> pl.DataFrame:
    """One row per participant of a duo ended by the as-of date and per score of their role, with
    `heeft_afsluiting` (a closing for that participant and duo exists); `jaar` is the year the duo ended."""
    ended = duos.filter(pl.col("einddatum").is_not_null() & (pl.col("einddatum") <= as_of))
    people = pl.concat([
        ended.select("initiatief_id", "duo_id", "geplande_einddatum", "einddatum", "eindreden",
                     deelnemer_id=pl.col(f"{role}_id"), rol=pl.lit(role))
        for role in ("inburgeraar", "coach")
    ])
    closed = afsluiting.select("initiatief_id", "deelnemer_id", "duo_id").unique().with_columns(
        heeft_afsluiting=pl.lit(True))
    traject = intake.select("initiatief_id", "deelnemer_id", traject=pl.col("inburgeringstraject"))
    return (
        people.join(closed, on=["initiatief_id", "deelnemer_id", "duo_id"], how="left")
        .join(traject, on=["initiatief_id", "deelnemer_id"], how="left")
        .with_columns(
            heeft_afsluiting=pl.col("heeft_afsluiting").fill_null(False),
            traject=pl.col("traject").fill_null(UNKNOWN),
            jaar=pl.col("einddatum").dt.year(),
            eindgroep=_end_group(as_of),
        )
        .join(score_reference().select("score", "rol"), on="rol", how="inner")
    )


# --- statistics -------------------------------------------------------------------------------------------

def _t_interval(frame: pl.DataFrame) -> pl.DataFrame:
    """verschil ± t(0.975, n−1) · sd / √n; null for fewer than 2 pairs."""
    from scipy.stats import t as student_t  # here, not at the top: importing scipy.stats costs ≈ 1.2 s at start-up

    n = frame["n_paren"].to_numpy().astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        quantile = student_t.ppf(0.5 + CONFIDENCE / 2, n - 1)
    half = pl.col("_t") * pl.col("sd_verschil") / pl.col("n_paren").cast(pl.Float64).sqrt()
    return (frame.with_columns(pl.Series("_t", quantile, dtype=pl.Float64).fill_nan(None))
            .with_columns(ci_laag=pl.col("verschil") - half, ci_hoog=pl.col("verschil") + half)
            .drop("_t"))


def _wilcoxon(paired: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """Two-sided Wilcoxon signed-rank p-value per group, vectorised (same as scipy's method="approx").

    Ranks come from counts per group and |d|: the average rank of a block of t ties is the number of
    smaller values plus (t + 1) / 2, so W+ = Σ (positive d in the block) × that rank. The same figures
    as ranking every row (exactly: the ranks are halves, summed without rounding), but over a few rows
    per group instead of a sort-and-rank window over millions.
    """
    from scipy import special

    nonzero = paired.filter(pl.col("d") != 0).select(*by, abs_d=pl.col("d").abs(), positive=pl.col("d") > 0)
    blocks = (nonzero.group_by([*by, "abs_d"]).agg(t=pl.len().cast(pl.Float64),
                                                   plus=pl.col("positive").sum().cast(pl.Float64))
              .sort([*by, "abs_d"])
              .with_columns(below=pl.col("t").cum_sum().over(by) - pl.col("t")))
    w = blocks.group_by(by).agg(
        n_r=pl.col("t").sum(),
        w_plus=(pl.col("plus") * (pl.col("below") + (pl.col("t") + 1) / 2)).sum(),
        tie=(pl.col("t") ** 3 - pl.col("t")).sum(),
    )
    n, w_plus, tie = (w[c].to_numpy().astype(float) for c in ("n_r", "w_plus", "tie"))
    var = n * (n + 1) * (2 * n + 1) / 24 - tie / 48
    with np.errstate(invalid="ignore", divide="ignore"):
        p = 2 * special.ndtr(-np.abs((w_plus - n * (n + 1) / 4) / np.sqrt(var)))
    p = np.where((n >= MIN_NONZERO_FOR_P) & (var > 0), p, np.nan)
    return w.select(by).with_columns(p_wilcoxon=pl.Series(p, dtype=pl.Float64).fill_nan(None))


def change_measures(pairs: pl.DataFrame, ended: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """Paired change per group of `by`, with the response gap (`ended`: counted by _ended_counts) and the
    unpaired closings beside it."""
    # Text keys are grouped as categoricals (many times faster over millions of rows) and returned as text.
    text_keys = [k for k in by if pairs.schema.get(k) == pl.String]
    pairs = pairs.with_columns(pl.col(text_keys).cast(pl.Categorical))
    ended = ended.with_columns(pl.col([k for k in text_keys if k in ended.columns]).cast(pl.Categorical))
    paired = pairs.filter("gepaard").with_columns(d=(pl.col("na") - pl.col("voor")).cast(pl.Float64))
    d = pl.col("d")
    stats = paired.group_by(by).agg(
        n_paren=pl.len(),
        n_deelnemers=pl.struct("initiatief_id", "deelnemer_id").n_unique(),
        gem_voor=pl.col("voor").cast(pl.Float64).mean(),
        gem_na=pl.col("na").cast(pl.Float64).mean(),
        verschil=d.mean(),
        sd_verschil=d.std(ddof=1),
        aandeel_beter=(d > 0).mean(),
        aandeel_gelijk=(d == 0).mean(),
        aandeel_slechter=(d < 0).mean(),
    )
    stats = _t_interval(stats).join(_wilcoxon(paired, by), on=by, how="left")
    closed = pairs.group_by(by).agg(n_onvolledig=(~pl.col("gepaard")).sum())
    gap = ended.group_by(by).agg(pl.col("n_beeindigd", "n_zonder_afsluiting").sum())
    out = (closed.join(stats, on=by, how="left")
           .join(gap, on=by, how="full", coalesce=True)
           .with_columns(pl.col(c).fill_null(0).cast(pl.Int64) for c in _COUNTS))
    return out.with_columns(
        pl.col(text_keys).cast(pl.String),
        responsgraad=pl.when(pl.col("n_beeindigd") > 0)
        .then(1 - pl.col("n_zonder_afsluiting") / pl.col("n_beeindigd")),
    )


def _finish(frame: pl.DataFrame, keys: list[str], columns: list[str]) -> pl.DataFrame:
    """Reference columns joined on, fixed column order, sorted by level (in LEVELS order) and key."""
    if "score" in keys:
        frame = frame.join(score_reference().drop("beleidsdoel_label"), on="score", how="left")
    order = {level: i for i, level in enumerate(LEVELS)}
    score_order = {s.name: i for i, s in enumerate(scores())}
    sort = [pl.col("niveau").replace_strict(order, return_dtype=pl.Int32), *keys[1:]]
    if "score" in keys:
        sort[keys.index("score")] = pl.col("score").replace_strict(score_order, return_dtype=pl.Int32)
    return frame.sort(sort).select(*keys, *columns)


# --- the marts --------------------------------------------------------------------------------------------

def _ended_counts(ended: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """The response gap's two counts per initiative and key (without the level columns): counts add up
    over initiatives, so the levels need these few rows instead of every ended participant five times."""
    by = ["initiatief_id", *[k for k in keys if k not in ("niveau", "sleutel")]]
    return ended.group_by(by).agg(n_beeindigd=pl.len(), n_zonder_afsluiting=(~pl.col("heeft_afsluiting")).sum())


def _slim(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Only the columns `change_measures` reads, before `with_levels` repeats every row five times
    (at `large`, the closings' ids, dates and reasons repeated per level and score took gigabytes)."""
    wanted = [*keys, "initiatief_id", "deelnemer_id", "voor", "na", "gepaard", "heeft_afsluiting"]
    return frame.select(c for c in dict.fromkeys(wanted) if c in frame.columns)


def impact(intake: pl.DataFrame, duos: pl.DataFrame, afsluiting: pl.DataFrame, initiatieven: pl.DataFrame,
           as_of: date) -> pl.DataFrame:
    """mart.impact: one row per level, key, closing year and score."""
    pairs = _slim(score_pairs(closings(intake, duos, afsluiting)), IMPACT_KEYS)
    ended = _ended_counts(ended_participants(intake, duos, afsluiting, as_of), IMPACT_KEYS)
    measures = per_level((pairs, ended), initiatieven, lambda p, e: change_measures(p, e, IMPACT_KEYS))
    return _finish(measures, IMPACT_KEYS, _CHANGE_COLUMNS)


def impact_comparison(intake: pl.DataFrame, duos: pl.DataFrame, afsluiting: pl.DataFrame,
                      initiatieven: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """mart.impact_vergelijking: the same measures split by how the duo ended and by inburgeringstraject.

    `eindreden`: afgerond vs vroegtijdig_gestopt (vs onbekend), for every score — completers and early
    stoppers who filled in a closing, with each group's own response gap, so selection shows. `inburgeringstraject`:
    the participant's own answer at intake (ja, nee, afgerond, onbekend), for the inburgeraar's scores only.
    Within one comparison the groups partition the pairs of mart.impact.
    """
    def split(frame: pl.DataFrame) -> pl.DataFrame:
        return pl.concat([
            frame.with_columns(vergelijking=pl.lit("eindreden"), groep=pl.col("eindgroep")),
            frame.filter(pl.col("rol") == "inburgeraar").with_columns(
                vergelijking=pl.lit("inburgeringstraject"), groep=pl.col("traject")),
        ])

    pairs = _slim(split(score_pairs(closings(intake, duos, afsluiting))), COMPARISON_KEYS)
    ended = _ended_counts(split(ended_participants(intake, duos, afsluiting, as_of)), COMPARISON_KEYS)
    measures = per_level((pairs, ended), initiatieven, lambda p, e: change_measures(p, e, COMPARISON_KEYS))
    return _finish(measures, COMPARISON_KEYS, _CHANGE_COLUMNS)


def _share(condition: pl.Expr, among: pl.Expr) -> pl.Expr:
    n = among.sum()
    return pl.when(n > 0).then((condition & among).sum() / n)


def goals(intake: pl.DataFrame, duos: pl.DataFrame, afsluiting: pl.DataFrame,
          initiatieven: pl.DataFrame) -> pl.DataFrame:
    """mart.doelen: one row per level, key, closing year, role and goal named at intake.

    A participant who named two goals counts under both; `alle` holds every closing of the role (also those
    without intake), `zonder_doel` those whose intake named no goal. Goal attainment is over the closings
    that answered ja / deels / nee (geen_doel is counted apart); satisfaction and contact over those who answered.
    """
    closing = closings(intake, duos, afsluiting)
    named = (closing.filter("heeft_intake")
             .with_columns(doel=pl.when(pl.col("doelen").list.len() > 0).then(pl.col("doelen").list.unique())
                           .otherwise(pl.lit([NO_GOAL_NAMED])))
             .explode("doel"))
    rows = pl.concat([closing.with_columns(doel=pl.lit(ALL_GOALS)), named]).select(
        "initiatief_id", *[k for k in GOAL_KEYS if k not in ("niveau", "sleutel")], "doel_bereikt", "tevredenheid",
        "contact_blijft")
    reached, mood, contact = pl.col("doel_bereikt"), pl.col("tevredenheid"), pl.col("contact_blijft")
    answered, rated, replied = reached.is_in(GOAL_ANSWERS), mood.is_not_null(), contact.is_in(CONTACT_ANSWERS)
    frame = per_level(rows, initiatieven, lambda leveled: leveled.group_by(GOAL_KEYS).agg(
        n_afsluitingen=pl.len().cast(pl.Int64),
        n_doel_antwoord=answered.sum().cast(pl.Int64),
        n_geen_doel=(reached == "geen_doel").sum().cast(pl.Int64),
        aandeel_bereikt=_share(reached == "ja", answered),
        aandeel_deels=_share(reached == "deels", answered),
        aandeel_niet_bereikt=_share(reached == "nee", answered),
        n_tevredenheid=rated.sum().cast(pl.Int64),
        gem_tevredenheid=mood.cast(pl.Float64).mean(),
        **{f"aandeel_tevredenheid_{k}": _share(mood == k, rated) for k in range(1, 6)},
        n_contact=replied.sum().cast(pl.Int64),
        **{f"aandeel_contact_{a}": _share(contact == a, replied) for a in CONTACT_ANSWERS},
    ))
    return _finish(frame, GOAL_KEYS, [c for c in frame.columns if c not in GOAL_KEYS])


def build(name: str, inputs: dict[str, pl.DataFrame], as_of: date) -> pl.DataFrame:
    """One of the impact marts (`impact`, `impact_vergelijking`, `doelen`) from the staging frames of `load_inputs`."""
    args = (inputs["intake"], inputs["duos"], inputs["afsluiting"], inputs["initiatieven"])
    if name == "doelen":
        return goals(*args)
    return {"impact": impact, "impact_vergelijking": impact_comparison}[name](*args, as_of)


# --- checks (used by the Dagster asset checks; each returns the offending rows) ---------------------------

def interval_problems(frame: pl.DataFrame) -> pl.DataFrame:
    """Rows whose interval does not contain the mean change, whose change is not gem_na − gem_voor,
    or whose means fall outside 1–5."""
    eps = TOLERANCE
    has_pairs = pl.col("n_paren") > 0
    bad = (
        (pl.col("ci_laag").is_not_null() & ~((pl.col("ci_laag") <= pl.col("verschil") + eps)
                                             & (pl.col("verschil") <= pl.col("ci_hoog") + eps)))
        | (has_pairs & ~((pl.col("gem_na") - pl.col("gem_voor") - pl.col("verschil")).abs() <= eps))
        | (has_pairs & ~(pl.col("gem_voor").is_between(1, 5) & pl.col("gem_na").is_between(1, 5)))
        | ((pl.col("n_paren") >= 2) & pl.col("sd_verschil").is_not_null() & pl.col("ci_laag").is_null())
    )
    return frame.filter(bad.fill_null(True))


def share_problems(frame: pl.DataFrame, families: tuple = IMPACT_SHARES) -> pl.DataFrame:
    """Rows where a family of shares with a positive denominator is missing, outside 0–1 or does not sum to 1,
    or where shares are filled in without a denominator."""
    conditions = []
    for denominator, shares in families:
        total = pl.sum_horizontal(*shares)
        filled = pl.all_horizontal(pl.col(s).is_not_null() for s in shares)
        in_range = pl.all_horizontal(pl.col(s).is_between(0, 1) for s in shares)
        ok = pl.when(pl.col(denominator) > 0).then(filled & in_range & ((total - 1).abs() <= TOLERANCE)) \
            .otherwise(pl.all_horizontal(pl.col(s).is_null() for s in shares))
        conditions.append(~ok.fill_null(False))
    return frame.filter(pl.any_horizontal(conditions))


def recount_pairs(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Pairs per closing year and score for all of Flanders and Brussels, counted again in SQL on staging."""
    cols = ", ".join(f"a.{s.name} AS {s.name}_na, i.{s.name} AS {s.name}_voor" for s in scores())
    per_score = " UNION ALL ".join(
        f"SELECT jaar, '{s.name}' AS score, count(*) FILTER (WHERE rol = '{s.role}' AND {s.name}_voor IS NOT NULL "
        f"AND {s.name}_na IS NOT NULL) AS n FROM c GROUP BY jaar"
        for s in scores()
    )
    sql = f"""
        WITH c AS (
            SELECT CAST(year(a.datum) AS INTEGER) AS jaar,
                   coalesce(CASE WHEN a.deelnemer_id = d.inburgeraar_id THEN 'inburgeraar'
                                 WHEN a.deelnemer_id = d.coach_id THEN 'coach' END, i.rol) AS rol, {cols}
            FROM staging.afsluiting a
            LEFT JOIN staging.duos d ON d.initiatief_id = a.initiatief_id AND d.duo_id = a.duo_id
            LEFT JOIN staging.intake i ON i.initiatief_id = a.initiatief_id AND i.deelnemer_id = a.deelnemer_id
        )
        {per_score}
    """
    return con.sql(sql).pl().with_columns(pl.col("n").cast(pl.Int64))


def pair_count_problems(frame: pl.DataFrame, recount: pl.DataFrame) -> pl.DataFrame:
    """(level, jaar, score) where n_paren summed over the keys of a level differs from the SQL recount.

    Every level but provincie must add up to the total; provincie may hold fewer (Brussels has no province).
    Works on mart.impact and, per comparison, on mart.impact_vergelijking (whose groups partition the pairs).
    """
    group = ["niveau", "jaar", "score"] + (["vergelijking"] if "vergelijking" in frame.columns else [])
    sums = frame.group_by(group).agg(n_mart=pl.col("n_paren").sum())
    if "vergelijking" in frame.columns:  # the traject comparison covers the inburgeraar's scores only
        inburgeraar = [s.name for s in scores() if s.role == "inburgeraar"]
        expected = pl.concat([
            recount.with_columns(vergelijking=pl.lit("eindreden")),
            recount.filter(pl.col("score").is_in(inburgeraar)).with_columns(vergelijking=pl.lit("inburgeringstraject")),
        ])
    else:
        expected = recount
    expected = expected.join(pl.DataFrame({"niveau": list(LEVELS)}), how="cross")
    joined = expected.with_columns(pl.col("jaar").cast(pl.Int32)).join(
        sums.with_columns(pl.col("jaar").cast(pl.Int32)), on=group, how="full", coalesce=True
    ).with_columns(pl.col("n", "n_mart").fill_null(0))
    wrong = pl.when(pl.col("niveau") == "provincie").then(pl.col("n_mart") > pl.col("n")) \
        .otherwise(pl.col("n_mart") != pl.col("n"))
    return joined.filter(wrong).sort(group)


def recount_closings(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Closings per year that can be placed in a role (in the duo, or by the intake's rol), counted in SQL."""
    return con.sql("""
        SELECT CAST(year(a.datum) AS INTEGER) AS jaar, count(*) AS n
        FROM staging.afsluiting a
        LEFT JOIN staging.duos d ON d.initiatief_id = a.initiatief_id AND d.duo_id = a.duo_id
        LEFT JOIN staging.intake i ON i.initiatief_id = a.initiatief_id AND i.deelnemer_id = a.deelnemer_id
        WHERE a.deelnemer_id IN (d.inburgeraar_id, d.coach_id) OR i.rol IS NOT NULL
        GROUP BY 1
    """).pl().with_columns(pl.col("n").cast(pl.Int64))


def closing_count_problems(frame: pl.DataFrame, recount: pl.DataFrame) -> pl.DataFrame:
    """Years where mart.doelen's `alle` rows at the total level do not hold every closing found in staging."""
    sums = (frame.filter((pl.col("niveau") == "totaal") & (pl.col("doel") == ALL_GOALS))
            .group_by("jaar").agg(n_mart=pl.col("n_afsluitingen").sum()))
    return (recount.with_columns(pl.col("jaar").cast(pl.Int32))
            .join(sums.with_columns(pl.col("jaar").cast(pl.Int32)), on="jaar", how="full", coalesce=True)
            .with_columns(pl.col("n", "n_mart").fill_null(0))
            .filter(pl.col("n") != pl.col("n_mart")))
