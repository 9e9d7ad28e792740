"""The LanguageTool backend, driven through language-tool-python's real client.

Every test talks HTTP to tests/ltserver.py on 127.0.0.1: a server answering
`/v2/check` and `/v2/languages` in LanguageTool's documented JSON shape, with
UTF-16 offsets as Java counts them. No real LanguageTool is needed (it cannot
be downloaded here); what is tested is the mapping of that API to findings.
"""

from __future__ import annotations

import json
import logging
import socket
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ltserver import FakeLanguageTool

from audit import AuditError, Auditor, Document
from audit.checks import grammar
from audit.languagetool import LanguageToolClient, LTSettings, Utf16Offsets, chunks, utf16_len


@pytest.fixture
def server():
    with FakeLanguageTool() as srv:
        yield srv


def auditor(url: str, select=("lt",), **lt) -> Auditor:
    return Auditor(select=list(select), settings={"languagetool": {"url": url, **lt}})


def check(a: Auditor, text: str):
    doc = Document(text, path="t.txt")
    found = a.check(doc)
    for f in found:
        assert doc.text[f.start : f.end] == f.text
    return found


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- mapping -------------------------------------------------------------------------------


def test_matches_map_to_codes_categories_and_unsafe_suggestions(server):
    text = "They will recieve a apple , he said.. Then they left."
    found = check(auditor(server.url), text)
    got = {(f.rule, f.category, f.text, tuple(f.suggestions), f.safe) for f in found}
    assert got == {
        ("lt.MORFOLOGIK_RULE_EN_US", "spelling", "recieve", ("receive",), False),
        ("lt.EN_A_VS_AN", "grammar", "a", ("an",), False),
        ("lt.COMMA_PARENTHESIS_WHITESPACE", "punctuation", " ,", (",",), False),
        ("lt.DOUBLE_PUNCTUATION", "punctuation", "..", (".", "…"), False),
    }
    speller = next(f for f in found if f.category == "spelling")
    assert speller.message == "Possible spelling mistake found."
    assert 0 < speller.confidence < 1


def test_categories_are_reported_only_when_selected(server):
    text = "They will recieve a apple , he said."
    assert {f.category for f in check(auditor(server.url, select=["spelling"]), text)} == {"spelling"}
    assert {f.category for f in check(auditor(server.url, select=["grammar"]), text)} == {"grammar"}
    assert {f.category for f in check(auditor(server.url, select=["lt.punctuation"]), text)} == {"punctuation"}


def test_off_by_default(server):
    a = Auditor(settings={"languagetool": {"url": server.url}})
    assert not any(f.rule.startswith("lt.") for f in check(a, "They will recieve a apple."))
    assert server.requests == []


def test_languagetool_rule_and_category_options_reach_the_server(server):
    a = auditor(server.url, disabled_rules=["EN_A_VS_AN"], disabled_categories=["TYPOGRAPHY"], language="en-GB")
    found = check(a, "They will recieve a apple , he said.")
    assert {f.rule for f in found} == {"lt.MORFOLOGIK_RULE_EN_US"}
    sent = server.requests[-1]
    assert sent["language"] == "en-GB"
    assert sent["disabledRules"] == "EN_A_VS_AN"
    assert sent["disabledCategories"] == "TYPOGRAPHY"


def test_enabled_only_and_picky_reach_the_server(server):
    a = auditor(server.url, enabled_rules=["EN_A_VS_AN"], enabled_only=True, picky=True, mother_tongue="de-DE")
    found = check(a, "They will recieve a apple , he said.")
    assert {f.rule for f in found} == {"lt.EN_A_VS_AN"}
    sent = server.requests[-1]
    assert (sent["enabledOnly"], sent["level"], sent["motherTongue"]) == ("true", "picky", "de-DE")


