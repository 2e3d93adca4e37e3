"""The rules of corpus-level resolution, each on invented mentions (kg.resolve and its modules)."""

import pytest

from kg.nlp.cues import default_lexicon
from kg.records import Definition, Mention
from kg.resolve import resolve
from kg.resolve.acronyms import same_meaning, short_form_table, spells
from kg.resolve.forms import closed_compounds
from kg.resolve.labels import vote
from kg.resolve.quality import Evidence, confidence, junk_reason
from kg.resolve.variants import (
    americanise,
    inner_short_forms,
    load_vocabulary,
    match_key,
    strip_head,
    versions,
)


def m(paper, text, label="METHOD", source="model", sentence=0, start=0):
    return Mention(paper, sentence, start, start + len(text), text, label, source)


def ids(resolution):
    return {i: eid for i, eid in resolution.assignment.items()}


def entities_in(ms, text):
    """The entities resolved from mentions of paper p1 in ``text``, by name; the mentions' offsets are checked first."""
    assert [text[x.start:x.end] for x in ms] == [x.text for x in ms]
    return {e.name: e for e in resolve(ms, texts={"p1": text}, known={}).entities}


def test_closed_compounds_and_hyphens_meet():
    r = resolve([m("p1", "fine-tuning"), m("p2", "fine tuning"), m("p3", "finetuning"), m("p4", "multi-modal fusion"),
                 m("p5", "multimodal fusion")], known={})
    a = ids(r)
    assert a[0] == a[1] == a[2] == "method:fine tuning"
    assert a[3] == a[4]
    assert {x.rule for x in r.aliases if x.surface == "finetuning"} == {"closed compound"}


def test_british_and_american_spellings_meet():
    r = resolve([m("p1", "reward modelling", "TASK"), m("p2", "reward modeling", "TASK"),
                 m("p3", "graph normalisation"), m("p4", "graph normalization")], known={})
    a = ids(r)
    assert a[0] == a[1] == "task:reward modeling" and a[2] == a[3] == "method:graph normalization"
    assert americanise("colour quantisation", load_vocabulary().american) == "color quantization"


def test_short_form_kept_in_parentheses_inside_a_name():
    r = resolve([m("p1", "Out-of-band (OOB) detection", "TASK"), m("p2", "out-of-band detection", "TASK"),
                 m("p3", "OOB detection", "TASK")], known={})
    a = ids(r)
    assert a[0] == a[1] == a[2] == "task:out of band detection"
    assert inner_short_forms("graph echo network (gen) pruning") == (
        "graph echo network pruning", [("gen", "graph echo network")])


def test_generic_heads_the_guidelines_drop():
    heads = load_vocabulary().strip_heads
    assert strip_head("zorb dataset", "DATASET", "ZORB dataset", heads) == "zorb"
    assert strip_head("mesh folding task", "TASK", "mesh folding task", heads) == "mesh folding"
    assert strip_head("qux 7 model", "METHOD", "Qux-7 model", heads) == "qux 7"
    assert strip_head("flow model", "METHOD", "flow models", heads) == "flow model"  # a family keeps its head
    assert match_key("automatic lip reading", "TASK", load_vocabulary()) == "lip reading"


def test_a_proper_name_keeps_a_head_that_the_corpus_writes_as_part_of_a_term():
    # two papers write "speech models" in lower case: the head belongs to the term, and the proper name keeps it
    names = {e.name: e.id for e in resolve([m("p1", "Large Pre-Trained Speech Models"), m("p2", "small speech models"),
                                            m("p3", "masked speech model"), m("p4", "Quokka-7 Model")], known={}).entities}
    assert names["Large Pre-Trained Speech Models"] == "method:large pre trained speech model"
    assert names["Quokka-7 Model"] == "method:quokka 7"  # "7 model" is no term of the corpus
    alone = resolve([m("p1", "Large Pre-Trained Speech Models")], known={}).entities
    assert [e.id for e in alone] == ["method:large pre trained speech"]  # what one paper alone gives


def test_a_definition_in_one_paper_resolves_the_bare_short_form_elsewhere():
    ms = [m("p1", "sparse gated routing", source="abbreviation:long"), m("p1", "SGR", source="abbreviation:short"),
          m("p2", "SGR"), m("p3", "SGRs")]
    r = resolve(ms, [Definition("p1", "METHOD", "SGR", "sparse gated routing")], known={})
    a = ids(r)
    assert a[0] == a[1] == a[2] == a[3] == "method:sparse gated routing"
    rules = {x.surface: x.rule for x in r.aliases}
    assert rules["SGR"] == "abbreviation:paper" and rules["SGRs"] == "abbreviation:corpus"


def test_a_short_form_with_two_meanings_is_never_merged():
    ms = [m("p1", "tile-time augmentation"), m("p1", "TTX"), m("p2", "tile-time adjustment"), m("p2", "TTX"),
          m("p3", "TTX")]
    defs = [Definition("p1", "METHOD", "TTX", "tile-time augmentation"),
            Definition("p2", "METHOD", "TTX", "tile-time adjustment")]
    r = resolve(ms, defs, known={})
    a = ids(r)
    assert a[1] == a[0] != a[3] == a[2]          # each defining paper keeps its own meaning
    assert a[4] not in (a[0], a[2])              # the bare use elsewhere joins neither
    (refused,) = r.candidates
    assert refused.surface == "TTX" and len(refused.entities) == 2 and "2 meanings" in refused.reason


def test_long_forms_that_say_the_same_are_one_meaning():
    assert same_meaning("deep belief network", "deep belief neural network")
    assert not same_meaning("tile time augmentation", "tile time adjustment")
    table = short_form_table([("p1", "dbn", "deep belief network"), ("p2", "dbn", "deep belief net"),
                              ("p3", "dbn", "deep belief network")])
    assert table.meaning("dbn", "p9") == ("deep belief network", "abbreviation:corpus")
    assert table.same_as == {"deep belief net": "deep belief network"}


def test_a_long_form_that_says_the_same_meets_it_also_written_apart():
    defined = [Definition("p1", "METHOD", "LZMs", "large zorb models"), Definition("p4", "METHOD", "LZMs", "large zorb models"),
               Definition("p2", "METHOD", "LZMs", "large pretrained zorb models")]
    ms = [m("p1", "large zorb models"), m("p2", "large pretrained zorb models"), m("p3", "Large Pre-Trained Zorb Models"),
          m("p4", "large zorb models")]
    a = ids(resolve(ms, defined, known={}))
    assert a[0] == a[1] == a[2] == "method:large zorb model"


def test_known_pairs_come_after_the_corpus_and_need_the_full_name_in_it():
    ms = [m("p1", "QRN"), m("p2", "quantum ridge network")]
    a = ids(resolve(ms, known={"qrn": "quantum ridge network"}))
    assert a[0] == a[1]
    alone = ids(resolve([m("p1", "QRN")], known={"qrn": "quantum ridge network"}))
    assert alone[0] == "method:qrn"


def test_initials_resolve_an_undefined_short_form_only_when_one_name_spells_it():
    assert spells("vqx", ["vector", "quantized", "xylophone"]) and not spells("vqx", ["vector", "quantized"])
    a = ids(resolve([m("p1", "VQX"), m("p2", "vector quantized xylophone")], known={}))
    assert a[0] == a[1]


def test_one_label_per_concept_by_corpus_vote():
    ms = [m("p1", "ZebraSet", "DATASET", "gazetteer:dataset"), m("p2", "ZebraSet", "DATASET", "gazetteer:dataset"),
          m("p3", "ZebraSet", "METHOD")]
    r = resolve(ms, known={})
    assert set(ids(r).values()) == {"dataset:zebraset"}
    assert vote({"METHOD": 1, "DATASET": 6}, {"METHOD": 1, "DATASET": 2}) == ("DATASET", None)
    assert vote({"METHOD": 5, "TASK": 4}, {"METHOD": 3, "TASK": 3}) == ("METHOD", "TASK")


