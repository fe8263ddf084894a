// Report sections read from a store: what went in, what the crawl found, how names were linked,
// who is digitized when, and which commands produced the numbers. Each section is written for
// whatever the store holds; a step that has not run yet says so instead of showing an empty table.
#pragma once
#include "db/connection.h"
#include "report/html_report.h"

namespace tradedig::report {

// Firms, imports, customs rows and quality rows.
Section inputs_section(const db::Connection& c);
// Crawl outcomes per source (ok / not found / blocked / error) from the frontier and the pages.
Section crawl_section(const db::Connection& c);
// Links by source and decision; match rate = firms with an accepted link / firms; review counts.
Section matching_section(const db::Connection& c);
// Share of firms digitized by channel (pit, pdo, icp) and year, as a table and a line chart.
Section adoption_section(const db::Connection& c);
// Every recorded run (command, status, time, tool version, specification): the provenance of each number.
Section provenance_section(const db::Connection& c);

}  // namespace tradedig::report
