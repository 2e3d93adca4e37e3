// kg's Cypher cookbook: questions a researcher asks of a field's graph, for the model that `kg neo4j push`
// writes to Neo4j and that every build holds in its embedded database (graph.lbug, LadybugDB; see the README).
// Each query starts with a `// name:` line, says what it answers, lists its parameters (`$name` values, matched
// to an entity's name or one of its aliases, case-insensitively) and ends with `;`. Where the two engines'
// Cypher differs, the query gives one text under `// neo4j:` and one under `// ladybug:`, and `// differs:`
// says how; otherwise its one text runs on both. tests/export/test_cookbook_engines.py runs every query on both
// and compares the answers. Every ORDER BY ends on a key that breaks ties, so the answers come in one order.
// Run one with `kg query BUILD_DIR NAME --param task="image classification"` (embedded) or
// `kg neo4j query NAME --param ...` (a Neo4j server).
//
// The differences met so far, and what the texts do about them:
// - A LadybugDB node has one label, its table: Neo4j's `:Entity` is `:Method:Dataset:Task` there (several labels
//   match any of them), and `label(e)` gives the table where Neo4j needs `[l IN labels(e) WHERE l <> 'Entity'][0]`.
// - LadybugDB has no list comprehensions (`[x IN list | f(x)]`): `list_transform(list, x -> f(x))` instead.
//   Alias matching uses `any(a IN e.aliases WHERE ...)`, which both accept, on a value bound by WITH first
//   (LadybugDB 0.22 fails an assertion on a $parameter inside `any`).
// - Shortest paths: `allShortestPaths((x)-[:R*..6]-(y))` in Neo4j, `(x)-[:R* ALL SHORTEST 1..6]-(y)` in LadybugDB,
//   whose planner applies the ends' conditions before the search only when they are written in the path's own
//   WHERE without any() or lambdas: shortest-path matches an alias as written (`$a IN x.aliases`), in both.
// - LadybugDB cannot ORDER BY a list, and has no `reduce`: chains are ordered by `list_to_string(' > ', chain)`
//   there and by the same string made with `reduce` in Neo4j.
// - In a WITH, LadybugDB wants SKIP or LIMIT after ORDER BY: the LadybugDB texts add `SKIP 0`. Its
//   `collect(DISTINCT ...)` keeps no order even then: those lists are sorted with `list_sort` (code-point order,
//   as Neo4j's ORDER BY of strings).
// - LadybugDB's planner joins a second MATCH on a property comparison or a two-ended pattern slowly (community-of
//   took 120 ms, papers-behind-pair 35 ms): `WITH` the bound values first (8 ms, 15 ms); the Neo4j texts do the same.
// - In LadybugDB, `ORDER BY x` after `RETURN a.id AS x` refers to a pattern variable named x if there is one, not
//   to the alias (and a node cannot be ordered): aliases here never reuse a variable's name.
// - No `toFloat` in LadybugDB: `CAST(x AS DOUBLE)`. Lists index from 1 there: `min()` replaces `collect(x)[0]`.

// name: top-entities
// answers: The most studied methods, datasets and tasks: entities by number of papers, per label.
// params: limit
// differs: :Entity and labels(); ORDER BY in WITH needs SKIP 0 in LadybugDB
// neo4j:
MATCH (e:Entity)
WITH e, [l IN labels(e) WHERE l <> 'Entity'][0] AS label
ORDER BY e.papers DESC, e.name, e.id
WITH label, collect({name: e.name, papers: e.papers})[..$limit] AS top
RETURN label, top
ORDER BY label;
// ladybug:
MATCH (e:Method:Dataset:Task)
WITH e, label(e) AS label
ORDER BY e.papers DESC, e.name, e.id SKIP 0
WITH label, collect({name: e.name, papers: e.papers})[..$limit] AS top
RETURN label, top
ORDER BY label;