@pytest.mark.parametrize("name, key, label, reason", [
    ("Quux (QX", "quux (qx", "METHOD", "unbalanced brackets"),
    ("Smith et al", "smith et al", "METHOD", "citation or author name"),
    ("QX. We show", "qx. we show", "METHOD", "sentence break inside"),
    ("Quillstock - to study", "quillstock to study", "DATASET", "sentence break inside"),
    ("âQuillsort", "aquillsort", "METHOD", "garbled characters"),
    ("Q", "q", "METHOD", "a single letter"),
    ("fully-glyphic Siamese", "fully glyphic siamese", "METHOD", "cut off before its noun"),
    ("Quill Parsing Neural", "quill parsing neural", "METHOD", "cut off before its noun"),
    ("-routing block", "routing block", "METHOD", "fragment of a longer word"),
    ("spectral divergence", "spectral divergence", "METHOD", "measure or metric"),
    ("Wasserstein distance", "wasserstein distance", "METHOD", "measure or metric"),
    ("quillon sketching matrices", "quillon sketching matrix", "METHOD", "measure or metric"),
    ("Glyph Transport Metrics", "glyph transport metrics", "METHOD", "measure or metric"),
    ("small glyph size", "small glyph size", "TASK", "measure or metric"),
    ("quillon tangent kernel", "quillon tangent kernel", "METHOD", "measure or metric"),
    ("20x", "20 x", "DATASET", "measure or metric"),
    ("quillon graph kernels", "quillon graph kernel", "METHOD", ""),
    ("glyph learning-style", "glyph learning style", "METHOD", "cut off before its noun"),
    ("open-vocabulary", "open vocabulary", "TASK", "cut off before its noun"),
    ("quill cross-lingual", "quill cross lingual", "TASK", "cut off before its noun"),
    ("computer vision", "computer vision", "TASK", "field name"),
    ("robustness", "robustness", "TASK", "bare property or task head"),
    ("segmentation", "segmentation", "TASK", "bare property or task head"),
    ("auxiliary modules", "auxiliary module", "METHOD", "bare role head"),
    ("pretrained networks", "pretrained network", "METHOD", "bare role head"),
    ("backpropagate", "backpropagate", "METHOD", "verb"),
    ("emergent", "emergent", "DATASET", "common word typed DATASET"),
    ("Detecting Curved Glyphs", "detecting curved glyph", "TASK", "title fragment"),
    ("ZorbNet-3", "zorbnet 3", "METHOD", ""),
    ("deep networks", "deep network", "METHOD", ""),
    ("captioning", "captioning", "TASK", ""),
])
def test_junk_filter(name, key, label, reason):
    evidence = Evidence({"model": 1}, 1, 1)
    from kg.nlp.cues import default_lexicon

    assert junk_reason(name, key, label, evidence, load_vocabulary(), default_lexicon()) == reason


def test_the_gazetteers_areas_named_by_things_are_no_tasks_but_a_curated_list_is_believed():
    from kg.nlp.cues import default_lexicon

    v, lex = load_vocabulary(), default_lexicon()
    listed = Evidence({"gazetteer": 2}, 2, 2)
    assert junk_reason("Zorb Clouds", "zorb cloud", "TASK", listed, v, lex) == "things, not a task"
    assert junk_reason("zorb clouds", "zorb cloud", "TASK", Evidence({"curated": 1}, 1, 1), v, lex) == ""
    assert junk_reason("contextual zorb bandits", "contextual zorb bandit", "TASK", listed, v, lex) == ""
    assert junk_reason("remote sensing", "remote sensing", "TASK", listed, v, lex) == "field name"
    assert junk_reason("Colorization", "colorization", "TASK", listed, v, lex) == ""  # a task, capitalised


def test_author_names_and_cut_words_are_seen_in_the_text():
    text = "We compare with Quimby et al. and with the Large-Scale Zebra benchmark."
    ms = [Mention("p1", 0, 16, 22, "Quimby", "METHOD", "model"),
          Mention("p1", 0, 49, 60, "Scale Zebra", "DATASET", "model")]
    r = resolve(ms, texts={"p1": text}, known={})
    reasons = {e.name: e.reason for e in r.entities}
    assert reasons == {"Quimby": "citation or author name", "Scale Zebra": "fragment of a longer word"}
    assert not any(e.kept for e in r.entities)


def test_a_name_followed_by_licence_is_a_licence_not_a_dataset():
    text = "Code is released under the QRX License with ZorbSet."
    ms = [Mention("p1", 0, 27, 30, "QRX", "DATASET", "gazetteer:dataset"),
          Mention("p1", 0, 44, 51, "ZorbSet", "DATASET", "model")]
    reasons = {e.name: e.reason for e in resolve(ms, texts={"p1": text}, known={}).entities}
    assert reasons == {"QRX": "a licence", "ZorbSet": ""}


def test_a_name_the_model_alone_found_before_the_head_of_a_measure_is_cut_before_its_noun():
    text = "We tune the quill transfer ratio and the glyph dropout rate of QuillNet."
    ms = [Mention("p1", 0, 12, 26, "quill transfer", "METHOD", "model"),
          Mention("p1", 0, 41, 54, "glyph dropout", "METHOD", "curated:method"),
          Mention("p1", 0, 63, 71, "QuillNet", "METHOD", "model")]
    reasons = {e.name: e.reason for e in resolve(ms, texts={"p1": text}, known={}).entities}
    assert reasons == {"quill transfer": "cut off before its noun", "glyph dropout": "", "QuillNet": ""}
    text = "A cyclic glyph size schedule helps."
    ms = [Mention("p1", 0, 2, 14, "cyclic glyph", "METHOD", "model")]
    assert [e.reason for e in resolve(ms, texts={"p1": text}, known={}).entities] == ["cut off before its noun"]


def test_confidence_grows_with_evidence():
    v = load_vocabulary()
    weak = confidence("zorb fusion", Evidence({"model": 1}, 1, 1), v)
    strong = confidence("ZorbNet", Evidence({"gazetteer": 2, "model": 3}, 4, 5), v)
    assert 0 < weak < strong <= 1


def test_a_lower_case_name_the_model_found_once_in_passing_is_left_out_of_the_graph():
    r = resolve([m("p1", "zorb fusion", sentence=3), m("p2", "quux pooling", sentence=0),
                 m("p3", "blob mixing", sentence=2), m("p3", "blob mixing", sentence=4, start=40),
                 m("p4", "Zorb Pooling", sentence=3), m("p5", "glyph routing", "METHOD", "curated:method", sentence=3)],
                known={})
    kept = {e.name: e.kept for e in r.entities}
    assert kept == {"zorb fusion": False, "quux pooling": True, "blob mixing": True, "Zorb Pooling": True,
                    "glyph routing": True}  # once in passing; the first sentence, twice, a name, a list: kept
    assert [e.confidence for e in r.entities if e.name == "zorb fusion"] == [0.45]


def test_a_name_only_a_cue_proposed_once_is_left_out_of_the_graph():
    r = resolve([m("p1", "Fixed-Length Glyph Transformer", source="cue:method-head"),
                 m("p2", "Zorb Glyph Network", source="cue:method-head"),
                 m("p2", "Zorb Glyph Network", source="cue:method-head", sentence=2, start=40),
                 m("p3", "Quux Glyph Network", source="cue:method-head"), m("p3", "Quux Glyph Network", start=40)],
                known={})
    assert {e.name: e.kept for e in r.entities} == {"Fixed-Length Glyph Transformer": False,
                                                    "Zorb Glyph Network": True, "Quux Glyph Network": True}


def test_versions_and_closed_compounds_helpers():
    assert versions("ZMT'19") == "ZMT 2019" and versions("GlyphNet 3.0") == "GlyphNet 3"
    assert closed_compounds({"pre training": 5, "pretraining": 2}) == {"pretraining": "pre training"}


def test_a_short_form_beside_the_name_it_is_made_of_is_defined_in_that_paper():
    # "ZyQuAT: Zygote Quantile Attention Transfer" written as a title, with no parenthesis
    ms = [m("p1", "ZyQuAT"), m("p1", "Zygote Quantile Attention Transfer"), m("p2", "ZyQuAT"),
          m("p3", "ZyQuAT", "DATASET")]
    a = ids(resolve(ms, known={}))
    assert a[0] == a[1] == a[2] == "method:zygote quantile attention transfer"
    assert a[3] != a[0]  # a dataset of that name is another thing


def test_a_camel_case_short_form_may_skip_one_word_of_its_title():
    # "WarpNET: Representation Learning by Warping Maximizing Neural Embedding Trees": "maximizing" gives nothing
    ms = [m("p1", "WarpNET"), m("p1", "Warping Maximizing Neural Embedding Trees"), m("p2", "FooNET"),
          m("p2", "Foo Bar Baz Neural Embedding Trees")]
    a = ids(resolve(ms, known={}))
    assert a[0] == a[1] == "method:warping maximizing neural embedding tree"
    assert a[2] != a[3]  # one word may be skipped, not two


def test_a_short_form_beside_a_name_of_capitalised_words_written_as_one_is_defined_by_it():
    a = ids(resolve([m("p1", "ZQB", "DATASET"), m("p1", "ZorbQuuxBlob", "DATASET"), m("p2", "ZQB", "DATASET"),
                     m("p3", "ZQB"), m("p3", "ZorbQuuxBlob", "DATASET")], known={}))
    assert a[0] == a[1] == a[2] == "dataset:zorbquuxblob"
    assert a[3] == "method:zqb"  # a method is no dataset, whatever it spells


def test_a_bare_short_form_typed_task_joins_the_method_the_corpus_defines():
    # extraction swaps METHOD and TASK; the corpus's one definition decides what the short form is
    ms = [m("p1", "Quillet Stochastic Translation"), m("p1", "QST"), m("p2", "QST", "TASK"),
          m("p3", "QST", "DATASET")]
    found = resolve(ms, known={})
    a = ids(found)
    assert a[1] == a[2] == a[0]
    assert a[3] != a[0]