def test_rule_examples_of_the_pack_against_the_server(server):
    """The YAML examples of lt.* rules (the generic example test has no server to ask)."""
    a = Auditor(select=["ALL"])
    lt_rules = {code: rule for code, rule in a.rules.items() if rule.check == "languagetool"}
    assert set(lt_rules) == {"lt.grammar", "lt.spelling", "lt.punctuation"}
    for code, rule in lt_rules.items():
        assert rule.default is False
        one = auditor(server.url, select=[code])
        for ex in rule.examples["flag"]:
            found = check(one, ex["text"])
            assert [f.text for f in found] == [ex["span"]], code
            assert found[0].suggestions[0] == ex["suggest"]
        for text in rule.examples["pass"]:
            assert check(one, text) == [], code


# --- offsets -------------------------------------------------------------------------------


def test_utf16_offsets_around_emoji_and_astral_characters(server):
    text = "🎉🇺🇦 Fans said 𝒳 teh 👨‍👩‍👧 goverment will recieve 𝔘𝔫𝔦 a apple."
    found = check(auditor(server.url), text)
    assert [f.text for f in found] == ["teh", "goverment", "recieve", "a"]
    assert all(text[f.start : f.end] == f.text for f in found)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"ab \n", "é", "😀", "𝒳", "中"]), max_size=40), st.data())
def test_utf16_conversion_matches_java_counting(text, data):
    cp = data.draw(st.integers(0, len(text)))
    offset16 = len(text[:cp].encode("utf-16-le")) // 2
    assert Utf16Offsets(text).to_cp(offset16) == cp
    assert utf16_len(text) == len(text.encode("utf-16-le")) // 2


# --- chunking, pool, cache -------------------------------------------------------------------


def _paragraphs(n: int) -> str:
    para = "The minister spoke about 🎉 the budget. They will recieve a apple today."
    return "\n\n".join(f"{i}. {para}" for i in range(n))


def test_long_documents_go_in_paragraph_chunks_with_offsets_shifted_back():
    text = _paragraphs(60)
    with FakeLanguageTool(max_text_length=1000) as srv:
        found = check(auditor(srv.url, max_chars=400), text)
        sent = [r["text"] for r in srv.requests]
    assert len(sent) >= 10
    assert all(utf16_len(s) <= 400 for s in sent)
    pieces = [p for _, p in chunks(text, 400)]
    assert "".join(pieces) == text  # the chunks tile the document
    assert sorted(sent) == sorted(pieces)  # sent concurrently, in any order
    assert all(p.endswith("\n\n") for p in pieces[:-1])  # each ends at a paragraph break
    assert [f.text for f in found].count("recieve") == 60
    assert [f.text for f in found].count("a") == 60


def test_a_server_limit_below_the_chunk_size_is_met_by_splitting_again():
    text = _paragraphs(12)
    with FakeLanguageTool(max_text_length=300) as srv:
        found = check(auditor(srv.url, max_chars=5000), text)
        assert any(r for r in srv.requests if utf16_len(r["text"]) > 300)  # the first try was refused
    assert [f.text for f in found].count("recieve") == 12


def test_chunks_cut_an_overlong_paragraph_at_sentences_then_words():
    text = "A sentence here. " * 50 + "\n\n" + "word " * 100
    pieces = chunks(text, 120)
    assert "".join(p for _, p in pieces) == text
    assert all(text[off : off + len(p)] == p for off, p in pieces)
    assert all(utf16_len(p) <= 120 for _, p in pieces)
    assert all(p.endswith((" ", "\n")) for _, p in pieces[:-1])  # never inside a word
    assert sum(p.endswith(". ") for _, p in pieces) >= 7  # sentence ends first


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"ab .\n", "😀", "é"]), max_size=400), st.integers(4, 60))
def test_chunks_always_tile_the_text_under_the_limit(text, limit):
    pieces = chunks(text, limit)
    assert "".join(p for _, p in pieces) == text
    assert all(text[off : off + len(p)] == p and 0 < utf16_len(p) <= limit for off, p in pieces)


