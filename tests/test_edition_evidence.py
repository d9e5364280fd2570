"""Corrections by evidence: where prose and table disagree, recomputation from
the parts (else a second source) decides which is printed; where nothing
decides, the original stays. Runs on the real data of data/raw."""

from __future__ import annotations

import pytest

from nanjiang.derive.evidence import decide
from nanjiang.derive.facts import resolve_facts
from test_audit import REPO, derived_tables, load_package


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("edition")
    package, tables = load_package(REPO / "data" / "raw", tmp / "validated")
    facts = tables.pop("facts")
    return package, facts, {**tables, **derived_tables(tables, tmp / "indicators")}


def printed(data, edition="corrected", year=2020) -> dict[str, str]:
    package, facts, tables = data
    resolved = resolve_facts(facts, tables, year, package, edition)
    return {k: v["display"] for k, v in resolved.items()}


def fact_row(data, fact_id):
    _, facts, _ = data
    return facts[facts["fact_id"] == fact_id].iloc[0]


def test_share_recomputed_from_counts_keeps_the_prose(data):
    # prose 86%, 表 2-4 68.1; 2589 / 3029 × 100 = 85.5: the table misprinted.
    assert printed(data)["nj4_poor_villages_share_of_xj_2014"] == "86"
    package, _, tables = data
    from nanjiang.derive.facts import CellRef, lookup

    f = fact_row(data, "nj4_poor_villages_share_of_xj_2014")
    ref = CellRef.parse(f["compares_to"])
    verdict = decide(package, tables, ref.table, f, lookup(tables, ref, package))
    assert verdict.decided and verdict.printed == "prose"
    assert "2589 / 3029 × 100 = 85.5%" in verdict.reason


def test_total_recomputed_from_components_corrects_the_prose(data):
    # prose 2605, 表 2-4 2589 = 191 + 1222 + 1077 + 99
    assert printed(data)["nj4_poor_villages_2014"] == "2589"


def test_average_is_not_raised_above_its_maximum(data):
    # "平均贫困发生率约23.3，（部分贫困县市高达29.1）": 表 2-4 prints 29.8, which no
    # recomputation or second source supports: the original 23.3 stays.
    shown = printed(data)
    assert shown["nj4_poverty_incidence_2014_avg"] == "23.3"
    assert float(shown["nj4_poverty_incidence_2014_avg"]) < float(
        shown["nj4_county_max_poverty_incidence_2014"])


def test_faithful_edition_prints_every_original_number(data):
    _, facts, _ = data
    shown = printed(data, "faithful")
    for _, f in facts.iterrows():
        assert shown[f["fact_id"]] == f["value_text"], f["fact_id"]


def test_unknown_edition_is_refused(data):
    with pytest.raises(ValueError, match="edition 'x'"):
        printed(data, "x")


def test_every_prose_finding_says_which_evidence_decided(tmp_path):
    from test_audit import real_audit

    audit = real_audit(tmp_path)
    prose = audit[audit["rule"] == "prose_vs_table"]
    assert len(prose) > 0
    for detail in prose["detail"]:
        assert any(w in detail for w in ("依据分项重算", "依据第二来源", "无可据以重算")), detail
        assert "保留原" in detail or "改作" in detail, detail


def test_faithful_audit_says_the_number_was_kept(tmp_path):
    from nanjiang.derive.audit import run_audit
    from test_audit import derived_tables, load_package

    package, tables = load_package(REPO / "data" / "raw", tmp_path / "validated")
    audit = run_audit(package, tables, derived_tables(tables, tmp_path / "indicators"),
                      edition="faithful")
    prose = audit[audit["rule"] == "prose_vs_table"]
    assert all("本版依原报告，正文数值未改" in d for d in prose["detail"])
    assert not any("改作" in d for d in prose["detail"])