def test_a_short_form_of_several_meanings_is_spelled_out_inside_a_name_by_its_papers_own_definition():
    ms = [m("p1", "out-of-range (OOR) detection", "TASK", source="abbreviation:long"), m("p1", "OOR", "TASK"),
          m("p1", "OOR detection", "TASK"),
          m("p2", "out-of-reach (OOR) planning", "TASK", source="abbreviation:long"), m("p2", "OOR", "TASK"),
          m("p3", "OOR detection", "TASK"), m("p4", "out-of-range detection", "TASK")]
    defined = [Definition("p1", "TASK", "OOR", "out-of-range"), Definition("p2", "TASK", "OOR", "out-of-reach")]
    a = ids(resolve(ms, definitions=defined, known={}))
    assert a[2] == a[6] == "task:out of range detection"  # p1 defines OOR
    assert a[5] == "task:oor detection"  # p3 does not: two meanings, left alone


def test_a_word_a_paper_abbreviates_is_spelled_out_inside_that_papers_names_and_nowhere_else():
    # p1 and p2 define OOR as a word ("out-of-range (OOR) inputs"), no name; p3 uses "OOR planning" undefined
    ms = [m("p1", "OOR detection", "TASK"), m("p2", "OOR planning", "TASK"), m("p2", "out-of-range detection", "TASK"),
          m("p3", "OOR planning", "TASK"), m("p4", "OOR", "TASK"), m("p1", "OORS", "METHOD")]
    defined = [Definition("p1", "", "OOR", "out-of-range"), Definition("p2", "", "OOR", "out-of-range")]
    a = ids(resolve(ms, definitions=defined, known={}))
    assert a[0] == a[2] == "task:out of range detection" and a[1] == "task:out of range planning"
    assert a[3] == a[1]  # p3 defines nothing: the one name of the corpus that spells it out, as before
    assert a[4] == "task:oor" and a[5] == "method:oors"  # a bare short form is no name made of the word
    # with a label, the definition is a name's, as before: a bare use elsewhere joins it
    named = ids(resolve([m("p1", "OOR", "TASK"), m("p2", "OOR", "TASK")], definitions=[
        Definition("p1", "TASK", "OOR", "out-of-range")], known={}))
    assert named[1] == "task:out of range"


def test_names_in_camel_case_and_words_in_lower_case_are_no_short_forms():
    # "ZebraNet" is a name, not a short form of "ZebraNet-B dataset split"; "n-qrams" holds no "QRAM"
    ms = [m("p1", "ZebraNet", "DATASET"), m("p1", "ZebraNet-B split", "DATASET"), m("p2", "ZebraNet", "DATASET"),
          m("p3", "quantile rank attention model"), m("p3", "QRAM", source="abbreviation:short"),
          m("p4", "n-qrams features")]
    r = resolve(ms, [Definition("p3", "METHOD", "QRAM", "quantile rank attention model")], known={})
    a = ids(r)
    assert a[0] == a[2] == "dataset:zebranet" != a[1]
    assert a[3] == a[4] and a[5] == "method:n qrams feature"


def test_a_year_written_with_two_digits_meets_the_full_year():
    r = resolve([m("p1", "QZT16", "DATASET"), m("p2", "QZT 2016", "DATASET"), m("p3", "QZT'16 test", "DATASET"),
                 m("p4", "Blocknet 50"), m("p5", "Blocknet 2050")], known={})
    a = ids(r)
    assert a[0] == a[1] == "dataset:qzt 2016"
    assert {x.rule for x in r.aliases if x.surface == "QZT16"} == {"year written out"}
    assert a[3] != a[4]  # two digits from 50 up are read as 19xx


def test_a_head_put_first_meets_the_name_that_puts_it_last():
    r = resolve([m("p1", "estimating glyph flow", "TASK"), m("p2", "glyph flow estimation", "TASK"),
                 m("p3", "segmentation of leaf veins", "TASK"), m("p4", "leaf vein segmentation", "TASK"),
                 m("p5", "bag of words"), m("p6", "words bag")], known={})
    a = ids(r)
    assert a[0] == a[1] == "task:glyph flow estimation" and a[2] == a[3] == "task:leaf vein segmentation"
    assert {x.rule for x in r.aliases if x.surface == "estimating glyph flow"} == {"head moved last"}
    assert a[4] != a[5]  # only a head that stands first, one word before "of"


def test_optional_task_modifier_and_head_but_never_down_to_a_bare_task_head():
    r = resolve([m("p1", "image deglyphing", "TASK"), m("p2", "deglyphing", "TASK"),
                 m("p3", "image classification", "TASK"), m("p4", "classification", "TASK"),
                 m("p5", "leaf contour estimation", "TASK"), m("p6", "leaf contour", "TASK"),
                 m("p7", "quorum graph model"), m("p8", "quorum graph")], known={})
    a = ids(r)
    assert a[0] == a[1] and a[4] == a[5] and a[6] == a[7]
    assert a[2] != a[3]
    r = resolve([m("p1", "image question answering", "TASK"), m("p2", "question answering", "TASK")], known={})
    assert len(set(ids(r).values())) == 2  # a domain modifier goes only before a one-word task


def test_a_publisher_prefix_of_a_dataset_is_optional():
    v = load_vocabulary()
    assert match_key("ms qzt", "DATASET", v) == match_key("qzt", "DATASET", v)
    assert match_key("ms qzt", "METHOD", v) == "ms qzt"


def test_a_known_one_word_name_joins_its_full_name_when_the_corpus_holds_it():
    r = resolve([m("p1", "blk2blk"), m("p2", "block to block"), m("p3", "Blk2Blk")],
                known={"blk 2 blk": "block to block"})
    a = ids(r)
    assert a[0] == a[1] == a[2] == "method:block to block"


def test_initials_pick_the_name_with_the_short_forms_label():
    r = resolve([m("p1", "QRT", "DATASET"), m("p2", "Quill Reading Treebank", "DATASET", "gazetteer"),
                 m("p3", "quick rotary tuning")], known={})
    a = ids(r)
    assert a[0] == a[1] == "dataset:quill reading treebank"


def test_a_name_cut_off_inside_a_bracket_is_mended():
    r = resolve([m("p1", "Out-of-band (OOB", "TASK"), m("p2", "out-of-band", "TASK"),
                 m("p3", "Quillnet [Smith et al., 2023"), m("p4", "Quillnet")], known={})
    a = ids(r)
    assert a[0] == a[1] and a[2] == a[3]


def test_a_common_word_written_with_a_capital_is_no_name_unless_a_text_names_it():
    texts = {"p1": "Careful tuning helps.", "p2": "We propose a framework, namely Careful, for tuning."}
    r = resolve([m("p1", "Careful", start=0), m("p2", "Careful", start=texts["p2"].index("Careful")), m("p3", "Quillnet")],
                known={},
                texts=texts)
    by_id = {e.id: e for e in r.entities}
    assert by_id["method:careful"].kept  # p2 introduces it as a name
    r = resolve([m("p1", "Careful", start=0), m("p3", "Quillnet")], known={}, texts=texts)
    by_id = {e.id: e for e in r.entities}
    assert by_id["method:careful"].reason == "common word" and by_id["method:quillnet"].kept
    listed = resolve([m("p1", "Careful", "METHOD", "gazetteer:method")], known={}, texts=texts)
    assert listed.entities[0].kept  # a curated list or the gazetteer vouches for it


def test_a_task_keeps_its_head_when_a_variant_drops_it():
    r = resolve([m(f"p{i}", "glyph-of-line", "TASK") for i in range(3)] + [m("p9", "glyph of line tagging", "TASK")],
                known={})
    assert set(ids(r).values()) == {"task:glyph of line tagging"}


def test_bare_task_heads_and_common_words_are_left_out():
    for word in ("identification", "relatedness"):
        r = resolve([m("p1", word, "TASK")], known={})
        assert r.entities[0].reason == "bare property or task head"


def test_names_cut_before_their_noun_dimensions_and_weak_single_words():
    r = resolve([m("p1", "glyph parsing from a single", "TASK"), m("p2", "Margin-based"), m("p3", "2D encoder"),
                 m("p4", "predictor"), m("p5", "skip-gram"), m("p6", "predictor", source="gazetteer:method")],
                known={})
    reason = {e.name: e.reason for e in r.entities}
    assert reason["glyph parsing from a single"] == reason["Margin-based"] == "cut off before its noun"
    assert reason["2D encoder"] == "bare role head"
    assert reason["skip-gram"] == ""  # a hyphenated compound is no weak single word
    assert reason["predictor"] == ""  # the gazetteer's paper lifts it


def test_a_single_lower_case_word_of_the_model_in_one_paper_is_too_little():
    r = resolve([m("p1", "predictor")], known={})
    assert r.entities[0].reason == "too little evidence"