// name: methods-for-task
// answers: Which methods are most used for a task? Methods co-mentioned with the task, by shared papers.
// params: task, limit
WITH toLower($task) AS wanted
MATCH (t:Task)
WHERE toLower(t.name) = wanted OR any(a IN t.aliases WHERE toLower(a) = wanted)
MATCH (t)-[c:CO_MENTIONED]-(m:Method)
RETURN m.name AS method, c.papers AS papers, c.sentences AS same_sentence
ORDER BY papers DESC, same_sentence DESC, method, m.id
LIMIT $limit;

// name: datasets-for-method
// answers: Which datasets is a method evaluated on? Datasets co-mentioned with the method, same-sentence first.
// params: method, limit
WITH toLower($method) AS wanted
MATCH (m:Method)
WHERE toLower(m.name) = wanted OR any(a IN m.aliases WHERE toLower(a) = wanted)
MATCH (m)-[c:CO_MENTIONED]-(d:Dataset)
RETURN d.name AS dataset, c.sentences AS same_sentence, c.papers AS papers
ORDER BY same_sentence DESC, papers DESC, dataset, d.id
LIMIT $limit;

// name: tasks-sharing-datasets
// answers: Which tasks share datasets? Task pairs by the number of datasets co-mentioned with both.
// params: limit
// differs: LadybugDB's collect(DISTINCT ...) keeps no order: the list is sorted with list_sort
// neo4j:
MATCH (t1:Task)-[:CO_MENTIONED]-(d:Dataset)-[:CO_MENTIONED]-(t2:Task)
WHERE t1.id < t2.id
WITH t1, t2, d ORDER BY d.name
WITH t1, t2, collect(DISTINCT d.name) AS datasets
RETURN t1.name AS task, t2.name AS other_task, size(datasets) AS shared, datasets
ORDER BY shared DESC, task, other_task, t1.id, t2.id
LIMIT $limit;
// ladybug:
MATCH (t1:Task)-[:CO_MENTIONED]-(d:Dataset)-[:CO_MENTIONED]-(t2:Task)
WHERE t1.id < t2.id
WITH t1, t2, list_sort(collect(DISTINCT d.name)) AS datasets
RETURN t1.name AS task, t2.name AS other_task, size(datasets) AS shared, datasets
ORDER BY shared DESC, task, other_task, t1.id, t2.id
LIMIT $limit;

// name: strongest-co-mentions
// answers: What is an entity most strongly linked with? Its co-mentions by weight (papers when unweighted).
// params: name, limit
// differs: :Entity and labels(); toFloat is CAST(... AS DOUBLE) in LadybugDB
// neo4j:
WITH toLower($name) AS wanted
MATCH (e:Entity)
WHERE toLower(e.name) = wanted OR any(a IN e.aliases WHERE toLower(a) = wanted)
WITH e
MATCH (e)-[c:CO_MENTIONED]-(o:Entity)
RETURN o.name AS entity, [l IN labels(o) WHERE l <> 'Entity'][0] AS label, c.papers AS papers,
       c.sentences AS same_sentence, coalesce(c.weight, toFloat(c.papers)) AS weight
ORDER BY weight DESC, papers DESC, entity, o.id
LIMIT $limit;
// ladybug:
WITH toLower($name) AS wanted
MATCH (e:Method:Dataset:Task)
WHERE toLower(e.name) = wanted OR any(a IN e.aliases WHERE toLower(a) = wanted)
WITH e
MATCH (e)-[c:CO_MENTIONED]-(o:Method:Dataset:Task)
RETURN o.name AS entity, label(o) AS label, c.papers AS papers,
       c.sentences AS same_sentence, coalesce(c.weight, CAST(c.papers AS DOUBLE)) AS weight
ORDER BY weight DESC, papers DESC, entity, o.id
LIMIT $limit;

