// Migration history of the tradedig store. Each entry takes the store from version k-1 to k.
// Rules: append only; never edit a migration that has been released; every new table or view
// gets a row in store_docs, every analysis column a row in var_labels (used as .dta labels).
#include "db/schema_migrations.h"

namespace tradedig::db {
namespace {

// v1: firms and their names, import bookkeeping, runs, and the self-documentation tables.
constexpr const char* kV1 = R"SQL(
CREATE TABLE store_docs(
  name TEXT PRIMARY KEY,
  ord INTEGER NOT NULL,
  description TEXT NOT NULL
);
CREATE TABLE var_labels(
  tbl TEXT NOT NULL,
  col TEXT NOT NULL,
  label TEXT NOT NULL,
  PRIMARY KEY(tbl, col)
);
CREATE TABLE firms(
  firm_id TEXT PRIMARY KEY NOT NULL,
  name_zh TEXT,
  name_en TEXT,
  short_name TEXT,
  province TEXT,
  city TEXT,
  industry TEXT,
  founded INTEGER,
  attrs TEXT,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE TABLE firm_names(
  name_id INTEGER PRIMARY KEY,
  firm_id TEXT NOT NULL REFERENCES firms(firm_id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  lang TEXT NOT NULL CHECK(lang IN ('zh','en')),
  kind TEXT NOT NULL CHECK(kind IN ('current','former','short')),
  valid_from INTEGER,
  valid_to INTEGER,
  source TEXT,
  UNIQUE(firm_id, name, lang, kind)
);
CREATE INDEX firm_names_by_name ON firm_names(name);
CREATE TABLE imports(
  import_id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  encoding TEXT,
  mapping TEXT,
  rows_read INTEGER NOT NULL,
  rows_landed INTEGER NOT NULL,
  rows_rejected INTEGER NOT NULL,
  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX imports_by_hash ON imports(kind, sha256);
CREATE TABLE runs(
  run_id INTEGER PRIMARY KEY,
  command TEXT NOT NULL,
  spec TEXT,
  tool_version TEXT NOT NULL,
  started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  finished_at TEXT,
  status TEXT NOT NULL DEFAULT 'running' CHECK(status IN ('running','ok','failed')),
  results_json TEXT
);
CREATE VIEW v_firm_names AS
  SELECT n.firm_id, f.name_zh AS current_name_zh, n.name, n.lang, n.kind, n.valid_from, n.valid_to, n.source
  FROM firm_names n JOIN firms f USING (firm_id);

INSERT INTO store_docs(name, ord, description) VALUES
 ('firms', 10, 'The user''s firms, one row per firm_id (customs or enterprise code): current Chinese and English names, short name, province, city, industry, founding year; columns of the imported file that tradedig does not use are kept as JSON in attrs.'),
 ('firm_names', 20, 'Every name a firm is known by: current, former (曾用名) and short names, in Chinese (zh) or English (en), with the years each was valid when known. The matcher links observations to firms through these names.'),
 ('v_firm_names', 25, 'View: firm_names with the firm''s current Chinese name beside each name.'),
 ('imports', 30, 'One row per imported file: kind, path, SHA-256 of its bytes, encoding, column mapping, rows read, landed and rejected. Re-importing a file with the same SHA-256 is a no-op.'),
 ('runs', 40, 'One row per command that produced results (regressions, scores, crawls): the command, its exact specification, tool version, start and end time, status and results as JSON.'),
 ('store_docs', 90, 'This documentation: one row per documented table or view.'),
 ('var_labels', 91, 'Variable labels for analysis columns; written into exported Stata files.');

INSERT INTO var_labels(tbl, col, label) VALUES
 ('firms','firm_id','Firm identifier (customs / enterprise code)'),
 ('firms','name_zh','Firm name, Chinese (current)'),
 ('firms','name_en','Firm name, English (current)'),
 ('firms','short_name','Short name'),
 ('firms','province','Province'),
 ('firms','city','City'),
 ('firms','industry','Industry'),
 ('firms','founded','Year founded'),
 ('firms','attrs','Other columns of the imported file (JSON)'),
 ('firm_names','lang','Language of the name (zh, en)'),
 ('firm_names','kind','Kind of name (current, former, short)'),
 ('firm_names','valid_from','First year the name was used'),
 ('firm_names','valid_to','Last year the name was used');
)SQL";

// v2: the crawl frontier, raw pages and the observations extracted from them (or imported).
constexpr const char* kV2 = R"SQL(
CREATE TABLE crawl_tasks(
  task_id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  query TEXT NOT NULL,
  firm_id TEXT REFERENCES firms(firm_id) ON DELETE SET NULL,
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK(state IN ('pending','leased','done','failed','blocked','gave_up')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_due_at TEXT,
  lease_until TEXT,
  lease_owner TEXT,
  etag TEXT,
  last_modified TEXT,
  content_hash TEXT,
  last_status INTEGER,
  last_outcome TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  UNIQUE(source, query)
);
CREATE INDEX crawl_tasks_due ON crawl_tasks(state, next_due_at);
CREATE INDEX crawl_tasks_by_firm ON crawl_tasks(firm_id);
CREATE TABLE pages(
  page_id INTEGER PRIMARY KEY,
  task_id INTEGER REFERENCES crawl_tasks(task_id) ON DELETE SET NULL,
  source TEXT NOT NULL,
  method TEXT NOT NULL DEFAULT 'GET',
  url TEXT NOT NULL,
  final_url TEXT,
  status INTEGER,
  outcome TEXT NOT NULL CHECK(outcome IN ('ok','not_found','blocked','error')),
  headers TEXT,
  fetched_at TEXT NOT NULL,
  body_zstd BLOB,
  body_size INTEGER,
  sha256 TEXT
);
CREATE INDEX pages_by_task ON pages(task_id);
CREATE TABLE observations(
  obs_id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK(kind IN ('membership','icp','domain')),
  source TEXT NOT NULL,
  entity_name TEXT,
  observed_at TEXT NOT NULL,
  page_id INTEGER REFERENCES pages(page_id),
  import_id INTEGER REFERENCES imports(import_id),
  src_line INTEGER
);
CREATE INDEX observations_by_kind ON observations(kind, source);
CREATE TABLE memberships(
  obs_id INTEGER PRIMARY KEY REFERENCES observations(obs_id) ON DELETE CASCADE,
  entity_url TEXT,
  entity_id TEXT,
  badge TEXT,
  raw_label TEXT,
  years_on_platform INTEGER,
  member_since INTEGER,
  country TEXT,
  city TEXT
);
CREATE TABLE icp_records(
  obs_id INTEGER PRIMARY KEY REFERENCES observations(obs_id) ON DELETE CASCADE,
  licence TEXT,
  service_licence TEXT,
  nature TEXT,
  domain TEXT,
  approved_at TEXT,
  first_seen_at TEXT,
  licence_year INTEGER
);
CREATE TABLE domain_records(
  obs_id INTEGER PRIMARY KEY REFERENCES observations(obs_id) ON DELETE CASCADE,
  domain TEXT NOT NULL,
  registered_at_raw TEXT,
  registered_on TEXT,
  registrar TEXT,
  via TEXT NOT NULL CHECK(via IN ('whois','rdap','import'))
);
CREATE VIEW v_crawl_status AS
  SELECT source, state, last_outcome, count(*) AS tasks, sum(attempts) AS attempts
  FROM crawl_tasks GROUP BY source, state, last_outcome;
CREATE VIEW v_memberships AS
  SELECT o.obs_id, o.source, o.entity_name, m.entity_url, m.entity_id, m.badge, m.raw_label,
         m.years_on_platform, m.member_since, m.country, m.city, o.observed_at, o.page_id, o.import_id
  FROM observations o JOIN memberships m USING (obs_id);
CREATE VIEW v_icp_records AS
  SELECT o.obs_id, o.source, o.entity_name AS unit_name, i.licence, i.service_licence, i.nature, i.domain,
         i.approved_at, i.first_seen_at, i.licence_year, o.observed_at, o.page_id, o.import_id
  FROM observations o JOIN icp_records i USING (obs_id);
CREATE VIEW v_domain_records AS
  SELECT o.obs_id, o.source, o.entity_name AS registrant, d.domain, d.registered_at_raw, d.registered_on,
         d.registrar, d.via, o.observed_at, o.page_id, o.import_id
  FROM observations o JOIN domain_records d USING (obs_id);

INSERT INTO store_docs(name, ord, description) VALUES
 ('crawl_tasks', 100, 'The crawl frontier: one task per (source, query) with its state (pending, leased, done, failed, blocked, gave_up), attempts, lease, next due date, ETag/Last-Modified and content hash of the last response. Written through on every state change, so a crashed crawl resumes.'),
 ('v_crawl_status', 105, 'View: tasks per source, state and last outcome.'),
 ('pages', 110, 'Every raw response kept for audit and re-extraction: URL, final URL, status, outcome (ok, not_found, blocked, error), headers, fetch time, zstd-compressed body with its size and SHA-256.'),
 ('observations', 120, 'One row per fact seen about an entity on a source (a platform membership, an ICP filing, a domain registration), with the page or imported file line it came from and when it was observed.'),
 ('memberships', 121, 'Platform memberships (alibaba.com, made-in-china.com, 1688.com): badge, raw label, years on platform, member-since year.'),
 ('icp_records', 122, 'ICP filings: licence numbers, nature of the unit, domain, latest approval date, first date seen, year in the licence number.'),
 ('domain_records', 123, 'Domain registrations from WHOIS/RDAP: raw registration date and the local calendar date.'),
 ('v_memberships', 125, 'View: memberships with their observation (source, entity name, observed_at, provenance).'),
 ('v_icp_records', 126, 'View: ICP records with their observation.'),
 ('v_domain_records', 127, 'View: domain records with their observation.');

INSERT INTO var_labels(tbl, col, label) VALUES
 ('v_memberships','years_on_platform','Years on platform as shown (N in "N yrs" / "诚信通N年")'),
 ('v_memberships','member_since','Membership start year'),
 ('v_icp_records','approved_at','Latest ICP approval date (updateRecordTime)'),
 ('v_icp_records','first_seen_at','Earliest ICP approval date ever observed'),
 ('v_domain_records','registered_on','Domain registration date (local)');
)SQL";

// v3: linkage, digitization, customs, quality and the firm-year measures, with the analysis views.
constexpr const char* kV3 = R"SQL(
CREATE TABLE links(
  link_id INTEGER PRIMARY KEY,
  firm_id TEXT NOT NULL REFERENCES firms(firm_id) ON DELETE CASCADE,
  obs_id INTEGER NOT NULL REFERENCES observations(obs_id) ON DELETE CASCADE,
  score REAL,
  method TEXT,
  decision TEXT NOT NULL CHECK(decision IN ('match','review','nonmatch')),
  matched_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  run_id INTEGER REFERENCES runs(run_id),
  UNIQUE(firm_id, obs_id)
);
CREATE INDEX links_by_obs ON links(obs_id);
CREATE TABLE digitization(
  firm_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  pit INTEGER NOT NULL CHECK(pit IN (0,1)),
  pdo INTEGER NOT NULL CHECK(pdo IN (0,1)),
  icp INTEGER NOT NULL CHECK(icp IN (0,1)),
  dig_tr INTEGER NOT NULL CHECK(dig_tr BETWEEN 1 AND 8),
  lndig REAL NOT NULL,
  lndigs REAL,
  years_used INTEGER,
  evidence TEXT,
  run_id INTEGER REFERENCES runs(run_id),
  PRIMARY KEY(firm_id, year)
);
CREATE TABLE customs(
  row_id INTEGER PRIMARY KEY,
  firm_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  month INTEGER,
  hs8 TEXT NOT NULL,
  dest TEXT NOT NULL,
  mode TEXT,
  value_usd REAL NOT NULL,
  quantity REAL,
  unit TEXT,
  import_id INTEGER NOT NULL REFERENCES imports(import_id),
  src_line INTEGER NOT NULL
);
CREATE TABLE quality(
  variant TEXT NOT NULL,
  firm_id TEXT NOT NULL,
  dest TEXT NOT NULL,
  hs8 TEXT NOT NULL,
  mode TEXT NOT NULL,
  year INTEGER NOT NULL,
  value_usd REAL,
  quantity REAL,
  sigma REAL,
  sigma_source TEXT,
  residual REAL,
  quality REAL,
  quality_norm REAL,
  singleton_cell INTEGER NOT NULL DEFAULT 0,
  run_id INTEGER REFERENCES runs(run_id),
  PRIMARY KEY(variant, firm_id, dest, hs8, mode, year)
);
CREATE TABLE firm_year(
  firm_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  export_value REAL,
  n_shipments INTEGER,
  n_products INTEGER,
  n_destinations INTEGER,
  QSY REAL, QBW REAL, QKL REAL, QLP REAL, QOP REAL,
  flex REAL,
  lncnpd REAL,
  lnpgp REAL, lngdp REAL, lnsdp REAL,
  run_id INTEGER REFERENCES runs(run_id),
  PRIMARY KEY(firm_id, year)
);
CREATE VIEW v_links_accepted AS
  SELECT l.firm_id, f.name_zh, l.obs_id, o.kind, o.source, o.entity_name, l.score, l.method, l.matched_at
  FROM links l JOIN observations o USING (obs_id) LEFT JOIN firms f USING (firm_id)
  WHERE l.decision = 'match';
CREATE VIEW v_customs_firm_year AS
  SELECT firm_id, year, sum(value_usd) AS export_value, count(*) AS n_shipments,
         count(DISTINCT hs8) AS n_products, count(DISTINCT dest) AS n_destinations
  FROM customs GROUP BY firm_id, year;
CREATE VIEW v_firm_year_panel AS
  SELECT y.firm_id, y.year, f.name_zh, f.name_en, f.province, f.city, f.industry, f.founded,
         d.pit, d.pdo, d.icp, d.dig_tr, d.lndig, d.lndigs,
         y.QSY, y.QBW, y.QKL, y.QLP, y.QOP, y.flex, y.lncnpd, y.lnpgp, y.lngdp, y.lnsdp,
         y.export_value, y.n_shipments, y.n_products, y.n_destinations
  FROM firm_year y
  LEFT JOIN firms f ON f.firm_id = y.firm_id
  LEFT JOIN digitization d ON d.firm_id = y.firm_id AND d.year = y.year;

INSERT INTO store_docs(name, ord, description) VALUES
 ('links', 200, 'Links between the user''s firms and observations, from the matcher or a bridge table: score, method, decision (match, review, nonmatch).'),
 ('v_links_accepted', 205, 'View: accepted links (decision = match) with the observation they point to.'),
 ('digitization', 210, 'Trade digitization per firm-year (paper 003, Table 1): pit, pdo, icp indicators, dig_tr = 1 + 4·pit + 2·icp + pdo, lndig = ln(dig_tr), lndigs = ln(1 + max years of use), and the observation ids that evidence each flag.'),
 ('customs', 220, 'Customs export rows (transaction-level or annual): firm, year, month, HS8 product, destination, trade mode, value in USD, quantity and unit, with the imported file line each came from.'),
 ('v_customs_firm_year', 225, 'View: customs aggregated to firm-year (export value, shipments, products, destinations).'),
 ('quality', 230, 'KSW export quality per variant (QSY, QBW, QKL, QLP, QOP) at the firm-destination-product-mode-year level: sigma used, residual, quality and its min-max normalisation within product.'),
 ('firm_year', 240, 'Firm-year measures derived from customs: export value, the quality variants aggregated with export-value weights, flex, lncnpd and destination controls.'),
 ('v_firm_year_panel', 250, 'View: THE analysis panel. One row per firm-year of firm_year with the firm''s attributes, digitization (pit, pdo, icp, dig_tr, lndig, lndigs) and quality measures side by side; digitization is NULL where no score has been computed.');

INSERT INTO var_labels(tbl, col, label) VALUES
 ('digitization','pit','Cross-border platform in use (alibaba.com Gold Supplier or made-in-china.com)'),
 ('digitization','pdo','Domestic platform in use (1688.com 诚信通)'),
 ('digitization','icp','Own homepage in use (ICP filing or domain registration)'),
 ('digitization','dig_tr','Trade digitization level 1-8 (Table 1)'),
 ('digitization','lndig','ln(dig_tr)'),
 ('digitization','lndigs','ln(1 + max years of use across channels)'),
 ('customs','hs8','HS 8-digit product code'),
 ('customs','dest','Destination country'),
 ('customs','mode','Trade mode'),
 ('customs','value_usd','Export value (USD)'),
 ('customs','quantity','Export quantity'),
 ('firm_year','export_value','Export value (USD)'),
 ('firm_year','QSY','Export quality, Soderbery HS4 sigma (baseline)'),
 ('firm_year','QBW','Export quality, Broda-Weinstein HS3 sigma'),
 ('firm_year','QKL','Export quality, sigma = 4'),
 ('firm_year','QLP','Export quality, sigma by IV with lagged price'),
 ('firm_year','QOP','Export quality, sigma by IV with other-destination price'),
 ('firm_year','flex','Flexible productivity: CV of shipment values x ln(shipments)'),
 ('firm_year','lncnpd','ln cumulative new destination-product pairs'),
 ('v_firm_year_panel','pit','Cross-border platform in use (alibaba.com Gold Supplier or made-in-china.com)'),
 ('v_firm_year_panel','pdo','Domestic platform in use (1688.com 诚信通)'),
 ('v_firm_year_panel','icp','Own homepage in use (ICP filing or domain registration)'),
 ('v_firm_year_panel','dig_tr','Trade digitization level 1-8 (Table 1)'),
 ('v_firm_year_panel','lndig','ln(dig_tr)'),
 ('v_firm_year_panel','lndigs','ln(1 + max years of use across channels)'),
 ('v_firm_year_panel','QSY','Export quality, Soderbery HS4 sigma (baseline)'),
 ('v_firm_year_panel','QBW','Export quality, Broda-Weinstein HS3 sigma'),
 ('v_firm_year_panel','QKL','Export quality, sigma = 4'),
 ('v_firm_year_panel','QLP','Export quality, sigma by IV with lagged price'),
 ('v_firm_year_panel','QOP','Export quality, sigma by IV with other-destination price'),
 ('v_firm_year_panel','flex','Flexible productivity: CV of shipment values x ln(shipments)'),
 ('v_firm_year_panel','lncnpd','ln cumulative new destination-product pairs'),
 ('v_firm_year_panel','export_value','Export value (USD)');
)SQL";

// v4: what source adapters read that v3 had no column for: a made-in-china firm's year of
// establishment (a firm fact, not a membership date, so the measure must not read it as one) and the
// UTC instant of a domain registration next to its raw string and local date.
constexpr const char* kV4 = R"SQL(
ALTER TABLE memberships ADD COLUMN established_year INTEGER;
ALTER TABLE domain_records ADD COLUMN registered_at_utc TEXT;
UPDATE store_docs SET description = 'Platform memberships (alibaba.com, made-in-china.com, 1688.com): badge, raw label, years on platform, member-since year, and the firm''s year of establishment when the platform shows it.' WHERE name = 'memberships';
UPDATE store_docs SET description = 'Domain registrations from WHOIS/RDAP: raw registration date, its UTC instant (NULL when the reply gives no zone rule) and the local calendar date.' WHERE name = 'domain_records';
INSERT INTO var_labels(tbl, col, label) VALUES
 ('memberships','established_year','Year of establishment shown on the platform profile'),
 ('domain_records','registered_at_utc','Domain registration instant (UTC, ISO-8601)');
)SQL";

// v5: an index that serves Frontier::lease in due order (source, state, next_due_at; the rowid
// task_id follows), so leasing from a large frontier reads the first due tasks of each state
// instead of sorting all of them on every call.
constexpr const char* kV5 = R"SQL(
CREATE INDEX crawl_tasks_lease ON crawl_tasks(source, state, next_due_at);
)SQL";

// v6: composite indices by the entropy-weight method (`tradedig estimate entropy`): the weight of
// each indicator (pooled, or per year) and the score of each firm-year, both keyed by the index name
// so that several indices live side by side; writing an index again replaces its rows.
constexpr const char* kV6 = R"SQL(
CREATE TABLE index_weights(
  name TEXT NOT NULL,
  year INTEGER,
  indicator TEXT NOT NULL,
  direction TEXT NOT NULL CHECK(direction IN ('positive','negative')),
  entropy REAL NOT NULL,
  divergence REAL NOT NULL,
  weight REAL NOT NULL,
  shift REAL NOT NULL,
  run_id INTEGER REFERENCES runs(run_id)
);
CREATE UNIQUE INDEX index_weights_key ON index_weights(name, ifnull(year, -1), indicator);
CREATE TABLE index_scores(
  name TEXT NOT NULL,
  firm_id TEXT NOT NULL,
  year INTEGER,
  score REAL NOT NULL
);
CREATE UNIQUE INDEX index_scores_key ON index_scores(name, firm_id, ifnull(year, -1));

INSERT INTO store_docs(name, ord, description) VALUES
 ('index_weights', 260, 'Entropy-weight composite indices: per index name, the entropy, divergence (1 - entropy) and weight of each indicator, pooled over all firm-years (year NULL) or per year; direction says whether larger values are better (positive) or worse (negative); shift is the constant added after min-max normalisation; run_id points to the run that wrote them.'),
 ('index_scores', 265, 'Entropy-weight composite index scores: one row per index name, firm and year, score = sum of weight x shifted normalised indicator.');

INSERT INTO var_labels(tbl, col, label) VALUES
 ('index_weights','weight','Entropy weight of the indicator (weights of an index sum to 1)'),
 ('index_weights','entropy','Entropy of the indicator'),
 ('index_scores','score','Composite index score (entropy-weight method)');
)SQL";