def test_a_short_form_glued_to_a_letter_is_not_spelled_out():
    defs = [Definition("p1", "METHOD", "QNN", "quill neural network")]
    r = resolve([m("p1", "QNN"), m("p1", "quill neural network", start=10), m("p2", "Faster Q-QNN"),
                 m("p3", "Faster QQNN"), m("p4", "deep QNN features")], defs, known={})
    a = ids(r)
    assert a[2] == a[3] == "method:faster q qnn"  # the hyphenated and the closed spelling still meet
    assert a[4] == "method:deep quill neural network feature"


def test_quotes_organisations_and_words_run_together():
    r = resolve([m("p1", "fully woven ” networks"), m("p2", "fully woven networks"),
                 m("p3", "Quillsoft Technology Inc."), m("p4", "RevisitingQuillWeavingwithGlyphEmbeddings")], known={})
    a = ids(r)
    assert a[0] == a[1]
    reason = {e.name: e.reason for e in r.entities}
    assert reason["Quillsoft Technology Inc."] == "an organisation"
    assert reason["RevisitingQuillWeavingwithGlyphEmbeddings"] == "words run together"


def test_a_short_form_inside_a_long_form_is_spelled_out_for_the_short_form_too():
    defs = [Definition("p1", "METHOD", "RL", "reinforcement learning"),
            Definition("p2", "METHOD", "QUILT", "quick RL tuning")]
    r = resolve([m("p1", "RL"), m("p1", "reinforcement learning", start=10), m("p2", "QUILT"),
                 m("p3", "Quick RL Tuning")], defs, known={})
    a = ids(r)
    assert a[2] == a[3] == "method:quick reinforcement learning tuning"


def test_a_piece_of_a_hyphenated_word_joins_no_name():
    r = resolve([m("p1", "-glyph mechanism"), m("p2", "glyph mechanism"), m("p3", "glyph mechanism")], known={})
    a = ids(r)
    assert a[0] != a[1] == a[2]
    assert {e.name: e.reason for e in r.entities}["-glyph mechanism"] == "fragment of a longer word"


def test_long_forms_that_differ_by_a_short_form_inside_are_one_meaning():
    defs = [Definition("p1", "METHOD", "QAN", "quill adversarial network"),
            Definition("p2", "METHOD", "QAN", "quill adversarial net"),
            Definition("p3", "METHOD", "cQAN", "conditional QAN"),
            Definition("p4", "METHOD", "cQAN", "conditional quill adversarial network")]
    r = resolve([m("p3", "cQAN"), m("p4", "cQAN"), m("p5", "cQAN")], defs, known={})
    assert set(ids(r).values()) == {"method:conditional quill adversarial network"}
    assert not r.candidates  # no merge refused: one meaning


def test_a_digit_inside_an_undefined_short_form_stands_for_a_word():
    ms = [m("p1", "sketch-to-mesh", "TASK"), m("p2", "S2M", "TASK"), m("p3", "S4M", "TASK"),
          m("p4", "sketch for mesh", "TASK"), m("p5", "shape two mesh", "TASK")]
    a = ids(resolve(ms, known={}))
    assert a[1] == a[0] == "task:sketch to mesh"
    assert a[2] == a[3] == "task:sketch for mesh"
    assert a[4] != a[1]


def test_task_heads_that_name_one_thing_join():
    ms = [m("p1", "glyph synthesis", "TASK"), m("p2", "glyph generation", "TASK"), m("p3", "glyph generation", "TASK"),
          m("p4", "lyric categorisation", "TASK"), m("p5", "lyric classification", "TASK"),
          m("p6", "synthesis", "TASK"), m("p7", "generation", "TASK")]
    a = ids(resolve(ms, known={}))
    assert a[0] == a[1] == a[2] and a[3] == a[4]
    assert a[5] != a[6]  # a bare head is no name to join


def test_a_camel_case_name_beside_the_words_it_is_cut_from_is_defined_in_that_paper():
    # "FlexPoolGNN: Flexible Pooling Graph Neural Networks", a title with no parenthesis
    ms = [m("p1", "FlexPoolGNN"), m("p1", "Flexible Pooling Graph Neural Networks"), m("p2", "FlexPoolGNN"),
          m("p3", "GlowNet"), m("p3", "glow network")]
    a = ids(resolve(ms, known={}))
    assert a[0] == a[1] == a[2] == "method:flexible pooling graph neural network"
    assert a[3] != a[4]  # a name without a run of capitals is no short form


def test_a_method_only_the_model_typed_takes_the_label_of_its_task_head():
    tasks = [f"{w} tagging" for w in ("pos", "sequence", "image", "entity", "role", "slot", "music", "video", "event",
                                       "aspect", "chunk", "morpheme", "topic", "genre", "scene", "speaker", "emotion",
                                       "intent", "claim", "motion")]
    ms = [m(f"p{i}", name, "TASK") for i, name in enumerate(tasks)]
    ms += [m("q1", "multilingual glyph tagging"), m("q2", "BPE glyph tagging"),
           m("q3", "curated glyph tagging", source="curated"), m("q4", "glyph matching"),
           m("q5", "Quill Signal (QS) tagging")]
    found = resolve(ms, known={})
    a = [ids(found)[len(tasks) + i] for i in range(5)]
    assert a[0] == "task:multilingual glyph tagging"
    assert a[4] == "task:quill signal tagging"  # the short form in brackets is the one the name defines
    assert a[1].startswith("method:")  # written with a short form: a name of its own
    assert a[2].startswith("method:")  # a list vouches for the label
    assert a[3].startswith("method:")  # too few other names with its head
    assert any(alias.rule == "label by head: METHOD -> TASK" for alias in found.aliases)


def test_a_mention_one_word_short_of_a_name_of_the_corpus_joins_it():
    texts = {"p1": "We keep a rolling glyph average of the weights.", "p2": "The rolling glyph average helps.",
             "p3": "Rolling glyph models differ.", "p4": "We use rolling glyph (RG) average here."}
    ms = [Mention("p1", 0, 10, 23, "rolling glyph", "METHOD", "model"),
          Mention("p2", 0, 4, 25, "rolling glyph average", "METHOD", "model"),
          Mention("p3", 0, 0, 13, "Rolling glyph", "METHOD", "model")]
    found = resolve(ms, texts=texts, known={})
    a = ids(found)
    assert a[0] == a[1] == "method:rolling glyph average"
    assert a[2] == "method:rolling glyph"  # followed by another word: a name of its own here
    b = ids(resolve([ms[1], Mention("p4", 0, 7, 20, "rolling glyph", "METHOD", "model")], texts=texts, known={}))
    assert b[0] == b[1]  # past its short form in parentheses
    assert ("rolling glyph", "cut before its last word") in {(x.surface, x.rule) for x in found.aliases}


def test_a_short_form_at_the_start_of_a_name_is_spelled_out_by_the_one_name_of_the_corpus_that_matches():
    ms = [m("p1", "QOS scoring", "TASK"), m("p2", "quality of sound scoring", "TASK"),
          m("p3", "GAF training"), m("p4", "gated attention fusion training"), m("p5", "graph aware filter training")]
    a = ids(resolve(ms, known={}))
    assert a[0] == a[1] == "task:quality of sound scoring"
    assert a[2] not in (a[3], a[4])  # two names spell GAF before "training": left alone
    b = ids(resolve([m("p1", "lamp tuning"), m("p2", "layer aware mixed precision tuning")], known={}))
    assert b[0] != b[1]  # a word, not written as a short form


def test_one_word_normalisations_and_language_pairs_meet():
    ms = [m("p1", "GroupNorm"), m("p2", "group normalization"), m("p3", "WMT'19 Basque-to-Welsh", "DATASET"),
          m("p4", "WMT 2019 Basque-Welsh", "DATASET"), m("p5", "mapping to graphs", "TASK"), m("p6", "mapping graphs", "TASK")]
    a = ids(resolve(ms, known={}))
    assert a[0] == a[1] and a[2] == a[3]
    assert a[4] != a[5]  # "to" goes only between two languages


def test_a_name_whose_generic_head_was_dropped_folds_its_plural_as_any_name():
    ms = [m("p1", "Glyph Faces DB", "DATASET"), m("p2", "Glyph Faces", "DATASET"), m("p3", "QUARTS dataset", "DATASET"),
          m("p4", "QUARTS", "DATASET")]
    a = ids(resolve(ms, known={}))
    assert a[0] == a[1] == "dataset:glyph face"
    assert a[2] == a[3] == "dataset:quarts"  # a capitalised name ending in S is no plural


def test_a_name_and_its_plural_with_an_optional_head_meet():
    a = ids(resolve([m("p1", "bag of glyphs"), m("p2", "bag-of-glyphs models"), m("p3", "bag of glyphs")], known={}))
    assert a[0] == a[1] == a[2]