def test_requests_run_concurrently_but_bounded():
    with FakeLanguageTool(delay=0.15) as srv:
        check(auditor(srv.url, max_chars=300, workers=3), _paragraphs(30))
        assert len(srv.requests) >= 9
        assert 2 <= srv.peak_in_flight <= 3


def test_repeated_chunks_are_answered_from_the_cache(server):
    a = auditor(server.url, max_chars=200)
    para = "Teh boilerplate paragraph that every page repeats, a apple."
    check(a, f"First story about recieve.\n\n{para}")
    before = len(server.requests)
    found = check(a, f"Second story, different.\n\n{para}")
    assert len(server.requests) == before + 1  # only the new paragraph was sent
    assert [f.text for f in found if f.start > 20] == ["Teh", "a"]


# --- filtering -------------------------------------------------------------------------------


def test_spelling_matches_on_proper_names_are_dropped(server):
    text = "Zelenskyy and Kuleba met Blinken and Biden; teh talks went on."
    found = check(auditor(server.url), text)
    assert [f.text for f in found] == ["teh"]


@pytest.mark.skipif(grammar._known_name is None, reason="entity canon not installed")
def test_canon_names_are_dropped_even_when_they_are_common_words(server):
    a = auditor(server.url)
    # "Biden" and "Vance" are frequent enough that only the canon can say they are names
    assert min(a.resources.zipf("biden"), a.resources.zipf("vance")) >= 3.0
    found = check(a, "Biden told Vance the goverment will act.")
    assert [f.text for f in found] == ["goverment"]


def test_sentence_initial_misspelling_of_a_common_word_is_kept(server):
    found = check(auditor(server.url), "They left. Recieve it now. Teh end.")
    assert [(f.text, f.suggestions[0]) for f in found] == [("Recieve", "Receive"), ("Teh", "The")]


def test_spans_other_findings_cover_are_left_to_them(server, tmp_path):
    pack = tmp_path / "local.yml"
    pack.write_text(
        "pack: local\ncategory: repetition\nrules:\n"
        "  - code: local.doubled\n    type: phrase\n    message: doubled word\n"
        "    phrases: ['the the']\n"
        "    examples: {flag: ['the the'], pass: ['the']}\n",
        encoding="utf-8",
    )
    a = Auditor(select=["lt", "local"], settings={"languagetool": {"url": server.url}}, rule_packs=[pack])
    found = check(a, "We saw the the end of a apple.")
    assert [(f.rule, f.text) for f in found] == [("local.doubled", "the the"), ("lt.EN_A_VS_AN", "a")]


# --- no server -------------------------------------------------------------------------------


def test_unreachable_server_warns_once_and_other_checks_still_run(caplog):
    grammar._warned.clear()
    a = Auditor(select=["lt", "encoding"], settings={"languagetool": {"url": f"http://127.0.0.1:{closed_port()}"}})
    with caplog.at_level(logging.WARNING, logger="audit.languagetool"):
        first = check(a, "The cafÃ© will recieve guests.")
        second = check(a, "Another cafÃ©.")
    assert [f.rule for f in first] == ["encoding.mojibake"]
    assert [f.rule for f in second] == ["encoding.mojibake"]
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1
    assert "cannot reach LanguageTool" in lines[0] and "docker run" in lines[0] and "\n" not in lines[0]


def test_unreachable_server_is_an_error_when_grammar_was_asked_for():
    a = auditor(f"http://127.0.0.1:{closed_port()}", required=True)
    with pytest.raises(AuditError, match=r"cannot reach LanguageTool.*LTP_PATH"):
        a.check(Document("They will recieve it."))


def test_preflight_reaches_the_server_before_any_document(server):
    check_ = next(c for c in auditor(server.url).checks if c.name == "languagetool")
    assert check_.preflight() is True
    assert server.requests == []  # /v2/languages only, no text sent
    dead = next(c for c in auditor(f"http://127.0.0.1:{closed_port()}", required=True).checks)
    with pytest.raises(AuditError, match="cannot reach LanguageTool"):
        dead.preflight()


