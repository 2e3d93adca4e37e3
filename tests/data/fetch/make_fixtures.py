"""Writes the recorded API answers the fetcher tests serve (tests/data/fetch): invented papers, in each API's own
response shape. Run it from anywhere: ``python tests/data/fetch/make_fixtures.py``."""
import json
from pathlib import Path

OUT = Path(__file__).resolve().parent
PAPERS = [
    ("Lattice Adapters for\n  Low-Resource Dependency Parsing",
     "We propose Lattice Adapters, a parameter-efficient method for dependency parsing in\n  low-resource languages. "
     "On the invented TinyTree treebank, Lattice Adapters improve labelled attachment\n  over full fine-tuning."),
    ("Counting Sheep with Sparse Attention",
     "Sparse Attention Counters (SAC) estimate object counts in aerial images. We train SAC on the FlockView dataset "
     "and report lower counting error than density-map regression."),
    ("A Benchmark for Recipe Question Answering",
     "We release KitchenQA, a dataset for question answering over cooking recipes, and evaluate retrieval-augmented "
     "generation and extractive reading comprehension baselines on it."),
    ("Contrastive Pretraining of Tabular Encoders",
     "TabCon pretrains tabular encoders with a contrastive objective over column permutations. TabCon improves "
     "classification accuracy on the LedgerBench suite."),
    ("Graph Diffusion for Molecule Property Prediction",
     "We apply graph diffusion networks to molecule property prediction and evaluate them on the invented "
     "MolToy-12 benchmark, where they outperform message passing neural networks."),
    ("Speech Translation without Transcripts",
     "Direct speech translation models translate audio without intermediate transcripts. We train a direct model "
     "with CTC regularisation on the ParrotTalk corpus and study word error rate and BLEU."),
    ("Curriculum Sampling for Image Segmentation",
     "Curriculum Sampling orders training crops from easy to hard for semantic segmentation. On the invented "
     "StreetScenes-Mini dataset, curriculum sampling speeds up convergence of U-Net."),
]
AUTHORS = [["Ada Quill", "Björn Ørsted"], ["Chen Wu"], ["Dara Okafor", "Eli Moss", "Fay Lund"], ["Gus Hale"],
           ["Hana Sato", "Ivo Petrov"], ["Jon Amari"], ["Kim Noor", "Lea Brandt"]]
DATES = ["2024-05-03", "2024-05-02", "2024-04-28", "2024-03-15", "2023-12-01", "2023-11-20", "2023-06-30"]


def atom(entries, total, start):
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
             'xmlns:arxiv="http://arxiv.org/schemas/atom">',
             f'  <id>https://arxiv.org/api/fixture{start}</id>', '  <title>arXiv Query: search_query=all:invented</title>',
             '  <updated>2024-05-04T00:00:00-04:00</updated>',
             f'  <opensearch:totalResults>{total}</opensearch:totalResults>',
             f'  <opensearch:startIndex>{start}</opensearch:startIndex>',
             f'  <opensearch:itemsPerPage>{len(entries)}</opensearch:itemsPerPage>']
    for i in entries:
        title, abstract = PAPERS[i]
        aid = f"24{i:02d}.0{1000 + i}" if i != 5 else "cs/0701005"
        if i == 6:
            abstract = "   "
        parts += ["  <entry>", f"    <id>http://arxiv.org/abs/{aid}v{1 + i % 2}</id>",
                  f"    <updated>{DATES[i]}T12:00:00Z</updated>", f"    <published>{DATES[i]}T09:30:00Z</published>",
                  f"    <title>{title}</title>", f"    <summary>  {abstract}\n</summary>"]
        parts += [f"    <author>\n      <name>{a}</name>\n    </author>" for a in AUTHORS[i]]
        if i == 2:
            parts += ["    <arxiv:doi>10.5555/kitchenqa.2024</arxiv:doi>",
                      "    <arxiv:journal_ref>Proceedings of the Invented Workshop 2024</arxiv:journal_ref>"]
        parts += [f'    <link href="http://arxiv.org/abs/{aid}v1" rel="alternate" type="text/html"/>',
                  f'    <link title="pdf" href="http://arxiv.org/pdf/{aid}v1" rel="related" type="application/pdf"/>',
                  '    <arxiv:primary_category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>',
                  '    <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>', "  </entry>"]
    parts.append("</feed>")
    return "\n".join(parts) + "\n"


def inverted(text):
    index = {}
    for position, word in enumerate(text.split()):
        index.setdefault(word, []).append(position)
    return index