def test_initials_do_not_take_a_name_that_the_corpus_abbreviates_otherwise():
    ms = [m("p1", "Quill Sentence Archive", "DATASET"), m("p1", "QuSAD", "DATASET"), m("p2", "QSA", "DATASET"),
          m("p3", "bidirectional glyph memory"), m("p3", "BiGM"), m("p4", "BGM")]
    defined = [Definition("p1", "DATASET", "QuSAD", "Quill Sentence Archive"),
               Definition("p3", "METHOD", "BiGM", "bidirectional glyph memory")]
    a = ids(resolve(ms, definitions=defined, known={}))
    assert a[1] == a[0] and a[2] != a[0]  # "QSA" is not the QuSAD archive's short form
    assert a[5] == a[3] == a[4]  # "BGM" and "BiGM" are spellings of one short form


def test_initials_never_cross_labels_even_with_one_candidate():
    ms = [m("p1", "QST", "DATASET"), m("p2", "quiet sampling trick"), m("p3", "quiet sampling trick")]
    a = ids(resolve(ms, known={}))
    assert a[0] == "dataset:qst" and a[1] == a[2] == "method:quiet sampling trick"


def test_a_name_with_a_parameter_count_is_a_model():
    ms = [m("p1", "Quillama-IT 30B", "DATASET"), m("p2", "GLYPH-5B", "DATASET"), m("p3", "Quillama 7.5M", "TASK")]
    a = ids(resolve(ms, known={}))
    assert a[0].startswith("method:") and a[2].startswith("method:")
    assert a[1].startswith("dataset:")  # a count glued to the name names a dataset's size


def test_a_task_named_by_what_does_it_is_a_model():
    a = ids(resolve([m("p1", "two-stage glyph detector", "TASK"), m("p2", "glyph detection", "TASK")], known={}))
    assert a[0] == "method:two stage glyph detector" and a[1] == "task:glyph detection"


def test_a_shortened_name_joins_the_longer_name_of_its_paper():
    r = resolve([m("p1", "spiral glyph recognition", "TASK"), m("p1", "glyph recognition", "TASK", sentence=2),
                 m("p2", "weakly guided prism detection", "TASK"),
                 m("p2", "weakly guided detection", "TASK", sentence=1)], known={})
    a = ids(r)
    assert a[0] == a[1] == "task:spiral glyph recognition"
    assert a[2] == a[3] == "task:weakly guided prism detection"
    assert {x.rule for x in r.aliases if x.surface == "glyph recognition"} == {"shortened name"}


def test_a_shortened_name_with_a_life_of_its_own_stays():
    alone = resolve([m("p1", "spiral glyph recognition", "TASK"), m("p1", "glyph recognition", "TASK"),
                     m("p2", "glyph recognition", "TASK")], known={})
    assert len(set(ids(alone).values())) == 2  # p2 uses it alone: a name of its own
    listed = resolve([m("p1", "spiral glyph recognition", "TASK"),
                      m("p1", "glyph recognition", "TASK", source="curated:task")], known={})
    assert len(set(ids(listed).values())) == 2
    two = resolve([m("p1", "spiral glyph recognition", "TASK"), m("p1", "glyph recognition", "TASK"),
                   m("p1", "ornate glyph recognition", "TASK")], known={})
    assert len(set(ids(two).values())) == 3  # two longer names in the paper: which one is not known
    other_label = resolve([m("p1", "spiral glyph recognition", "DATASET"), m("p1", "glyph recognition", "TASK")],
                          known={})
    assert len(set(ids(other_label).values())) == 2
    prefix = resolve([m("p1", "weight re initialization"), m("p1", "weight initialization")], known={})
    assert len(set(ids(prefix).values())) == 2  # "re-" turns the meaning
    family = resolve([m("p1", "Spiral Harmonized Glyph Detector"), m("p1", "glyph detector")], known={})
    assert len(set(ids(family).values())) == 2  # the family in lower case, beside a model's proper name
    own = resolve([m("p1", "Squeezed Deep Glyph Networks"), m("p1", "Deep Glyph Networks"),
                   m("p1", "DGN", source="abbreviation:use")],
                  [Definition("p1", "METHOD", "DGN", "Deep Glyph Networks")], known={})
    assert len(set(ids(own).values())) == 2  # a short form of its own: the model the paper builds on


def test_a_shortened_name_in_many_papers_is_a_name_of_its_own():
    ms = [x for p in ("p1", "p2", "p3") for x in (m(p, "spiral glyph recognition", "TASK"),
                                                  m(p, "glyph recognition", "TASK"))]
    assert len(set(ids(resolve(ms, known={})).values())) == 2


def test_synonym_words_heads_and_number_words_meet():
    r = resolve([m("p1", "attentional glyph encoder"), m("p2", "attention-based glyph encoder"),
                 m("p3", "dependency parse", "TASK"), m("p4", "dependency parsing", "TASK"),
                 m("p5", "linear probe"), m("p6", "linear probing"),
                 m("p7", "glyph regularizer"), m("p8", "glyph regularization"),
                 m("p9", "sequence labeling", "TASK"), m("p10", "sequence tagging", "TASK"),
                 m("p11", "Two-Stream Glyph Network"), m("p12", "2-stream glyph network"),
                 m("p13", "One Billion Glyphs", "DATASET"), m("p14", "1B Glyphs", "DATASET")], known={})
    a = ids(r)
    for first in range(0, 14, 2):
        assert a[first] == a[first + 1], r.assignment
    assert len(set(a.values())) == 7


def test_a_modifier_optional_only_inside_a_task_name():
    r = resolve([m("p1", "dense visual glyph matching", "TASK"), m("p2", "dense glyph matching", "TASK"),
                 m("p3", "visual glyph matching", "TASK"), m("p4", "glyph matching", "TASK")], known={})
    a = ids(r)
    assert a[0] == a[1] and a[2] != a[3]  # first word: "visual question answering" is no question answering


def test_a_name_glued_to_bench_is_a_dataset():
    r = resolve([m("p1", "GlyphBench"), m("p2", "ZORB-bench", "TASK"), m("p3", "workbench")], known={})
    assert {e.name: e.label for e in r.entities} == {"GlyphBench": "DATASET", "ZORB-bench": "DATASET",
                                                     "workbench": "METHOD"}


def test_a_name_ending_on_a_hyphenated_adjective_is_cut():
    from kg.nlp.cues import default_lexicon

    vocab = load_vocabulary()
    for name in ("high-dimensional", "glyph-aware", "model-agnostic"):
        assert junk_reason(name, name.replace("-", " "), "TASK", Evidence({"model": 1}, 1, 1), vocab,
                           default_lexicon()), name


def test_label_by_head_needs_three_other_names():
    from kg.resolve.labels import head_prior

    three = {"pos glyphing": "TASK", "x": "METHOD", "sequence tagging": "TASK", "image tagging": "TASK",
             "ner tagging": "TASK", "multilingual pos tagging": "METHOD"}
    assert head_prior(three, {"multilingual pos tagging"}) == {"multilingual pos tagging"}
    two = {k: v for k, v in three.items() if k != "ner tagging"}
    assert head_prior(two, {"multilingual pos tagging"}) == set()


def test_the_training_of_a_learning_setting_is_the_setting_and_other_training_stays():
    ms = [m("p1", "federated learning"), m("p2", "federated training"), m("p3", "quill training"),
          m("p4", "quill learning")]
    a = ids(resolve(ms, known={}))
    assert a[0] == a[1] == "method:federated learning"
    assert a[2] != a[3]  # "quill" is no learning setting the vocabulary names


def test_a_lower_case_dataset_of_the_gazetteer_needs_a_digit_a_hyphen_or_a_dataset_head():
    from kg.nlp.cues import default_lexicon

    def why(name, sources):
        return junk_reason(name, name, "DATASET", Evidence(sources, 1, 1), load_vocabulary(), default_lexicon())

    assert why("glyph bias", {"gazetteer": 1}) == why("quilled", {"gazetteer": 1}) == "common word typed DATASET"
    assert why("glyph8", {"gazetteer": 1}) == why("qgbn-glyphs", {"gazetteer": 1}) == why("glyph corpus", {"model": 1}) == ""
    assert why("glyph bias", {"curated": 1}) == ""  # kg's own list vouches for it


def test_a_domain_word_inside_a_task_goes_only_where_no_other_domain_uses_the_name():
    ms = [m("p1", "abstractive glyph summarization", "TASK"), m("p2", "abstractive text glyph summarization", "TASK"),
          m("p3", "conditional image quilting", "TASK"), m("p4", "conditional text quilting", "TASK"),
          m("p5", "conditional quilting", "TASK"),
          m("q1", "fine-woven image quilting", "TASK"), m("q2", "fine-woven visual quilting", "TASK"),
          m("q3", "fine-woven quilting", "TASK")]
    a = ids(resolve(ms, known={}))
    assert a[0] == a[1]  # one domain: "text" may go
    assert len({a[2], a[3], a[4]}) == 3  # image and text: the domain tells the tasks apart
    assert a[5] == a[6] == a[7]  # "visual" is the image domain: one domain again