def test_no_server_configured_says_how_to_provide_one():
    a = Auditor(select=["lt"], settings={"languagetool": {"required": True}})
    with pytest.raises(AuditError, match=r"not configured.*url = .*local = true"):
        a.check(Document("text"))


def test_local_mode_without_an_unpacked_release_never_downloads(tmp_path, monkeypatch):
    monkeypatch.setenv("LTP_PATH", str(tmp_path))
    monkeypatch.delenv("LTP_JAR_DIR_PATH", raising=False)
    a = Auditor(select=["lt"], settings={"languagetool": {"local": True, "required": True}})
    with pytest.raises(AuditError, match="no unpacked LanguageTool"):
        a.check(Document("text"))
    assert list(tmp_path.iterdir()) == []


def test_unsupported_language_is_reported(server):
    a = auditor(server.url, language="xx-YY", required=True)
    with pytest.raises(AuditError, match=r"LanguageTool at http://127\.0\.0\.1"):
        a.check(Document("text"))


def test_a_server_that_does_not_answer_in_time_is_unavailable():
    with FakeLanguageTool(delay=3) as srv:
        a = auditor(srv.url, timeout=1, required=True)
        with pytest.raises(AuditError, match="timed out"):
            a.check(Document("They will recieve it."))
        sent = len(srv.requests)
        with pytest.raises(AuditError, match="timed out"):  # the next document does not wait again
            a.check(Document("Another document."))
        assert len(srv.requests) == sent


def test_bad_configuration_is_a_config_error():
    with pytest.raises(AuditError, match="unknown option 'urls'"):
        Auditor(select=["lt"], settings={"languagetool": {"urls": "x"}})


def test_client_is_thread_safe(server):
    client = LanguageToolClient(LTSettings(url=server.url, max_chars=300))
    results = []

    def work(i):
        results.append(len(client.check(_paragraphs(5 + i))))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    client.close()
    assert sorted(results) == [10, 12, 14, 16]


# --- command line ----------------------------------------------------------------------------


def _cli_project(tmp_path, url: str):
    (tmp_path / "audit.toml").write_text(f'[languagetool]\nurl = "{url}"\n', encoding="utf-8")
    (tmp_path / "doc.txt").write_text("The cafÃ© will recieve a apple.\n", encoding="utf-8")


def test_cli_reports_languagetool_findings(tmp_path, audit_cli, server):
    _cli_project(tmp_path, server.url)
    proc = audit_cli("check", "--select", "grammar,spelling,encoding", "--format", "json", "doc.txt", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    rules = [f["rule"] for f in json.loads(proc.stdout)["files"][0]["findings"]]
    assert rules == ["encoding.mojibake", "lt.MORFOLOGIK_RULE_EN_US", "lt.EN_A_VS_AN"]


def test_cli_exit_2_when_grammar_selected_and_no_server(tmp_path, audit_cli):
    _cli_project(tmp_path, f"http://127.0.0.1:{closed_port()}")
    proc = audit_cli("check", "--select", "grammar", "--format", "json", "doc.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "cannot reach LanguageTool" in proc.stderr


def test_cli_warns_and_runs_the_rest_when_grammar_comes_from_config(tmp_path, audit_cli):
    _cli_project(tmp_path, f"http://127.0.0.1:{closed_port()}")
    with (tmp_path / "audit.toml").open("a", encoding="utf-8") as fh:
        fh.write("")
    toml = (tmp_path / "audit.toml").read_text(encoding="utf-8")
    (tmp_path / "audit.toml").write_text('extend-select = ["grammar"]\n' + toml, encoding="utf-8")
    proc = audit_cli("check", "--format", "json", "doc.txt", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert [f["rule"] for f in json.loads(proc.stdout)["files"][0]["findings"]] == ["encoding.mojibake"]
    warning = [line for line in proc.stderr.splitlines() if "LanguageTool" in line]
    assert len(warning) == 1 and "docker run" in warning[0]