// v7: firm controls from industrial-survey columns and the heterogeneity split variables
// (`tradedig controls`, measure/firm_controls.h and measure/heterogeneity_groups.h), in firm_year
// and in the analysis panel, plus lntfp (Olley–Pakes/Levinsohn–Petrin, `tradedig estimate tfp
// --write-store`). It only adds columns, rebuilds the panel view with them, and documents them.
constexpr const char* kV7 = R"SQL(
ALTER TABLE firm_year ADD COLUMN lnage REAL;
ALTER TABLE firm_year ADD COLUMN lnsca REAL;
ALTER TABLE firm_year ADD COLUMN lncap REAL;
ALTER TABLE firm_year ADD COLUMN lnpwa REAL;
ALTER TABLE firm_year ADD COLUMN lnfir REAL;
ALTER TABLE firm_year ADD COLUMN lnpro REAL;
ALTER TABLE firm_year ADD COLUMN foe INTEGER;
ALTER TABLE firm_year ADD COLUMN lninn REAL;
ALTER TABLE firm_year ADD COLUMN size_class INTEGER;
ALTER TABLE firm_year ADD COLUMN small_micro INTEGER;
ALTER TABLE firm_year ADD COLUMN cap_intensive INTEGER;
ALTER TABLE firm_year ADD COLUMN startup INTEGER;
ALTER TABLE firm_year ADD COLUMN ordinary_share REAL;
ALTER TABLE firm_year ADD COLUMN ordinary_trade INTEGER;
ALTER TABLE firm_year ADD COLUMN lntfp REAL;
DROP VIEW v_firm_year_panel;
CREATE VIEW v_firm_year_panel AS
  SELECT y.firm_id, y.year, f.name_zh, f.name_en, f.province, f.city, f.industry, f.founded,
         d.pit, d.pdo, d.icp, d.dig_tr, d.lndig, d.lndigs,
         y.QSY, y.QBW, y.QKL, y.QLP, y.QOP, y.flex, y.lncnpd, y.lnpgp, y.lngdp, y.lnsdp,
         y.export_value, y.n_shipments, y.n_products, y.n_destinations,
         y.lnage, y.lnsca, y.lncap, y.lnpwa, y.lnfir, y.lnpro, y.foe, y.lninn,
         y.size_class, y.small_micro, y.cap_intensive, y.startup, y.ordinary_share, y.ordinary_trade, y.lntfp
  FROM firm_year y
  LEFT JOIN firms f ON f.firm_id = y.firm_id
  LEFT JOIN digitization d ON d.firm_id = y.firm_id AND d.year = y.year;
