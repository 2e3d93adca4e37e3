from kg.cache import ExtractionCache
from kg.extract import assemble, extract_new, look_up
from kg.records import Paper


def test_cached_extraction_returns_new_records(tmp_path, nlp):
    """look_up, extract_new and assemble: a paper with the content of another reuses its extraction under its own
    id, the cache is appended as extraction goes, and nothing given to them is changed."""
    first = Paper("p1", "T", "We train BERT on ImageNet.")
    twin = Paper("p2", "T", "We train BERT on ImageNet.")  # same title and abstract: same content hash
    other = Paper("p3", "U", "We use GPT-4.")
    store = ExtractionCache(tmp_path, "f" * 40)
    cold = look_up([first, other], store)
    assert cold.found == {} and cold.todo == (first, other)
    fresh = extract_new(cold.todo, nlp, store)
    assert set(fresh) == {first.content_hash, other.content_hash}
    warm = look_up([first, twin, other], store)
    assert warm.todo == () and set(warm.found) == set(fresh)
    cached = dict(warm.found)
    extraction = assemble([first, twin, other], cached)
    assert [m.paper_id for m in extraction.mentions if m.text == "BERT"] == ["p1", "p2"]
    assert all(m.paper_id == "p1" for m in cached[first.content_hash].mentions)  # the cache's records unchanged
    assert list(extraction.sentences) == ["p1", "p2", "p3"]


def test_stale_caches_are_removed(tmp_path, nlp):
    old = ExtractionCache(tmp_path, "a" * 40)
    paper = Paper("p1", "T", "We train BERT.")
    extract_new([paper], nlp, old)
    assert old.path.is_file()
    look_up([paper], ExtractionCache(tmp_path, "b" * 40))
    assert not old.path.exists()


def test_definitions_of_names_carry_their_label_and_definitions_of_words_none(tmp_path, nlp):
    paper = Paper("p1", "T", "We fine-tune Quill Sparse Transformers (QST) on inputs that are out-of-range (OOR) "
                             "for OOR detection.")
    found = extract_new([paper], nlp, ExtractionCache(tmp_path, "b" * 40))
    definitions = {(d.short, d.long): d.label for d in assemble([paper], found).definitions}
    assert definitions[("OOR", "out-of-range")] == ""  # a word, not a name: kept for the paper's names
    assert definitions[("QST", "Quill Sparse Transformers")] == "METHOD"
