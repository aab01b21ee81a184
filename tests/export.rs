//! `basis export`: the RDF read back by an independent parser (rio) and queried with SPARQL
//! in an embedded store (Oxigraph), the CSV files loaded into SQLite, and the diagrams'
//! structure — each answer checked against `basis query` on the same data, run as the real
//! binary.

use oxigraph::io::RdfFormat;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use rio_api::parser::TriplesParser;
use std::collections::BTreeSet;
use std::process::Command;

fn basis(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_basis"))
        .args(args)
        .output()
        .expect("run basis");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn export(args: &[&str]) -> String {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    let (out, err, code) = basis(&all);
    assert_eq!(code, 0, "basis {all:?}: {err}");
    out
}

/// The triples of a Turtle or N-Triples text as read by rio (not the library that wrote
/// them), each in N-Triples form.
fn rio_triples(text: &str, turtle: bool) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut add = |t: rio_api::model::Triple<'_>| -> Result<(), rio_turtle::TurtleError> {
        out.insert(t.to_string());
        Ok(())
    };
    if turtle {
        rio_turtle::TurtleParser::new(text.as_bytes(), None)
            .parse_all(&mut add)
            .expect("rio parses the Turtle");
    } else {
        rio_turtle::NTriplesParser::new(text.as_bytes())
            .parse_all(&mut add)
            .expect("rio parses the N-Triples");
    }
    out
}

/// Every triple of an N-Triples text as rio reads it, repeats kept, in N-Triples form.
fn rio_triple_list(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    rio_turtle::NTriplesParser::new(text.as_bytes())
        .parse_all(
            &mut |t: rio_api::model::Triple<'_>| -> Result<(), rio_turtle::TurtleError> {
                out.push(t.to_string());
                Ok(())
            },
        )
        .expect("rio parses the N-Triples");
    out
}

/// The triples written more than once, with how many times.
fn repeated(triples: &[String]) -> Vec<(usize, &String)> {
    let mut seen = std::collections::BTreeMap::new();
    for t in triples {
        *seen.entry(t).or_insert(0usize) += 1;
    }
    seen.into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(t, n)| (n, t))
        .collect()
}

/// A store holding the triples rio read.
fn store_of(triples: &BTreeSet<String>) -> Store {
    let store = Store::new().expect("in-memory store");
    let nt: String = triples.iter().map(|t| format!("{t} .\n")).collect();
    store
        .load_from_reader(RdfFormat::NTriples, nt.as_bytes())
        .expect("load");
    store
}

/// One column of a SPARQL SELECT, as plain strings (IRIs without brackets, literal values).
fn select(store: &Store, query: &str, var: &str) -> BTreeSet<String> {
    let q = SparqlEvaluator::new()
        .parse_query(query)
        .expect("SPARQL parses");
    let QueryResults::Solutions(sols) = q.on_store(store).execute().expect("SPARQL runs") else {
        panic!("not a SELECT");
    };
    sols.map(|s| match s.expect("solution").get(var) {
        Some(oxigraph::model::Term::NamedNode(n)) => n.as_str().to_string(),
        Some(oxigraph::model::Term::Literal(l)) => l.value().to_string(),
        other => panic!("unexpected {other:?}"),
    })
    .collect()
}

/// One column of a `basis query --format csv` answer.
fn query_column(query: &str, column: &str) -> BTreeSet<String> {
    let (out, err, code) = basis(&["query", "--format", "csv", query]);
    assert_eq!(code, 0, "{err}");
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let i = r
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == column)
        .unwrap_or_else(|| panic!("no column {column}"));
    r.records()
        .map(|x| x.expect("row")[i].to_string())
        .collect()
}

const PARTY: &str = "https://w3id.org/basis/id/party/";

/// "Which partners get health data under Art. 9(2)(h)?" — the query docs/interop.md shows.
fn health_9_2_h() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/interop.rq"))
        .expect("docs/interop.rq")
}