// name: community-of
// answers: Which entities belong to the same community (cluster) as an entity? Needs communities in the build.
// params: name, limit
// differs: :Entity and labels()
// neo4j:
WITH toLower($name) AS wanted
MATCH (e:Entity)
WHERE toLower(e.name) = wanted OR any(a IN e.aliases WHERE toLower(a) = wanted)
WITH e, e.community AS community
MATCH (o:Entity)
WHERE o.community = community
RETURN community, o.name AS entity, [l IN labels(o) WHERE l <> 'Entity'][0] AS label,
       o.papers AS papers
ORDER BY papers DESC, entity, o.id
LIMIT $limit;
// ladybug:
WITH toLower($name) AS wanted
MATCH (e:Method:Dataset:Task)
WHERE toLower(e.name) = wanted OR any(a IN e.aliases WHERE toLower(a) = wanted)
WITH e, e.community AS community
MATCH (o:Method:Dataset:Task)
WHERE o.community = community
RETURN community, o.name AS entity, label(o) AS label,
       o.papers AS papers
ORDER BY papers DESC, entity, o.id
LIMIT $limit;

// name: papers-behind-pair
// answers: Which papers mention both entities of a link, with the sentences that mention each?
// params: a, b, limit
// differs: :Entity
// neo4j:
WITH toLower($a) AS wanted_a, toLower($b) AS wanted_b
MATCH (x:Entity)
WHERE toLower(x.name) = wanted_a OR any(s IN x.aliases WHERE toLower(s) = wanted_a)
MATCH (y:Entity)
WHERE toLower(y.name) = wanted_b OR any(s IN y.aliases WHERE toLower(s) = wanted_b)
WITH x, y
MATCH (x)<-[rx:MENTIONS]-(p:Paper)-[ry:MENTIONS]->(y)
RETURN p.id AS paper, p.title AS title, p.date AS date, rx.evidence AS evidence_a, ry.evidence AS evidence_b
ORDER BY date DESC, title, paper, x.id, y.id
LIMIT $limit;
// ladybug:
WITH toLower($a) AS wanted_a, toLower($b) AS wanted_b
MATCH (x:Method:Dataset:Task)
WHERE toLower(x.name) = wanted_a OR any(s IN x.aliases WHERE toLower(s) = wanted_a)
MATCH (y:Method:Dataset:Task)
WHERE toLower(y.name) = wanted_b OR any(s IN y.aliases WHERE toLower(s) = wanted_b)
WITH x, y
MATCH (x)<-[rx:MENTIONS]-(p:Paper)-[ry:MENTIONS]->(y)
RETURN p.id AS paper, p.title AS title, p.date AS date, rx.evidence AS evidence_a, ry.evidence AS evidence_b
ORDER BY date DESC, title, paper, x.id, y.id
LIMIT $limit;

// name: shortest-path
// answers: How are two entities connected? The shortest chains of co-mentions between them (up to 6 links). A name matches in any case, an alias as written.
// params: a, b, limit
// differs: :Entity; allShortestPaths() is ALL SHORTEST in LadybugDB; a list comprehension is list_transform; a chain is ordered by its names joined by reduce (Neo4j) or list_to_string (LadybugDB); the ends are matched in the path's own WHERE, by list_contains for aliases, which LadybugDB applies before the search (any() or list_transform there make it search from every entity: 60 s instead of 10 ms)
// neo4j:
MATCH (x:Entity)
WHERE toLower(x.name) = toLower($a) OR $a IN x.aliases
MATCH (y:Entity)
WHERE toLower(y.name) = toLower($b) OR $b IN y.aliases
MATCH path = allShortestPaths((x)-[:CO_MENTIONED*..6]-(y))
WITH [n IN nodes(path) | n.name] AS chain, length(path) AS hops
RETURN chain, hops
ORDER BY hops, reduce(s = '', n IN chain | s + n + ' > ')
LIMIT $limit;
// ladybug:
MATCH path = (x:Method:Dataset:Task)-[:CO_MENTIONED* ALL SHORTEST 1..6]-(y:Method:Dataset:Task)
WHERE (toLower(x.name) = toLower($a) OR list_contains(x.aliases, $a))
  AND (toLower(y.name) = toLower($b) OR list_contains(y.aliases, $b))
