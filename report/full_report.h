// The whole report of a store as one page: what `tradedig report` writes and the demo shows.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "db/connection.h"
#include "report/html_report.h"

namespace tradedig::report {

struct ReportRequest {
  std::string title = "tradedig report";
  std::string store_label;     // shown in the subtitle, e.g. the store's path
  std::string focus = "lndig"; // variable whose coefficient is plotted across models
  std::string tool_version;
  // Tables already rendered as HTML (title, markup), e.g. the `html` of report/paper_tables.h's
  // PaperTable; shown in this order in a "Paper tables" section before the recorded estimates. The
  // title becomes an <h3> heading unless the markup starts with a heading of its own.
  std::vector<std::pair<std::string, std::string>> paper_tables_html;
};

// Inputs, crawl, linkage, adoption, the paper tables (when given), estimates, the coefficient plot of
// `focus` (when any model has it), the latest event study (when there is one) and provenance.
ReportPage build_report(const db::Connection& c, const ReportRequest& req);

}  // namespace tradedig::report