def test_a_short_form_its_text_names_as_data_is_a_dataset_not_the_model_it_shares_letters_with():
    text = "We test on the QNN and Quill Post news data. A QNN is trained. Results on the QNN dataset hold."
    ms = [Mention("p1", 0, 15, 18, "QNN", "METHOD", "curated:method"),
          Mention("p1", 1, 47, 50, "QNN", "METHOD", "curated:method"),
          Mention("p1", 2, 78, 81, "QNN", "METHOD", "curated:method"),
          Mention("p2", 0, 0, 19, "quill neural network", "METHOD", "model")]
    defs = [Definition("p2", "METHOD", "QNN", "quill neural network")]
    a = ids(resolve(ms, defs, texts={"p1": text, "p2": "quill neural network"}, known={}))
    assert a[0] == a[2] == "dataset:qnn"  # named as data twice
    assert a[1] == a[3] == "method:quill neural network"  # the model


def test_a_modifier_the_rest_of_the_name_goes_without_is_optional_there_only():
    ms = [m("p1", "knowledge distillation"), m("p2", "distillation"), m("p3", "knowledge graph embedding"),
          m("p4", "graph embedding")]
    a = ids(resolve(ms, known={}))
    assert a[0] == a[1]  # optional_modifiers_before: "knowledge" before "distillation"
    assert a[2] != a[3]  # and nowhere else
    a = ids(resolve([m("p1", "cross-domain adaptation", "TASK"), m("p2", "domain adaptation", "TASK"),
                     m("p3", "glyph optimization heuristics"), m("p4", "glyph optimization")], known={}))
    assert a[0] == a[1] and a[2] == a[3]  # "cross" before "domain adaptation"; "heuristics" after two words


def test_synonym_phrases_meet_wherever_they_stand_and_only_as_whole_words():
    r = resolve([m("p1", "unsupervised feature learning"), m("p2", "unsupervised representation learning"),
                 m("p3", "low-shot glyph recognition", "TASK"), m("p4", "few-shot glyph recognition", "TASK"),
                 m("p5", "yellow shot glyph recognition", "TASK")], known={})
    a = ids(r)
    assert a[0] == a[1] and a[2] == a[3]
    assert a[4] != a[3]  # "low shot" is no phrase inside "yellow shot"


def test_a_model_phrase_written_as_a_title_is_a_model_and_a_dataset_with_a_network_head_is_one_too():
    r = resolve([m("p1", "Quillwork Instance Detection Network"), m("p2", "quill detection models"),
                 m("p3", "Glyph Mesh Graph Network", "DATASET")], known={})
    a = ids(r)
    assert a[0] == "method:quillwork instance detection network"
    assert a[1] == "task:quill detection"  # an unnamed model phrase is the task it does, as the guidelines say
    assert a[2] == "method:glyph mesh graph network"


def test_a_property_or_task_head_with_only_vague_modifiers_is_left_out():
    vocab = load_vocabulary()

    def why(name, key, label="TASK"):
        return junk_reason(name, key, label, Evidence({"model": 1}, 1, 1), vocab, default_lexicon())

    assert why("consistent robustness", "consistent robustness") == "bare property or task head"
    assert why("contemporary classification", "contemporary classification") == "bare property or task head"
    assert why("double descent", "double descent", "METHOD") == "bare property or task head"  # a phenomenon
    assert why("weak-to-strong generalization", "weak to strong generalization") == ""
    assert why("glyph classification", "glyph classification") == ""
    assert why("ell_p quill embeddings", "ell p quill embedding", "METHOD") == "mathematical notation"


def test_model_names_that_meet_once_each_drops_a_built_things_head_meet_under_the_most_mentioned():
    counts = {"quill forward model": 1, "quill forward network": 5, "quill forward architecture": 3}
    for order in (list(counts), list(reversed(counts))):
        ms = [m(f"p{k}{i}", name) for k, name in enumerate(order) for i in range(counts[name])]
        assert set(ids(resolve(ms, known={})).values()) == {"method:quill forward network"}


def test_two_model_names_that_meet_once_both_drop_a_built_things_head_are_one():
    r = resolve([m("p1", "quill forward model"), m("p2", "quill forward neural network"),
                 m("p3", "glyph structured architecture"), m("p4", "glyph structured networks"),
                 m("p5", "fully quilled layer"), m("p6", "fully quilled network"),
                 m("p7", "recurrent model"), m("p8", "recurrent architecture")], known={})
    a = ids(r)
    assert a[0] == a[1] and a[2] == a[3]
    assert a[4] != a[5]  # a layer is no network
    assert a[6] != a[7]  # one family word left: the heads may tell the models apart


def test_a_task_named_before_a_models_head_is_the_task():
    text = "Deep glyph captioning methods and Quill Glyph Captioning networks differ."
    r = resolve([Mention("p1", 0, 0, 21, "Deep glyph captioning", "METHOD", "model"),
                 Mention("p1", 0, 34, 56, "Quill Glyph Captioning", "METHOD", "model"),
                 m("p2", "glyph captioning", "TASK")], texts={"p1": text, "p2": "glyph captioning"}, known={})
    a = ids(r)
    assert a[0].startswith("task:")  # the span stopped before "methods": the guidelines' task in a model phrase
    assert a[1].startswith("method:")  # written as a title: a model's name


def test_a_word_that_names_no_kind_and_a_domain_before_a_task_without_object_are_optional():
    r = resolve([m("p1", "generic glyph detection", "TASK"), m("p2", "glyph detection", "TASK"),
                 m("p3", "Image Super-Resolution", "TASK"), m("p4", "super-resolution", "TASK"),
                 m("p5", "image quill detection", "TASK"), m("p6", "quill detection", "TASK")], known={})
    a = ids(r)
    assert a[0] == a[1] and a[2] == a[3]
    assert a[4] != a[5]  # "quill detection" needs its domain: not a task without an object


def test_role_phrases_past_neural_quantities_of_things_and_claims_are_left_out():
    vocab = load_vocabulary()

    def why(name, key, label="METHOD"):
        return junk_reason(name, key, label, Evidence({"model": 1}, 1, 1), vocab, default_lexicon())

    assert why("large neural networks", "large neural network") == "bare role head"
    assert why("discriminator", "discriminator") == why("classifier", "classifier") == "bare role head"  # alone
    assert why("Wasserstein", "wasserstein") == "measure or metric"
    assert why("neural networks", "neural network") == ""  # a family name
    assert why("stack of quill blocks", "stack of quill block") == "a quantity of things"
    assert why("mixture of quills", "mixture of quill") == ""
    assert why("Glyph Scaling Hypothesis", "glyph scaling hypothesis") == "an assumption or claim"
    assert why("common sense", "common sense", "TASK") == "bare property or task head"


def test_things_are_no_task_and_a_learned_representation_is_a_method():
    vocab = load_vocabulary()

    def why(name, key, label="TASK"):
        return junk_reason(name, key, label, Evidence({"model": 1}, 1, 1), vocab, default_lexicon())

    assert why("quill point clouds", "quill point cloud") == "things, not a task"
    assert why("answering glyph questions", "answering glyph question") == ""  # something to do
    ev = Evidence({"model": 2}, 2, 2)
    assert junk_reason("glyph recommender systems", "glyph recommender system", "TASK", ev, vocab,
                       default_lexicon()) == ""  # systems stand for the task they do
    assert why("Hyperquilled models", "hyperquilled model", "METHOD") == "bare role head"  # a state, no kind
    assert junk_reason("distributed training", "distributed training", "METHOD", ev, vocab,
                       default_lexicon()) == ""  # a state makes a role phrase of a model's head only
    assert why("hard reasoning", "hard reasoning") == "bare property or task head"
    r = resolve([m("p1", "glyph embeddings", "TASK"), m("p2", "Quill Glyph Representation", "TASK"),
                 m("p3", "QuillBed", "METHOD")], known={})
    assert set(ids(r).values()) == {"method:glyph embedding", "task:quill glyph representation", "dataset:quillbed"}


def test_a_short_form_that_the_capitals_of_a_name_of_its_paper_spell_is_that_name():
    r = resolve([m("p1", "QUill Glyph Pre-training"), m("p1", "QUGP"), m("p2", "QUGP"),
                 m("p3", "ZORB predict rankings", "DATASET"), m("p3", "ZORB", "DATASET")], known={})
    a = ids(r)
    assert a[0] == a[1] == a[2] == "method:quill glyph pre training"  # capitals "QU" + "G" + "P"
    assert a[3] != a[4]  # a name with the short form inside spells nothing


def test_a_head_glued_on_by_a_hyphen_keeps_a_model_apart():
    for name, apart in (("Long Quill-Term Memory-Networks", True), ("Long Quill-Term Memory Networks", False)):
        a = ids(resolve([m("p1", name), m("p2", "long quill-term memory"), m("p3", "long quill-term memory")],
                        known={}))
        assert (a[0] != a[1]) is apart  # glued on, the head is part of the name; written apart, it is optional