#[test]
fn sparql_on_the_turtle_export_answers_as_basis_query_does() {
    let ttl = export(&["--to", "turtle"]);
    let store = store_of(&rio_triples(&ttl, true));
    let sparql: BTreeSet<String> = select(&store, &health_9_2_h(), "party")
        .into_iter()
        .map(|iri| iri.strip_prefix(PARTY).expect("a party IRI").to_string())
        .collect();
    let basis = query_column(
        "recipients where category in health and basis = art 9(2)(h)",
        "recipient",
    );
    // Hand-checked: 000 cites Art. 9 Part h for Early Help (000_…txt) and names Cheshire
    // police among its recipients; 002 (Cheshire East) cites no Art. 9 condition at all.
    assert!(sparql.contains("cheshire-police"), "{sparql:?}");
    assert!(sparql.len() >= 10, "{sparql:?}");
    assert_eq!(sparql, basis);
}

#[test]
fn the_three_rdf_syntaxes_carry_the_same_triples() {
    let ttl = rio_triples(&export(&["--to", "turtle", "--org", "cheshire-west"]), true);
    let nt = rio_triples(
        &export(&["--to", "ntriples", "--org", "cheshire-west"]),
        false,
    );
    assert_eq!(ttl, nt);
    let json = export(&["--to", "jsonld", "--org", "cheshire-west"]);
    let store = Store::new().expect("store");
    store
        .load_from_reader(
            RdfFormat::JsonLd {
                profile: Default::default(),
            },
            json.as_bytes(),
        )
        .expect("the JSON-LD loads");
    assert_eq!(store.len().expect("len"), nt.len());
}

#[test]
fn every_dpv_iri_of_the_export_is_in_dpv_2_3() {
    let known = crate::dpv::dpv_23_iris();
    let triples = rio_triples(&export(&["--to", "ntriples"]), false);
    let mut iris = BTreeSet::new();
    for t in &triples {
        for part in t.split('<').skip(1) {
            if let Some(iri) = part.split('>').next() {
                iris.insert(iri.to_string());
            }
        }
    }
    let dpv: Vec<&String> = iris
        .iter()
        .filter(|i| i.starts_with("https://w3id.org/dpv"))
        .collect();
    // Classes, properties, pd: concepts and GDPR bases are all used.
    for must in [
        "https://w3id.org/dpv#hasRecipient",
        "https://w3id.org/dpv/pd#Health",
        "https://w3id.org/dpv/legal/eu/gdpr#A9-2-h",
        "https://w3id.org/dpv/legal/gb#law-DPA",
        "https://w3id.org/dpv#hasStorageCondition",
        "https://w3id.org/dpv#hasDuration",
        "https://w3id.org/dpv#TemporalDuration",
        "https://w3id.org/dpv#hasContact",
        "https://w3id.org/dpv#hasDataProtectionOfficer",
        "https://w3id.org/dpv#DataProtectionOfficer",
        "https://w3id.org/dpv#Technology",
        "https://w3id.org/dpv/legal/gb#DPA-GB",
        "https://w3id.org/dpv/legal/eu/gdpr#A15",
        "https://w3id.org/dpv/legal/eu/gdpr#A22",
    ] {
        assert!(iris.contains(must), "{must} not in the export");
    }
    let unknown: Vec<&&String> = dpv.iter().filter(|i| !known.contains(**i)).collect();
    assert!(unknown.is_empty(), "not in DPV 2.3: {unknown:?}");
}

