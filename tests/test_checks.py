"""The warehouse checks as plain functions, on hand-made tables."""

from __future__ import annotations

import duckdb

from samen.checks import personal_data_cells

# Real pseudonym shapes whose digit runs read as a Belgian mobile number (0412 34 56 78) and as a
# national number with a valid check (85.07.30-033.28): seen in a few cells per thousand at scale.
PHONE_LIKE_PSEUDONYM = "a0412345678bcdef0123"
RRN_LIKE_SHA256 = "f" + "85073003328" + "e" * 52


def _table(rows: list[tuple[str, str, str]]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE SCHEMA staging")
    con.execute("CREATE TABLE staging.t (duo_id VARCHAR, opmerking VARCHAR, _sha256 VARCHAR)")
    con.executemany("INSERT INTO staging.t VALUES (?, ?, ?)", rows)
    return con


def test_our_own_digests_are_not_taken_for_phone_or_national_numbers() -> None:
    assert len(PHONE_LIKE_PSEUDONYM) == 20 and len(RRN_LIKE_SHA256) == 64
    con = _table([(PHONE_LIKE_PSEUDONYM, "boodschappen", RRN_LIKE_SHA256)])
    assert personal_data_cells(con, "staging.t", frozenset({"duo_id"})) == {}


def test_a_phone_number_in_a_text_column_and_a_raw_id_in_a_pseudonym_column_are_counted() -> None:
    con = _table([
        ("D-001", "bel 0412 34 56 78", RRN_LIKE_SHA256),
        (PHONE_LIKE_PSEUDONYM, "mail jan@voorbeeld.be", RRN_LIKE_SHA256),
        (PHONE_LIKE_PSEUDONYM, "85.07.30-033.28", RRN_LIKE_SHA256),
        (PHONE_LIKE_PSEUDONYM, "wandeling", RRN_LIKE_SHA256),
    ])
    assert personal_data_cells(con, "staging.t", frozenset({"duo_id"})) == {"duo_id": 1, "opmerking": 3}
    # without knowing duo_id is a pseudonym column, "D-001" is just text, and the digest is skipped
    assert personal_data_cells(con, "staging.t") == {"opmerking": 3}
