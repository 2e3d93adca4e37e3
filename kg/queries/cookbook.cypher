// kg's Cypher cookbook: questions a researcher asks of a field's graph, for the model that `kg neo4j push`
// writes (see the README). Each query starts with a `// name:` line, says what it answers, lists its parameters
// (`$name` values, matched to an entity's name or one of its aliases, case-insensitively) and ends with `;`.
// Run one with `kg neo4j query NAME --param task="image classification"`.

// name: top-entities
// answers: The most studied methods, datasets and tasks: entities by number of papers, per label.
// params: limit
MATCH (e:Entity)
WITH e, [l IN labels(e) WHERE l <> 'Entity'][0] AS label
ORDER BY e.papers DESC, e.name
WITH label, collect({name: e.name, papers: e.papers})[..$limit] AS top
RETURN label, top
ORDER BY label;

// name: methods-for-task
// answers: Which methods are most used for a task? Methods co-mentioned with the task, by shared papers.
// params: task, limit
MATCH (t:Task)
WHERE toLower(t.name) = toLower($task) OR toLower($task) IN [a IN t.aliases | toLower(a)]
MATCH (t)-[c:CO_MENTIONED]-(m:Method)
RETURN m.name AS method, c.papers AS papers, c.sentences AS same_sentence
ORDER BY papers DESC, same_sentence DESC, method
LIMIT $limit;

// name: datasets-for-method
// answers: Which datasets is a method evaluated on? Datasets co-mentioned with the method, same-sentence first.
// params: method, limit
MATCH (m:Method)
WHERE toLower(m.name) = toLower($method) OR toLower($method) IN [a IN m.aliases | toLower(a)]
MATCH (m)-[c:CO_MENTIONED]-(d:Dataset)
RETURN d.name AS dataset, c.sentences AS same_sentence, c.papers AS papers
ORDER BY same_sentence DESC, papers DESC, dataset
LIMIT $limit;

// name: tasks-sharing-datasets
// answers: Which tasks share datasets? Task pairs by the number of datasets co-mentioned with both.
// params: limit
MATCH (t1:Task)-[:CO_MENTIONED]-(d:Dataset)-[:CO_MENTIONED]-(t2:Task)
WHERE t1.id < t2.id
WITH t1, t2, collect(DISTINCT d.name) AS datasets
RETURN t1.name AS task, t2.name AS other_task, size(datasets) AS shared, datasets
ORDER BY shared DESC, task, other_task
LIMIT $limit;

// name: strongest-co-mentions
// answers: What is an entity most strongly linked with? Its co-mentions by weight (papers when unweighted).
// params: name, limit
MATCH (e:Entity)
WHERE toLower(e.name) = toLower($name) OR toLower($name) IN [a IN e.aliases | toLower(a)]
MATCH (e)-[c:CO_MENTIONED]-(o:Entity)
RETURN o.name AS entity, [l IN labels(o) WHERE l <> 'Entity'][0] AS label, c.papers AS papers,
       c.sentences AS same_sentence, coalesce(c.weight, toFloat(c.papers)) AS weight
ORDER BY weight DESC, papers DESC, entity
LIMIT $limit;

// name: community-of
// answers: Which entities belong to the same community (cluster) as an entity? Needs communities in the build.
// params: name, limit
MATCH (e:Entity)
WHERE toLower(e.name) = toLower($name) OR toLower($name) IN [a IN e.aliases | toLower(a)]
MATCH (o:Entity)
WHERE o.community = e.community
RETURN e.community AS community, o.name AS entity, [l IN labels(o) WHERE l <> 'Entity'][0] AS label,
       o.papers AS papers
ORDER BY papers DESC, entity
LIMIT $limit;

// name: papers-behind-pair
// answers: Which papers mention both entities of a link, with the sentences that mention each?
// params: a, b, limit
MATCH (x:Entity), (y:Entity)
WHERE (toLower(x.name) = toLower($a) OR toLower($a) IN [s IN x.aliases | toLower(s)])
  AND (toLower(y.name) = toLower($b) OR toLower($b) IN [s IN y.aliases | toLower(s)])
MATCH (x)<-[rx:MENTIONS]-(p:Paper)-[ry:MENTIONS]->(y)
RETURN p.id AS paper, p.title AS title, p.date AS date, rx.evidence AS evidence_a, ry.evidence AS evidence_b
ORDER BY date DESC, title
LIMIT $limit;

// name: shortest-path
// answers: How are two entities connected? The shortest chain of co-mentions between them.
// params: a, b
MATCH (x:Entity), (y:Entity)
WHERE (toLower(x.name) = toLower($a) OR toLower($a) IN [s IN x.aliases | toLower(s)])
  AND (toLower(y.name) = toLower($b) OR toLower($b) IN [s IN y.aliases | toLower(s)])
MATCH path = shortestPath((x)-[:CO_MENTIONED*..6]-(y))
RETURN [n IN nodes(path) | n.name] AS chain, length(path) AS hops;

// name: single-paper-entities
// answers: Which entities appear in only one paper (candidates for noise or for new ideas)?
// params: limit
MATCH (e:Entity)<-[:MENTIONS]-(p:Paper)
WITH e, count(p) AS papers, collect(p.title)[0] AS title
WHERE papers = 1
RETURN [l IN labels(e) WHERE l <> 'Entity'][0] AS label, e.name AS entity, title
ORDER BY label, entity
LIMIT $limit;

// name: papers-of-entity
// answers: Which papers mention an entity, newest first, and how often?
// params: name, limit
MATCH (e:Entity)
WHERE toLower(e.name) = toLower($name) OR toLower($name) IN [a IN e.aliases | toLower(a)]
MATCH (p:Paper)-[r:MENTIONS]->(e)
RETURN p.id AS paper, p.title AS title, p.date AS date, r.count AS mentions
ORDER BY date DESC, mentions DESC, title
LIMIT $limit;

// name: method-dataset-pairs
// answers: Which method-dataset links are stated in one sentence most often ("method X on dataset Y")?
// params: limit
MATCH (m:Method)-[c:CO_MENTIONED]-(d:Dataset)
WHERE c.sentences > 0
RETURN m.name AS method, d.name AS dataset, c.sentences AS same_sentence, c.papers AS papers
ORDER BY same_sentence DESC, papers DESC, method, dataset
LIMIT $limit;

// name: datasets-across-tasks
// answers: Which datasets serve the most different tasks (general-purpose benchmarks)?
// params: limit
MATCH (d:Dataset)-[:CO_MENTIONED]-(t:Task)
WITH d, count(DISTINCT t) AS tasks, collect(DISTINCT t.name)[..5] AS examples
RETURN d.name AS dataset, tasks, examples
ORDER BY tasks DESC, dataset
LIMIT $limit;

// name: methods-without-dataset
// answers: Which frequently mentioned methods are never mentioned together with any dataset (no evaluation named)?
// params: limit
MATCH (m:Method)
WHERE m.papers >= 2 AND NOT (m)-[:CO_MENTIONED]-(:Dataset)
RETURN m.name AS method, m.papers AS papers
ORDER BY papers DESC, method
LIMIT $limit;