def work(i):
    title, abstract = PAPERS[i]
    wid = f"W40{i:02d}00{i}"
    doi = f"https://doi.org/10.5555/INVENTED.{i}" if i % 2 == 0 else None
    locations = [{"is_oa": True, "landing_page_url": f"https://arxiv.org/abs/24{i:02d}.0{1000 + i}v2",
                  "source": {"id": "https://openalex.org/S4306400194", "display_name": "arXiv (Cornell University)"}}]
    return {"id": f"https://openalex.org/{wid}", "doi": doi, "title": " ".join(title.split()),
            "display_name": " ".join(title.split()), "publication_year": int(DATES[i][:4]),
            "publication_date": DATES[i],
            "authorships": [{"author_position": "first" if k == 0 else "middle",
                             "author": {"id": f"https://openalex.org/A9{i}{k}", "display_name": a, "orcid": None},
                             "institutions": [], "raw_author_name": a} for k, a in enumerate(AUTHORS[i])],
            "primary_location": {"is_oa": True, "landing_page_url": f"https://example.org/paper/{i}",
                                 "source": {"id": "https://openalex.org/S1", "display_name": "Journal of Invented Results",
                                            "type": "journal"}},
            "locations": locations if i != 3 else [],
            "abstract_inverted_index": None if i == 4 else inverted(" ".join(abstract.split()))}


def s2(i):
    title, abstract = PAPERS[i]
    ext = {"CorpusId": 880000 + i}
    if i % 3 == 0:
        ext["ArXiv"] = f"24{i:02d}.0{1000 + i}"
    if i % 2 == 0:
        ext["DOI"] = f"10.5555/invented.{i}"
    return {"paperId": f"{i:02d}" + "ab" * 19, "externalIds": ext,
            "url": f"https://www.semanticscholar.org/paper/{i:02d}" + "ab" * 19, "title": " ".join(title.split()),
            "abstract": None if i == 1 else " ".join(abstract.split()), "venue": "" if i == 5 else "Invented Conference",
            "year": int(DATES[i][:4]), "publicationDate": None if i == 6 else DATES[i],
            "authors": [{"authorId": f"77{i}{k}", "name": a} for k, a in enumerate(AUTHORS[i])]}


def daily(i, day):
    title, abstract = PAPERS[i]
    aid = f"24{i:02d}.0{1000 + i}"
    authors = [{"_id": f"66a{i}{k}", "name": a, "hidden": False} for k, a in enumerate(AUTHORS[i])]
    return {"paper": {"id": aid, "authors": authors, "publishedAt": f"{DATES[i]}T17:59:00.000Z",
                      "submittedOnDailyAt": f"{day}T01:00:00.000Z", "title": " ".join(title.split()),
                      "summary": "" if i == 6 else abstract, "upvotes": 10 + i, "discussionId": f"66d{i}"},
            "publishedAt": f"{day}T01:00:00.000Z", "title": " ".join(title.split()),
            "summary": "" if i == 6 else abstract, "thumbnail": f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{aid}.png",
            "numComments": i % 3, "submittedBy": {"_id": "5f1", "fullname": "Invented Curator", "name": "curator"},
            "isAuthorParticipating": False}


def main() -> None:
    (OUT / "arxiv-0.xml").write_text(atom([0, 1, 2], 7, 0))
    (OUT / "arxiv-3.xml").write_text(atom([3, 4, 5], 7, 3))
    (OUT / "arxiv-6.xml").write_text(atom([6], 7, 6))
    pages = [("star", [0, 1, 2], "Q1"), ("Q1", [3, 4, 5], "Q2"), ("Q2", [6], "Q3"), ("Q3", [], None)]
    for name, items, nxt in pages:
        obj = {"meta": {"count": 7, "db_response_time_ms": 12, "page": None, "per_page": 3, "next_cursor": nxt,
                        "groups_count": None}, "results": [work(i) for i in items], "group_by": []}
        (OUT / f"openalex-{name}.json").write_text(json.dumps(obj, ensure_ascii=False, indent=1) + "\n")
    for offset, items in ((0, [0, 1, 2]), (3, [3, 4, 5]), (6, [6])):
        obj = {"total": 7, "offset": offset, "data": [s2(i) for i in items]}
        if offset < 6:
            obj = {"total": 7, "offset": offset, "next": offset + 3, "data": [s2(i) for i in items]}
        (OUT / f"s2-{offset}.json").write_text(json.dumps(obj, ensure_ascii=False, indent=1) + "\n")
    for day, items in (("2024-05-03", [0, 1, 2]), ("2024-05-02", [3, 4]), ("2024-05-01", [5, 6])):
        (OUT / f"hf-{day}.json").write_text(json.dumps([daily(i, day) for i in items], ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