def test_a_task_name_that_does_what_a_method_does_is_the_method_in_its_paper():
    text = "We present Quill Glyph Reranking (QGR). QGR outperforms the baselines, and glyph reranking improves."
    ms = [Mention("p1", 0, 11, 32, "Quill Glyph Reranking", "TASK", "model"),
          Mention("p1", 0, 34, 37, "QGR", "TASK", "abbreviation:use"),
          Mention("p1", 1, 40, 43, "QGR", "TASK", "abbreviation:use"),
          Mention("p1", 1, 75, 90, "glyph reranking", "TASK", "model"),
          Mention("p2", 0, 0, 21, "Quill Glyph Reranking", "TASK", "model")]
    assert text[75:90] == "glyph reranking" and text[11:32] == "Quill Glyph Reranking"
    defined = [Definition("p1", "TASK", "QGR", "Quill Glyph Reranking")]
    a = ids(resolve(ms, defined, texts={"p1": text, "p2": "Quill Glyph Reranking is hard."}, known={}))
    assert a[0] == a[1] == a[2] == a[4] == "method:quill glyph reranking"  # the corpus vote follows its paper
    assert a[3] == "task:glyph reranking"  # written as no name, a task stays a task
    without = ids(resolve(ms, defined, texts={"p1": text.replace("outperforms", "is scored by"),
                                              "p2": "Quill Glyph Reranking is hard."}, known={}))
    assert without[0] == "task:quill glyph reranking"


def test_mathematical_objects_and_phenomena_are_no_entities():
    vocab, ev = load_vocabulary(), Evidence({"model": 1}, 1, 1)
    for name, label in (("quill decision boundary", "METHOD"), ("glyph harmonics", "METHOD"),
                        ("world knowledge", "TASK"), ("reward hacking", "TASK")):
        assert junk_reason(name, name, label, ev, vocab, default_lexicon()) != "", name
    assert junk_reason("glyph boundary detection", "glyph boundary detection", "TASK", ev, vocab,
                       default_lexicon()) == ""  # a task about boundaries is a task


def test_a_name_that_describes_a_process_is_left_out_unless_it_learns():
    text = "It guides the glyph resampling process and the glyph representation learning process."
    ms = [Mention("p1", 0, 14, 30, "glyph resampling", "METHOD", "model"),
          Mention("p1", 0, 47, 76, "glyph representation learning", "METHOD", "model")]
    kept = {name: e.kept for name, e in entities_in(ms, text).items()}
    assert kept == {"glyph resampling": False, "glyph representation learning": True}
    alone = {e.name: e.kept for e in resolve(ms, texts={"p1": text.replace(" process", "")}, known={}).entities}
    assert alone == {"glyph resampling": True, "glyph representation learning": True}


def test_a_dataset_short_form_joins_a_long_form_defined_as_a_task_that_the_corpus_also_uses_as_data():
    defined = [Definition("p1", "TASK", "QGI", "Quill Glyph Inference")]
    ms = [m("p1", "Quill Glyph Inference", "TASK"), m("p1", "QGI", "TASK", "abbreviation:use", start=30),
          m("p2", "QGI", "DATASET"), m("p3", "QGI", "DATASET"), m("p4", "QGI", "DATASET")]
    apart = ids(resolve(ms, defined, known={}))
    assert apart[2] != apart[0]  # defined only as a task, the long form is another thing than the data
    joined = ids(resolve([*ms, m("p5", "Quill Glyph Inference", "DATASET")], defined, known={}))
    assert joined[0] == joined[2] == joined[5] == "dataset:quill glyph inference"


def test_a_task_short_form_inside_a_dataset_name_is_spelled_out_but_not_a_method_one():
    defined = [Definition("p1", "TASK", "GTR", "glyph text reranking"),
               Definition("p2", "METHOD", "QNN", "quill neural network")]
    ms = [m("p1", "glyph text reranking", "TASK"), m("p1", "GTR", "TASK", "abbreviation:use", start=30),
          m("p2", "quill neural network"), m("p2", "QNN", "METHOD", "abbreviation:use", start=30),
          m("p3", "Zorb GTR", "DATASET"), m("p4", "Zorb glyph text reranking", "DATASET"),
          m("p5", "QNN Daily", "DATASET")]
    a = ids(resolve(ms, defined, known={}))
    assert a[4] == a[5] == "dataset:zorb glyph text reranking"
    assert a[6] == "dataset:qnn daily"  # a model's short form inside a dataset's name is another thing


def test_english_before_a_dataset_and_natural_before_language_understanding_are_optional():
    a = ids(resolve([m("p1", "English Zorbwiki", "DATASET"), m("p2", "Zorbwiki", "DATASET"),
                     m("p3", "natural language understanding", "TASK"), m("p4", "language understanding", "TASK"),
                     m("p5", "spoken language understanding", "TASK")], known={}))
    assert a[0] == a[1] and a[2] == a[3]
    assert a[4] != a[2]  # another kind of language understanding


def test_a_short_form_its_text_calls_one_dataset_stays_a_dataset_whatever_the_vote():
    text = "Models for QGA exist. We improve the QGA dataset, and a QGA dataset of ours."
    ms = [Mention("p1", 0, 11, 14, "QGA", "TASK", "model"), Mention("p1", 1, 37, 40, "QGA", "TASK", "model"),
          Mention("p1", 1, 56, 59, "QGA", "TASK", "model"),
          *(m(f"p{n}", "QGA", "TASK", "curated:task") for n in range(2, 6))]
    assert [text[x.start:x.end] for x in ms[:3]] == ["QGA"] * 3
    texts = {"p1": text, **{f"p{n}": "QGA." for n in range(2, 6)}}
    a = ids(resolve(ms, texts=texts, known={}))
    assert a[1] == "dataset:qga"  # "the QGA dataset"
    assert a[0] == a[2] == a[3] == "task:qga"  # the task, and "a QGA dataset": data for the task


def test_a_dataset_named_after_the_task_its_own_paper_defines_is_the_short_forms():
    text = "Zorb Glyph Answering (ZGA) is hard. We improve the ZGA dataset."
    defined = [Definition("p1", "TASK", "ZGA", "Zorb Glyph Answering")]
    ms = [Mention("p1", 0, 0, 20, "Zorb Glyph Answering", "TASK", "model"),
          Mention("p1", 0, 22, 25, "ZGA", "TASK", "abbreviation:use"), Mention("p1", 1, 51, 54, "ZGA", "DATASET", "model"),
          Mention("p2", 0, 8, 11, "ZGA", "DATASET", "model")]
    texts = {"p1": text, "p2": "We test ZGA."}
    assert [texts[x.paper_id][x.start:x.end] for x in ms] == [x.text for x in ms]
    a = ids(resolve(ms, defined, texts=texts, known={}))
    assert a[0] == a[1] == "task:zorb glyph answering"
    assert a[2] == a[3] == "dataset:zga"  # "the ZGA dataset" is the data, named by its short form


def test_a_dataset_its_texts_call_one_dataset_still_votes_for_its_label():
    texts = {"p1": "We use the ZQA dataset.", "p2": "We use the ZQA dataset.", "p3": "ZQA x.", "p4": "ZQA y.",
             "p5": "ZQA z."}
    ms = [Mention("p1", 0, 11, 14, "ZQA", "DATASET", "model"), Mention("p2", 0, 11, 14, "ZQA", "DATASET", "model"),
          Mention("p3", 0, 0, 3, "ZQA", "DATASET", "model"),
          *(Mention(p, 0, 0, 3, "ZQA", "METHOD", "model") for p in ("p4", "p5"))]
    assert set(ids(resolve(ms, texts=texts, known={})).values()) == {"dataset:zqa"}  # three DATASET votes against two


def test_a_name_meets_its_adjective_under_the_name_not_the_adjective():
    r = resolve([m("p1", "semi-supervised"), m("p2", "semi-supervised"), m("p3", "semi-supervised"),
                 m("p4", "semi-supervised learning", source="curated:method")], known={})
    a = ids(r)
    assert a[0] == a[3] == "method:semi supervised learning"
    assert [e.kept for e in r.entities] == [True]  # the adjective alone would be cut off before its noun


def test_vocabulary_modifiers_that_names_of_one_method_or_task_go_without():
    a = ids(resolve([m("p1", "distance metric learning"), m("p2", "metric learning"),
                     m("p3", "neural encoder-decoder model"), m("p4", "encoder-decoder"),
                     m("p5", "neural translation", "TASK"), m("p6", "neural machine translation", "TASK")], known={}))
    assert a[0] == a[1] and a[2] == a[3] and a[4] == a[5]
    b = ids(resolve([m("p1", "neural sequence-to-sequence models"), m("p2", "sequence-to-sequence"),
                     m("p2", "sequence-to-sequence", start=40), m("p3", "long short-term memory recurrent neural networks"),
                     m("p4", "long short-term memory")], known={}))
    assert b[0] == b[1] and b[3] == b[4]