#[test]
fn a_flow_keeps_its_notice_quote_and_provenance() {
    let store = store_of(&rio_triples(&export(&["--to", "turtle"]), true));
    // 004 (Early Help Hub) lists Thames Valley Police among partner agencies; its categories
    // and bases are stated for the service, so implied for the flow, except that one of the
    // bases it carries over, Art. 9(2)(a), is the encoder's inference from "without your
    // explicit consent": the bases are then only as firm as that, inferred.
    let q = "
PREFIX dpv: <https://w3id.org/dpv#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX bv: <https://w3id.org/basis/ns#>
SELECT ?x WHERE {
  ?flow dpv:hasRecipient <https://w3id.org/basis/id/party/thames-valley-police> ;
        prov:wasDerivedFrom ?notice ; bv:quote ?quote ; bv:basesProvenance ?p .
  BIND(CONCAT(STR(?notice), ' | ', ?quote, ' | ', STR(?p)) AS ?x)
}";
    assert_eq!(
        select(&store, q, "x"),
        BTreeSet::from([
            "https://w3id.org/basis/id/notice/afc-early-help-hub | Thames Valley Police | https://w3id.org/basis/ns#inferred".to_string()
        ])
    );
    // A service's basis is reified with the notice's own words: 000's "Article 9 Part h".
    let q = "
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX bv: <https://w3id.org/basis/ns#>
SELECT ?quote WHERE {
  ?st rdf:subject <https://w3id.org/basis/id/service/cwac-early-help-and-prevention> ;
      rdf:object <https://w3id.org/dpv/legal/eu/gdpr#A9-2-h> ; bv:quote ?quote .
}";
    assert_eq!(
        select(&store, q, "quote"),
        BTreeSet::from(["General Data Protection Legislation Article 9 Part h".to_string()])
    );
}