UPDATE store_docs SET description = 'Firm-year measures: from customs, export value, the quality variants aggregated with export-value weights, flex, lncnpd, destination controls and the ordinary-trade share; from an industrial-survey file (tradedig controls), the firm controls lnage, lnsca, lncap, lnpwa, lnfir, lnpro, foe, lninn and the heterogeneity splits (NBS 2017 size class, capital-intensity tercile, start-up).' WHERE name = 'firm_year';
UPDATE store_docs SET description = 'View: THE analysis panel. One row per firm-year of firm_year with the firm''s attributes, digitization (pit, pdo, icp, dig_tr, lndig, lndigs), quality measures, firm controls and heterogeneity splits side by side; digitization is NULL where no score has been computed.' WHERE name = 'v_firm_year_panel';
INSERT INTO var_labels(tbl, col, label)
  SELECT t.tbl, c.col, c.label
  FROM (SELECT 'firm_year' AS tbl UNION ALL SELECT 'v_firm_year_panel') t,
       (SELECT 'lnage' AS col, 'ln(survey year - founding year + 1)' AS label
        UNION ALL SELECT 'lnsca', 'ln employees'
        UNION ALL SELECT 'lncap', 'ln(fixed assets / employees + 1)'
        UNION ALL SELECT 'lnpwa', 'ln(wages payable / employees + 1)'
        UNION ALL SELECT 'lnfir', 'ln(interest expense / total assets + 1)'
        UNION ALL SELECT 'lnpro', 'ln(total profit / industrial sales + 1)'
        UNION ALL SELECT 'foe', 'Foreign capital share of paid-in capital >= 25%'
        UNION ALL SELECT 'lninn', 'ln(patent applications + 1)'
        UNION ALL SELECT 'size_class', 'NBS 2017 industrial size class: 1 micro, 2 small, 3 medium, 4 large'
        UNION ALL SELECT 'small_micro', 'Small or micro firm (NBS 2017)'
        UNION ALL SELECT 'cap_intensive', 'Top third of fixed assets per employee'
        UNION ALL SELECT 'startup', 'Start-up: age 1-2 years (vs developing, 3+)'
        UNION ALL SELECT 'ordinary_share', 'Ordinary-trade share of export value'
        UNION ALL SELECT 'ordinary_trade', 'Ordinary trade: ordinary-trade share >= 0.5'
        UNION ALL SELECT 'lntfp', 'ln TFP (Olley-Pakes / Levinsohn-Petrin)') c;
)SQL";