def test_a_property_followed_by_what_it_has_is_cut_before_its_noun():
    text = "We compare glyph-level generalization difficulties and report glyph reranking performance."
    ms = [Mention("p1", 0, 11, 37, "glyph-level generalization", "TASK", "model"),
          Mention("p1", 0, 62, 77, "glyph reranking", "TASK", "model")]
    kept = {name: e.kept for name, e in entities_in(ms, text).items()}
    assert kept == {"glyph-level generalization": False, "glyph reranking": True}  # a task has performance


def test_a_joint_name_cut_before_the_rest_of_its_coordination_is_left_out():
    text = "We study joint glyph detection and tracking, and joint glyph embedding for retrieval."
    ms = [Mention("p1", 0, 9, 30, "joint glyph detection", "TASK", "model"),
          Mention("p1", 0, 49, 70, "joint glyph embedding", "METHOD", "model")]
    assert {name: e.reason for name, e in entities_in(ms, text).items()} == {
        "joint glyph detection": "piece of a coordination", "joint glyph embedding": ""}


def test_a_model_size_alone_is_a_quantity():
    vocab, ev = load_vocabulary(), Evidence({"model": 1}, 1, 1)
    for name in ("7-billion-parameter", "175B parameters", "1.5B"):
        assert junk_reason(name, name.lower(), "METHOD", ev, vocab, default_lexicon()) == "measure or metric", name
    for name in ("LAION-5B", "GPT-3", "T5"):
        assert junk_reason(name, name.lower(), "METHOD", ev, vocab, default_lexicon()) == "", name


def test_numbers_hardware_institutions_and_the_properties_of_networks_are_no_entities():
    vocab, ev = load_vocabulary(), Evidence({"model": 1}, 1, 1)
    for name, label, reason in (("27", "DATASET", "a number"), ("Quill K40 GPU", "METHOD", "hardware"),
                                ("University", "DATASET", "an organisation"),
                                ("receptive fields", "METHOD", "measure or metric")):
        key = name.lower().rstrip("s") if name.endswith("fields") else name.lower()
        assert junk_reason(name, key, label, ev, vocab, default_lexicon()) == reason, name
    assert junk_reason("Quill GPU kernels", "quill gpu kernel", "METHOD", ev, vocab, default_lexicon()) == ""


def test_a_head_that_the_short_form_spells_keeps_a_network_apart_from_its_idea():
    defined = [Definition("p1", "METHOD", "QPN", "Quill Pyramid Network")]
    ms = [m("p1", "Quill Pyramid Network"), m("p1", "QPN", source="abbreviation:use", start=30),
          m("p2", "quill pyramids"), m("p3", "Quill Pyramid Network")]
    a = ids(resolve(ms, defined, known={}))
    assert a[0] == a[1] == a[3] != a[2]
    b = ids(resolve(ms[2:], known={}))  # nothing spells the head: a network's name may drop it
    assert b[0] == b[1]


def test_a_letter_written_twice_is_a_typo_of_the_more_frequent_key():
    r = resolve([m("p1", "Zorbimagennet", "DATASET"), m("p2", "ZorbImageNet", "DATASET"),
                 m("p3", "ZorbImageNet", "DATASET")], known={})
    assert len(set(ids(r).values())) == 1
    assert {a.surface: a.rule for a in r.aliases}["Zorbimagennet"] == "typo"


def test_a_short_form_written_with_a_capital_inside_is_one_in_any_case():
    defined = [Definition("p1", "METHOD", "QuilNets", "quill networks")]
    ms = [m("p1", "quill networks"), m("p1", "QuilNets", source="abbreviation:use", start=30),
          m("p2", "quilnets"), m("p3", "QuilNet"), m("p4", "sam"), m("p5", "SAM")]
    a = ids(resolve(ms, [*defined, Definition("p5", "METHOD", "SAM", "sharp quill minimization")], known={}))
    assert a[0] == a[1] == a[2] == a[3] == "method:quill network"
    assert a[4] == "method:sam"  # a short form in capitals does not make a lower-case word one


def test_a_translation_between_languages_is_a_task_and_with_a_benchmark_a_dataset():
    a = ids(resolve([m("p1", "English-to-French translation", "DATASET"),
                     m("p2", "QWMT'14 English-German translation", "TASK"),
                     m("p3", "glyph-level English-German translation", "TASK")], known={}))
    assert a[0] == "task:english to french translation"
    assert a[1].startswith("dataset:qwmt")
    assert a[2].startswith("task:")  # a lower-case modifier is no benchmark


def test_a_name_cut_before_space_and_a_unit_are_left_out():
    text = "We search the glyph lattice space for 20 MB models."
    ms = [Mention("p1", 0, 14, 27, "glyph lattice", "METHOD", "model"), Mention("p1", 0, 41, 43, "MB", "METHOD", "model")]
    assert {name: e.reason for name, e in entities_in(ms, text).items()} == {
        "glyph lattice": "cut off before its noun", "MB": "measure or metric"}


def test_a_mention_up_to_three_words_short_of_a_name_of_the_corpus_joins_it():
    texts = {"p1": "We keep a cyclic glyph size schedule here.", "p2": "Cyclic Glyph Size Schedules work.",
             "p3": "A cyclic glyph of sorts."}
    ms = [Mention("p1", 0, 10, 22, "cyclic glyph", "METHOD", "model"),
          Mention("p2", 0, 0, 29, "Cyclic Glyph Size Schedules", "METHOD", "model"),
          Mention("p3", 0, 2, 14, "cyclic glyph", "METHOD", "model")]
    a = ids(resolve(ms, texts=texts, known={}))
    assert a[0] == a[1] == "method:cyclic glyph size schedule"
    assert a[2] == "method:cyclic glyph"  # a small word after it: no name goes on


def test_a_head_does_not_go_where_it_would_leave_an_adjective_without_its_noun():
    heads = {"METHOD": ("network",)}
    assert strip_head("q gru neural network", "METHOD", "Q-GRU Neural Network", heads) == "q gru neural network"
    assert strip_head("q gru network", "METHOD", "Q-GRU Network", heads) == "q gru"


def test_two_language_names_glued_into_one_word_are_a_language_pair():
    r = resolve([m("p1", "QWMT'16 EnglishRomanian translation", "TASK"), m("p2", "QWMT 2016 English-Romanian", "DATASET"),
                 m("p3", "EnglishRomanian translation", "TASK")], known={})
    a = ids(r)
    assert a[0] == a[1] and a[0].startswith("dataset:")  # a benchmark's name and year come with the languages
    assert a[2].startswith("task:")  # the languages alone: the task


def test_a_method_based_on_a_method_of_the_corpus_is_that_method():
    v = load_vocabulary()
    assert match_key("quill based model", "METHOD", v) == "quill"
    a = ids(resolve([m("p1", "quill ensembles"), m("p2", "quill-ensemble-based methods"), m("p3", "quill ensembling")],
                    known={}))
    assert a[0] == a[1] == a[2]


def test_synonym_phrases_of_the_field_meet():
    a = ids(resolve([m("p1", "recommender systems", "TASK"), m("p2", "recommendation", "TASK"),
                     m("p3", "object proposal generation", "TASK"), m("p4", "region proposals", "TASK"),
                     m("p5", "recognizing entailment", "TASK"), m("p6", "natural language inference", "TASK")],
                    known={}))
    assert a[0] == a[1] and a[2] == a[3] and a[4] == a[5]


def test_a_short_form_after_a_dimension_is_spelled_out_but_not_after_another_letter():
    ms = [m("p1", "quill neural networks"), m("p1", "QNN", "METHOD", "abbreviation:use"), m("p2", "3D QNNs"),
          m("p3", "three-dimensional quill neural network"), m("p4", "3DQNN"), m("p5", "R-QNN")]
    a = ids(resolve(ms, [Definition("p1", "METHOD", "QNN", "quill neural networks")], known={}))
    assert a[2] == a[3] == a[4]
    assert a[5] != a[0] and "quill" not in a[5]  # "R-QNN" is a name of its own


def test_a_model_state_before_a_model_name_is_no_part_of_it():
    a = ids(resolve([m("p1", "pretrained Zorbvec 3.0"), m("p2", "Zorbvec 3.0"), m("p3", "pre-trained Quuxformer"),
                     m("p4", "Quuxformer"), m("p5", "fine-tuned Zorbvec 3.0"), m("p6", "pretrained speech models"),
                     m("p7", "speech models")], known={}))
    assert a[0] == a[1] == a[4] and a[2] == a[3]
    assert a[5] != a[6]  # before a family of models the state says which ones
    more = resolve([m(f"p{i}", "pretrained Zorbvec 3.0") for i in range(3)] + [m("p9", "Zorbvec 3.0")], known={})
    assert [(e.id, e.name) for e in more.entities] == [("method:zorbvec 3", "Zorbvec 3.0")]  # even where it is rarer