#[test]
fn an_org_export_holds_that_organisation_only() {
    let store = store_of(&rio_triples(
        &export(&["--to", "ntriples", "--org", "cheshire-east"]),
        false,
    ));
    let q = "PREFIX dpv: <https://w3id.org/dpv#>
SELECT DISTINCT ?c WHERE { ?f dpv:hasDataController ?c }";
    assert_eq!(
        select(&store, q, "c"),
        BTreeSet::from(["https://w3id.org/basis/id/org/cheshire-east".to_string()])
    );
    let q = "PREFIX dpv: <https://w3id.org/dpv#>
SELECT ?f WHERE { ?f dpv:hasRecipient|dpv:hasDataSource|<https://w3id.org/basis/ns#sharedWithinControllerWith> ?p }";
    let flows = select(&store, q, "f").len();
    let expected = query_column("flows where org = cheshire-east", "party").len();
    assert!(
        flows >= expected && flows > 0,
        "{flows} flows, {expected} parties"
    );
}

#[test]
fn export_errors_say_what_to_do() {
    let (_, err, code) = basis(&["export", "--to", "turtle", "--org", "cheshire-wets"]);
    assert_eq!(code, 1);
    assert!(err.contains("did you mean `cheshire-west`"), "{err}");
    let (_, err, code) = basis(&["export", "--to", "csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("-o DIR"), "{err}");
    let (_, err, code) = basis(&["export", "--to", "dot", "--group-by", "colour"]);
    assert_eq!(code, 2);
    assert!(err.contains("party.type"), "{err}");
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().to_str().expect("utf-8 path");
    let (_, err, code) = basis(&["export", "--to", "turtle", "-o", d]);
    assert_eq!(code, 1);
    // In the words every `-o` uses (file.rs).
    assert!(
        err.contains(&format!("cannot write {d}: it is a directory")),
        "{err}"
    );
    let (_, err, code) = basis(&["export", "--to", "rdfxml"]);
    assert_eq!(code, 2);
    assert!(err.contains("turtle"), "{err}");
}

#[test]
fn the_csv_files_load_into_sqlite_and_answer_as_basis_query_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().to_str().expect("utf-8 path");
    export(&["--to", "csv", "-o", d]);
    let db = rusqlite::Connection::open_in_memory().expect("sqlite");
    // What `.import --csv FILE TABLE` does: a table whose columns are the header, every
    // value text.
    for table in basis::export::TABLES {
        let (name, cols): (&str, Vec<&str>) =
            (table.name, table.columns.iter().map(|c| c.name).collect());
        let mut r = csv::Reader::from_path(dir.path().join(format!("{name}.csv"))).expect("file");
        let header: Vec<String> = r
            .headers()
            .expect("header")
            .iter()
            .map(String::from)
            .collect();
        assert_eq!(&header[..cols.len()], cols, "{name}.csv");
        assert_eq!(
            &header[cols.len()..],
            ["provenance", "notice", "quote"],
            "{name}.csv"
        );
        let list: Vec<String> = header.iter().map(|h| format!("\"{h}\" TEXT")).collect();
        db.execute(
            &format!("CREATE TABLE \"{name}\" ({})", list.join(", ")),
            [],
        )
        .expect("create");
        let marks = vec!["?"; header.len()].join(", ");
        let mut ins = db
            .prepare(&format!("INSERT INTO \"{name}\" VALUES ({marks})"))
            .expect("insert");
        for rec in r.records() {
            let rec = rec.expect("row");
            ins.execute(rusqlite::params_from_iter(rec.iter()))
                .expect("row inserts");
        }
    }
    let sql = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/interop.sql"))
        .expect("docs/interop.sql");
    let mut st = db.prepare(&sql).expect("the documented SQL prepares");
    let got: BTreeSet<String> = st
        .query_map([], |r| r.get::<_, String>(0))
        .expect("runs")
        .map(|x| x.expect("row"))
        .collect();
    let want = query_column(
        "recipients where category in health and basis = art 9(2)(h)",
        "recipient",
    );
    assert_eq!(got, want);
    // Every flow row keeps its evidence.
    let empty: i64 = db
        .query_row(
            "SELECT count(*) FROM flow WHERE provenance NOT IN ('stated','implied','inferred') OR notice = '' OR quote = ''",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(empty, 0);
}

#[test]
fn the_dot_diagram_links_organisation_service_and_recipient_types() {
    let dot = export(&[
        "--to",
        "dot",
        "--org",
        "achieving-for-children",
        "--group-by",
        "party.type",
    ]);
    assert!(dot.starts_with("digraph basis {"), "{dot}");
    assert!(dot.trim_end().ends_with('}'));
    // 004 relies on Art. 6(1)(a) and 9(2)(a) for every partner: written once, on the
    // organisation → service edge.
    let org_edge = dot
        .lines()
        .find(|l| l.trim_start().starts_with("org_") && l.contains("->"))
        .expect("an organisation → service edge");
    assert!(
        org_edge.contains("Art. 6(1)(a)\\nArt. 9(2)(a)"),
        "{org_edge}"
    );
    assert!(dot.contains("label=\"Achieving for Children\""), "{dot}");
    assert!(dot.contains("label=\"Police (1 recipient)\""), "{dot}");
    // No other organisation's services.
    assert!(!dot.contains("Cheshire"), "{dot}");
}

#[test]
fn the_mermaid_diagram_has_the_same_edges_as_the_dot_one() {
    let args = ["--org", "cheshire-east", "--group-by", "party.type"];
    let dot = export(&[&["--to", "dot"][..], &args[..]].concat());
    let mermaid = export(&[&["--to", "mermaid"][..], &args[..]].concat());
    assert!(mermaid.starts_with("flowchart LR\n"));
    let dot_edges = dot.lines().filter(|l| l.contains(" -> ")).count();
    let mermaid_edges = mermaid
        .lines()
        .filter(|l| l.contains(" --> ") || l.contains(" -->|"))
        .count();
    assert_eq!(dot_edges, mermaid_edges);
    assert!(dot_edges > 3);
}

/// A snapshot made by `basis gen --orgs ORGS --flows FLOWS --seed SEED` in `dir`: its path.
fn generated(dir: &std::path::Path, orgs: u32, flows: u32, seed: u32) -> String {
    let snap = dir.join("g.basis");
    let snap = snap.to_str().expect("utf-8 path").to_string();
    let (orgs, flows, seed) = (orgs.to_string(), flows.to_string(), seed.to_string());
    let (_, err, code) = basis(&[
        "gen", "--orgs", &orgs, "--flows", &flows, "--seed", &seed, "-o", &snap,
    ]);
    assert_eq!(code, 0, "{err}");
    snap
}

#[test]
fn a_generated_snapshot_exports_every_flow_to_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let snap = generated(dir.path(), 20, 3000, 4);
    let snap = snap.as_str();
    let nt = dir.path().join("g.nt");
    export(&[
        "--data",
        snap,
        "--to",
        "ntriples",
        "-o",
        nt.to_str().expect("utf-8 path"),
    ]);
    let text = std::fs::read_to_string(&nt).expect("the file is written");
    let flows: BTreeSet<String> = rio_triples(&text, false)
        .into_iter()
        .filter_map(|t| {
            t.strip_prefix("<https://w3id.org/basis/id/flow/")
                .and_then(|r| r.split_once('>'))
                .map(|(n, _)| n.to_string())
        })
        .collect();
    assert_eq!(flows.len(), 3000);
    // Written through a temporary file that is renamed: nothing else is left beside it.
    let names: BTreeSet<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, BTreeSet::from(["g.basis".into(), "g.nt".into()]));

    // A reader that stops early (`| head`) stops the export quietly, exit 0.
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_basis"))
        .args(["export", "--data", snap, "--to", "turtle"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn basis");
    let out = child.stdout.take().expect("stdout");
    let first = BufReader::new(out).lines().next();
    assert!(first.is_some_and(|l| l.is_ok_and(|l| l.starts_with("@prefix"))));
    let o = child.wait_with_output().expect("wait");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&o.stderr), "");
}

#[test]
fn the_sqlite3_shell_imports_the_csv_files_as_docs_interop_shows() {
    // The real `sqlite3` shell where it is installed (Debian's `sqlite3` package): the
    // command docs/interop.md shows, unedited. The library test above covers the rest.
    if Command::new("sqlite3").arg("-version").output().is_err() {
        eprintln!("sqlite3 is not installed: the shell's .import is not tried");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().to_str().expect("utf-8 path");
    export(&["--to", "csv", "-o", &format!("{d}/graph")]);
    let sql = std::fs::File::open(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/interop.sql"))
        .expect("docs/interop.sql");
    let mut cmd = Command::new("sqlite3");
    for t in ["category", "flow", "flow_category", "flow_basis"] {
        cmd.arg("-cmd")
            .arg(format!(".import --csv graph/{t}.csv {t}"));
    }
    let out = cmd
        .arg(":memory:")
        .current_dir(d)
        .stdin(sql)
        .output()
        .expect("sqlite3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: BTreeSet<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .collect();
    let want = query_column(
        "recipients where category in health and basis = art 9(2)(h)",
        "recipient",
    );
    assert_eq!(got, want);
}

#[test]
fn bases_dpv_lacks_are_minted_with_their_legislation_gov_uk_provision() {
    let store = store_of(&rio_triples(&export(&["--to", "turtle"]), true));
    let q = "
PREFIX bv: <https://w3id.org/basis/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dpv: <https://w3id.org/dpv#>
SELECT ?x WHERE {
  ?b a dpv:LegalBasis ; bv:citation ?c ; rdfs:seeAlso ?src .
  FILTER(STRSTARTS(STR(?b), 'https://w3id.org/basis/id/basis/'))
  FILTER NOT EXISTS { ?b <http://www.w3.org/2004/02/skos/core#exactMatch> ?dpv }
  BIND(CONCAT(?c, ' ', STR(?src)) AS ?x)
}";
    let minted = select(&store, q, "x");
    // DPV 2.3's GDPR extension has no Art. 10, no UK-only Art. 6(1)(ea) (DUAA 2025 s.70) and
    // nothing of DPA 2018 Sch. 1.
    for want in [
        "UK GDPR Art. 10 http://www.legislation.gov.uk/eur/2016/679/article/10",
        "UK GDPR Art. 6(1)(ea) http://www.legislation.gov.uk/eur/2016/679/article/6",
        "DPA 2018 Sch. 1 Pt. 3 para. 36 http://www.legislation.gov.uk/ukpga/2018/12/schedule/1/paragraph/36",
    ] {
        assert!(minted.contains(want), "{want} not minted: {minted:?}");
    }
    // The bases DPV has are not minted again.
    assert!(!minted.iter().any(|m| m.starts_with("UK GDPR Art. 9(2)(h)")));
}

#[test]
fn export_to_a_file_is_written_as_every_other_dash_o_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    // `-` is standard output: the same bytes as no -o, and no file named `-`.
    let (dash, _, code) = basis(&["export", "--to", "dot", "-o", "-"]);
    assert_eq!(code, 0);
    assert_eq!(dash, export(&["--to", "dot"]));
    // A symlink stays a link and its target gets the export (file.rs, as for report -o).
    let target = dir.path().join("graph.dot");
    let link = dir.path().join("link.dot");
    std::fs::write(&target, "old").expect("write");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("graph.dot", &link).expect("symlink");
        let (_, err, code) = basis(&["export", "--to", "dot", "-o", link.to_str().expect("utf-8")]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(std::fs::read_link(&link).ok(), Some("graph.dot".into()));
        assert_eq!(std::fs::read_to_string(&target).ok(), Some(dash.clone()));
    }
    // A missing directory is named with the way round, in the words report -o uses.
    let missing = dir.path().join("no/such/x.ttl");
    let (_, err, code) = basis(&[
        "export",
        "--to",
        "turtle",
        "-o",
        missing.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 1);
    assert!(
        err.starts_with("error: cannot write ")
            && err.contains("does not exist")
            && err.contains("mkdir -p"),
        "{err}"
    );
    assert!(!dir.path().join("no").exists());
}

#[test]
fn no_triple_is_written_twice() {
    // The built-in data once gave 8 repeats (a service's fact stated in two passages, a
    // contact given twice), and a generated set 267 at 1M flows: every one of them a fact
    // stated twice. Each statement stays (reified, with its own quote); the triple is one.
    let builtin = rio_triple_list(&export(&["--to", "ntriples"]));
    assert!(builtin.len() > 5000, "{}", builtin.len());
    assert_eq!(repeated(&builtin), vec![]);
    // A law Early Help cites in two passages: one triple, both statements kept.
    let q = "
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?st WHERE {
  ?st rdf:subject <https://w3id.org/basis/id/service/cwac-early-help-and-prevention> ;
      rdf:object <http://www.legislation.gov.uk/id/ukpga/1989/41> .
}";
    let store = store_of(&builtin.iter().cloned().collect());
    assert!(select(&store, q, "st").len() >= 2);

    let dir = tempfile::tempdir().expect("tempdir");
    let snap = generated(dir.path(), 20, 3000, 4);
    let snap = snap.as_str();
    let generated = rio_triple_list(&export(&["--data", snap, "--to", "ntriples"]));
    assert!(generated.len() > 50_000, "{}", generated.len());
    assert_eq!(repeated(&generated), vec![]);
}

const BV_NS: &str = "https://w3id.org/basis/ns#";

#[test]
fn every_minted_term_and_system_is_declared_with_a_label() {
    let triples = rio_triples(&export(&["--to", "ntriples"]), false);
    let store = store_of(&triples);
    // Every bv: IRI the export writes, in any position.
    let mut used = BTreeSet::new();
    for t in &triples {
        for part in t.split('<').skip(1) {
            if let Some(iri) = part.split('>').next().filter(|i| i.starts_with(BV_NS)) {
                used.insert(iri.to_string());
            }
        }
    }
    assert!(used.len() > 30, "{used:?}");
    let q = "
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?t WHERE {
  ?t a ?k ; rdfs:label ?l ; rdfs:comment ?c .
  FILTER(?k IN (rdf:Property, rdfs:Class, <https://w3id.org/basis/ns#Provenance>))
}";
    let declared = select(&store, q, "t");
    // The namespace IRI itself (the terms' rdfs:isDefinedBy) is the one bv: IRI not a term.
    let undeclared: Vec<&String> = used
        .iter()
        .filter(|t| !declared.contains(*t) && *t != BV_NS)
        .collect();
    assert!(undeclared.is_empty(), "used, not declared: {undeclared:?}");
    let q = "
PREFIX dpv: <https://w3id.org/dpv#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?x WHERE {
  ?s <https://w3id.org/basis/ns#storedIn> ?sys .
  ?sys a dpv:Technology ; rdfs:label ?l ; <https://w3id.org/basis/ns#usedBy> ?org .
  BIND(CONCAT(STR(?sys), ' ', ?l) AS ?x)
}";
    let systems = select(&store, q, "x");
    let q = "PREFIX bv: <https://w3id.org/basis/ns#>
SELECT DISTINCT ?sys WHERE { ?s bv:storedIn ?sys }";
    let named = select(&store, q, "sys");
    assert!(!named.is_empty());
    let labelled: BTreeSet<String> = systems
        .iter()
        .filter_map(|x| x.split_once(' ').map(|(s, _)| s.to_string()))
        .collect();
    assert_eq!(labelled, named);
}

#[test]
fn retention_rights_and_contacts_are_linked_in_dpv_terms() {
    let store = store_of(&rio_triples(&export(&["--to", "turtle"]), true));
    // 000 keeps a child's data until 25, an adult's for six years: one rule until an event,
    // one of a fixed time.
    let q = "
PREFIX dpv: <https://w3id.org/dpv#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?x WHERE {
  <https://w3id.org/basis/id/service/cwac-early-help-and-prevention> dpv:hasStorageCondition ?r .
  ?r a dpv:StorageDuration ; dpv:hasDuration ?d .
  ?d a ?class .
  OPTIONAL { ?d rdf:value ?v }
  BIND(CONCAT(STRAFTER(STR(?class), '#'), ' ', COALESCE(STR(?v), '-')) AS ?x)
}";
    assert_eq!(
        select(&store, q, "x"),
        BTreeSet::from([
            "UntilEventDuration -".to_string(),
            "TemporalDuration P6Y".into()
        ])
    );
    // Every retention rule hangs off its service, with a duration.
    let q = "
PREFIX dpv: <https://w3id.org/dpv#>
SELECT ?r WHERE { ?s dpv:hasStorageCondition ?r . ?r a dpv:StorageDuration ; dpv:hasDuration ?d }";
    let rules = select(&store, q, "r").len();
    let (out, err, code) = basis(&["query", "--format", "csv", "count retention"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(rules.to_string(), out.lines().nth(1).unwrap_or_default());

    // Rights: the same UK GDPR article is DPV's EU GDPR right; Arts. 22A–22D replaced Art. 22.
    let q = "
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?x WHERE {
  ?r a <https://w3id.org/dpv#DataSubjectRight> ; ?rel ?t .
  FILTER(?rel IN (skos:exactMatch, skos:closeMatch, skos:broadMatch, skos:narrowMatch))
  BIND(CONCAT(STRAFTER(STR(?r), 'right/'), ' ', STRAFTER(STR(?rel), '#'), ' ', STRAFTER(STR(?t), '#')) AS ?x)
}";
    let rights = select(&store, q, "x");
    for want in [
        "access exactMatch A15",
        "rectification exactMatch A16",
        "erasure exactMatch A17",
        "restriction exactMatch A18",
        "portability exactMatch A20",
        "objection exactMatch A21",
        "direct-marketing-objection broadMatch A21",
        "automated-decision closeMatch A22",
        "withdraw-consent exactMatch A7-3",
        "complain-to-ico exactMatch A77",
    ] {
        assert!(rights.contains(want), "{want} not in {rights:?}");
    }
    // DPA 2018 s.164A has no DPV concept.
    assert!(!rights.iter().any(|r| r.starts_with("complain-controller")));

    // Contacts are resources: Cheshire West's DPO is an entity with its two postal addresses
    // (000 and 003 give The Portal, 001 gives 4 Civic Way), the ICO's details hang off
    // legal-gb:DPA-GB, and no contact is a plain literal of the organisation any more.
    let q = "
PREFIX dpv: <https://w3id.org/dpv#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX bv: <https://w3id.org/basis/ns#>
SELECT ?v WHERE {
  <https://w3id.org/basis/id/org/cheshire-west> dpv:hasDataProtectionOfficer ?dpo .
  ?dpo a dpv:DataProtectionOfficer ; dpv:hasContact ?c .
  ?c a bv:ContactPoint ; bv:contactKind 'post' ; rdf:value ?v .
}";
    assert_eq!(
        select(&store, q, "v"),
        BTreeSet::from([
            "Data Protection Officer, The Portal, Wellington Road, Ellesmere Port, CH65 0BA"
                .to_string(),
            "Data Protection Officer, 4 Civic Way, Ellesmere Port, CH65 0BE".into(),
        ])
    );
    let q = "
PREFIX dpv: <https://w3id.org/dpv#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?v WHERE { <https://w3id.org/dpv/legal/gb#DPA-GB> dpv:hasContact ?c . ?c rdf:value ?v }";
    assert!(select(&store, q, "v").contains("casework@ico.org.uk"));
    let q = "
PREFIX dpv: <https://w3id.org/dpv#>
SELECT ?o WHERE { ?s dpv:hasContact ?o FILTER(isLiteral(?o)) }";
    assert!(select(&store, q, "o").is_empty());
    // Each link keeps the notice and quote it rests on.
    let q = "
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX dpv: <https://w3id.org/dpv#>
PREFIX bv: <https://w3id.org/basis/ns#>
SELECT ?q WHERE {
  ?st rdf:predicate dpv:hasContact ; rdf:object ?c ; bv:quote ?q .
  ?c rdf:value 'Data Protection Officer, 4 Civic Way, Ellesmere Port, CH65 0BE' .
}";
    assert_eq!(select(&store, q, "q").len(), 1);
}

/// Whether pyshacl (the SHACL engine on PyPI, which `.ci/run` installs) can be run; when it
/// cannot, the test says why and passes, unless `BASIS_REQUIRE_PYTHON_ORACLES=1`.
fn pyshacl_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import pyshacl"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("BASIS_REQUIRE_PYTHON_ORACLES").as_deref() != Ok("1"),
            "BASIS_REQUIRE_PYTHON_ORACLES=1 but pyshacl is not installed (pip install pyshacl)"
        );
        eprintln!(
            "pyshacl is not installed (pip install pyshacl): the SHACL shapes are not checked"
        );
    }
    ok
}

/// pyshacl's verdict on a Turtle file against docs/interop-shapes.ttl: exit status and report.
fn shacl(data: &std::path::Path) -> (i32, String) {
    let shapes = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/interop-shapes.ttl");
    let o = Command::new("python3")
        .args([
            "-m", "pyshacl", "-s", shapes, "-sf", "turtle", "-df", "turtle",
        ])
        .arg(data)
        .output()
        .expect("run pyshacl");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

#[test]
fn the_rdf_export_conforms_to_the_shacl_shapes_written_from_dpv() {
    if !pyshacl_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let builtin = dir.path().join("builtin.ttl");
    std::fs::write(&builtin, export(&["--to", "turtle"])).expect("write");
    let (code, report) = shacl(&builtin);
    assert_eq!(code, 0, "{report}");
    assert!(report.contains("Conforms: True"), "{report}");
    // A generated set too.
    let snap = generated(dir.path(), 5, 500, 3);
    let snap = snap.as_str();
    let generated = dir.path().join("g.ttl");
    std::fs::write(&generated, export(&["--data", snap, "--to", "turtle"])).expect("write");
    let (code, report) = shacl(&generated);
    assert_eq!(code, 0, "{report}");
    // The shapes can fail: a contact as a plain literal, a second duration, a second quote.
    let mut bad = std::fs::read_to_string(&builtin).expect("read");
    bad.push_str(
        "<https://w3id.org/basis/id/org/cheshire-west> <https://w3id.org/dpv#hasContact> \"0123\" .\n\
         <https://w3id.org/basis/id/retention/0> <https://w3id.org/dpv#hasDuration> <https://w3id.org/dpv#EndlessDuration> .\n\
         <https://w3id.org/basis/id/flow/3> <https://w3id.org/basis/ns#quote> \"again\" .\n",
    );
    let broken = dir.path().join("broken.ttl");
    std::fs::write(&broken, bad).expect("write");
    let (code, report) = shacl(&broken);
    assert_eq!(code, 1, "{report}");
    for focus in ["org:cheshire-west", "retention:0", "flow:3"] {
        assert!(
            report.contains(&format!("Focus Node: {focus}")),
            "{focus}: {report}"
        );
    }
}
