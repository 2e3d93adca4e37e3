"""kg.train.ner: a tiny training run gives a pipeline that loads, combines with the rules and saves."""

import spacy

from kg.nlp import build_rules_pipeline, load_pipeline
from kg.nlp.pipeline import build_trained_pipeline
from kg.train.convert import to_docbin
from kg.train.ner import train_ner
from kg.train.pipeline import save_pipeline
from kg.train.records import TrainingDoc, TrainingSource

SPANS = ((13, 17, "METHOD"), (21, 26, "DATASET"), (31, 49, "TASK"))

_TINY = {
    "components.tok2vec.model.encode.width": 32,
    "components.tok2vec.model.encode.depth": 1,
    "components.tok2vec.model.embed.rows": [500, 100, 100, 100],
    "components.ner.model.hidden_width": 16,
    "training.max_steps": 60,
    "training.eval_frequency": 30,
    "training.dropout": 0.0,
    "training.batcher.size.start": 200,
    "training.optimizer.learn_rate": 0.005,
}


def test_tiny_training_gives_a_loadable_pipeline(tmp_path):
    nlp = spacy.blank("en")
    docs = [TrainingDoc(f"d{i}", f"We fine-tune BERT on SQuAD for question answering {i}.", SPANS) for i in range(8)]
    train, _ = to_docbin(nlp, [TrainingSource("tiny", tuple(docs), weight=4)])
    train.to_disk(tmp_path / "train.spacy")
    model, seconds = train_ner(tmp_path / "train.spacy", tmp_path / "train.spacy", tmp_path / "ner", seed=1,
                               overrides=_TINY)
    assert seconds > 0 and (model / "ner").is_dir()
    text = "We fine-tune BERT on SQuAD for question answering 3."
    found = [(e.text, e.label_) for e in build_trained_pipeline(model, mode="model")(text).ents]
    assert ("BERT", "METHOD") in found and ("SQuAD", "DATASET") in found

    rules = build_rules_pipeline()
    combined = build_trained_pipeline(model, mode="union", rules=rules)
    assert combined.pipe_names[:2] == ["tok2vec", "ner"] and combined.pipe_names[-1] == "kg_entity_resolver"
    assert save_pipeline(combined, tmp_path / "pipeline") > 0
    reloaded = spacy.load(tmp_path / "pipeline")
    assert [(e.text, e.label_) for e in reloaded(text).ents] == [(e.text, e.label_) for e in combined(text).ents]
    # A bare model (what `kg train` writes to OUT/model) is combined with the rules by load_pipeline.
    bare = spacy.load(model)
    bare.meta["kg_mode"] = "union"
    save_pipeline(bare, tmp_path / "bare")
    assert spacy.util.load_config(tmp_path / "bare" / "config.cfg")["paths"]["train"] is None
    loaded = load_pipeline(str(tmp_path / "bare"))
    assert loaded.pipe_names == combined.pipe_names
    assert [(e.text, e.label_) for e in loaded(text).ents] == [(e.text, e.label_) for e in combined(text).ents]
    gaps = build_trained_pipeline(model, mode="gaps", rules=rules)
    assert {"BERT", "SQuAD"} <= {e.text for e in gaps(text).ents}
    fill = build_trained_pipeline(model, mode="fill", rules=rules)
    assert ("question answering", "TASK") in [(e.text, e.label_) for e in fill(text).ents]
