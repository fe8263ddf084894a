// The whole report of a store as one page: what `tradedig report` writes and the demo shows.
#pragma once
#include <string>

#include "db/connection.h"
#include "report/html_report.h"

namespace tradedig::report {

struct ReportRequest {
  std::string title = "tradedig report";
  std::string store_label;     // shown in the subtitle, e.g. the store's path
  std::string focus = "lndig"; // variable whose coefficient is plotted across models
  std::string tool_version;
};

// Inputs, crawl, linkage, adoption, estimates, the coefficient plot of `focus` (when any model has
// it), the latest event study (when there is one) and provenance.
ReportPage build_report(const db::Connection& c, const ReportRequest& req);

}  // namespace tradedig::report
