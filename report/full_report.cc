#include "report/full_report.h"

#include <chrono>
#include <ctime>

#include <fmt/format.h>

#include "report/model_runs.h"
#include "report/store_summary.h"
#include "report/svg_chart.h"
#include "util/html.h"

namespace tradedig::report {
namespace {

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", std::gmtime(&t));
  return buf;
}

}  // namespace

ReportPage build_report(const db::Connection& c, const ReportRequest& req) {
  ReportPage page;
  page.title = req.title;
  page.subtitle = fmt::format("Store {} · generated {} by tradedig {}", req.store_label, utc_now(), req.tool_version);
  page.sections.push_back(inputs_section(c));
  page.sections.push_back(crawl_section(c));
  page.sections.push_back(matching_section(c));
  page.sections.push_back(adoption_section(c));
  if (!req.paper_tables_html.empty()) {
    Section paper{"paper-tables", "Paper tables", ""};
    for (const auto& [title, html] : req.paper_tables_html) {
      if (html.rfind("<h", 0) != 0) paper.html += "<h3>" + html_escape(title) + "</h3>\n";  // unless it has one
      paper.html += html;
    }
    page.sections.push_back(std::move(paper));
  }
  const auto models = recorded_models(c);
  page.sections.push_back(tables_section(models));
  const auto focus = focus_intervals(models, req.focus);
  if (!focus.empty())
    page.sections.push_back({"coefficients", fmt::format("The coefficient on {} across specifications", req.focus),
                             coefficient_plot(focus, fmt::format("{} (95% confidence intervals)", req.focus))});
  std::string es_formula;
  const auto path = latest_event_path(c, &es_formula);
  if (!path.empty())
    page.sections.push_back({"event-study", "Event study: dynamic effects",
                             event_study_plot(path, "Effect by year relative to treatment (95% CI)") +
                                 "<p class=\"note\">" + html_escape(es_formula) + "</p>\n"});
  page.sections.push_back(provenance_section(c));
  page.footer = fmt::format("tradedig {} · every table cell is reproducible from the runs listed under Provenance.",
                            req.tool_version);
  return page;
}

}  // namespace tradedig::report