// Extraction replaces a page's observations and asks which pages have none, both by page_id; the
// first-seen date of an ICP filing looks up earlier records of the same licence and domain. Without
// these indexes each of those is a scan, and extracting a crawl costs time quadratic in its pages.
constexpr const char* kV8 = R"SQL(
CREATE INDEX observations_by_page ON observations(page_id);
CREATE INDEX icp_records_by_licence ON icp_records(coalesce(service_licence, licence), coalesce(domain, ''));
CREATE INDEX domain_records_by_domain ON domain_records(domain);
)SQL";

// The HTTP version a page came over, so an audit can tell an HTTP/2 fetch from an HTTP/1.1 one (a
// proxy or a CDN in between can change it). NULL for pages stored before this version.
constexpr const char* kV9 = R"SQL(
ALTER TABLE pages ADD COLUMN http_version TEXT;
UPDATE store_docs SET description = 'Every raw response kept for audit and re-extraction: URL, final URL, status, outcome (ok, not_found, blocked, error), headers, fetch time, HTTP version, zstd-compressed body with its size and SHA-256.' WHERE name = 'pages';
)SQL";

// What extraction made of each page, so a page whose verdict is settled (found, not_found, blocked)
// is not read again on every `tradedig extract`; unparsed pages are tried again (a fixed profile may
// read them). Pages that already have observations were extracted as found.
constexpr const char* kV10 = R"SQL(
CREATE TABLE page_extractions(
  page_id INTEGER PRIMARY KEY REFERENCES pages(page_id) ON DELETE CASCADE,
  verdict TEXT NOT NULL CHECK(verdict IN ('found','not_found','blocked','unparsed')),
  facts INTEGER NOT NULL,
  extracted_at TEXT NOT NULL
);
INSERT INTO page_extractions(page_id, verdict, facts, extracted_at)
  SELECT page_id, 'found', count(*), strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM observations
  WHERE page_id IS NOT NULL GROUP BY page_id;
INSERT INTO store_docs(name, ord, description) VALUES
 ('page_extractions', 115, 'What extraction made of each stored page: verdict (found, not_found, blocked, unparsed), number of facts, when. `tradedig extract` skips pages with a settled verdict unless --again; unparsed pages are tried again.');
)SQL";

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kAll = {
      {"firms, names, imports, runs, documentation", kV1},
      {"crawl frontier, pages, observations", kV2},
      {"links, digitization, customs, quality, firm-year, analysis views", kV3},
      {"membership establishment year, domain registration UTC instant", kV4},
      {"crawl frontier lease index", kV5},
      {"entropy-weight index weights and scores", kV6},
      {"firm controls, heterogeneity splits and lntfp in firm_year and the panel view", kV7},
      {"indexes for extraction: observations by page, ICP records by licence, domains", kV8},
      {"HTTP version of stored pages", kV9},
      {"extraction verdict per page", kV10},
  };
  return kAll;
}

}  // namespace tradedig::db