WITH list_transform(nodes(path), n -> n.name) AS chain, length(path) AS hops
RETURN chain, hops
ORDER BY hops, list_to_string(' > ', chain) + ' > '
LIMIT $limit;

// name: single-paper-entities
// answers: Which entities appear in only one paper (candidates for noise or for new ideas)?
// params: limit
// differs: :Entity and labels()
// neo4j:
MATCH (e:Entity)<-[:MENTIONS]-(p:Paper)
WITH e, count(p) AS papers, min(p.title) AS title
WHERE papers = 1
RETURN [l IN labels(e) WHERE l <> 'Entity'][0] AS label, e.name AS entity, title
ORDER BY label, entity, e.id
LIMIT $limit;
// ladybug:
MATCH (e:Method:Dataset:Task)<-[:MENTIONS]-(p:Paper)
WITH e, count(p) AS papers, min(p.title) AS title
WHERE papers = 1
RETURN label(e) AS label, e.name AS entity, title
ORDER BY label, entity, e.id
LIMIT $limit;

// name: papers-of-entity
// answers: Which papers mention an entity, newest first, and how often?
// params: name, limit
// differs: :Entity
// neo4j:
WITH toLower($name) AS wanted
MATCH (e:Entity)
WHERE toLower(e.name) = wanted OR any(a IN e.aliases WHERE toLower(a) = wanted)
MATCH (p:Paper)-[r:MENTIONS]->(e)
RETURN p.id AS paper, p.title AS title, p.date AS date, r.count AS mentions
ORDER BY date DESC, mentions DESC, title, paper, e.id
LIMIT $limit;
// ladybug:
WITH toLower($name) AS wanted
MATCH (e:Method:Dataset:Task)
WHERE toLower(e.name) = wanted OR any(a IN e.aliases WHERE toLower(a) = wanted)
MATCH (p:Paper)-[r:MENTIONS]->(e)
RETURN p.id AS paper, p.title AS title, p.date AS date, r.count AS mentions
ORDER BY date DESC, mentions DESC, title, paper, e.id
LIMIT $limit;

// name: method-dataset-pairs
// answers: Which method-dataset links are stated in one sentence most often ("method X on dataset Y")?
// params: limit
MATCH (m:Method)-[c:CO_MENTIONED]-(d:Dataset)
WHERE c.sentences > 0
RETURN m.name AS method, d.name AS dataset, c.sentences AS same_sentence, c.papers AS papers
ORDER BY same_sentence DESC, papers DESC, method, dataset, m.id, d.id
LIMIT $limit;

// name: datasets-across-tasks
// answers: Which datasets serve the most different tasks (general-purpose benchmarks)? With five of them, A to Z.
// params: limit
// differs: LadybugDB's collect(DISTINCT ...) keeps no order: the list is sorted with list_sort
// neo4j:
MATCH (d:Dataset)-[:CO_MENTIONED]-(t:Task)
WITH d, t ORDER BY t.name
WITH d, count(DISTINCT t) AS tasks, collect(DISTINCT t.name)[..5] AS examples
RETURN d.name AS dataset, tasks, examples
ORDER BY tasks DESC, dataset, d.id
LIMIT $limit;
// ladybug:
MATCH (d:Dataset)-[:CO_MENTIONED]-(t:Task)
WITH d, count(DISTINCT t) AS tasks, list_sort(collect(DISTINCT t.name))[..5] AS examples
RETURN d.name AS dataset, tasks, examples
ORDER BY tasks DESC, dataset, d.id
LIMIT $limit;

// name: methods-without-dataset
// answers: Which frequently mentioned methods are never mentioned together with any dataset (no evaluation named)?
// params: limit
MATCH (m:Method)
WHERE m.papers >= 2 AND NOT (m)-[:CO_MENTIONED]-(:Dataset)
RETURN m.name AS method, m.papers AS papers
ORDER BY papers DESC, method, m.id
LIMIT $limit;
