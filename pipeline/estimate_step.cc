#include "pipeline/estimate_step.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "report/paper_tables.h"
#include "util/file_write.h"

namespace tradedig::pipeline {

namespace {

const std::pair<const char*, measure::TableFormat> kFormats[] = {{"text", measure::TableFormat::kText},
                                                                  {"latex", measure::TableFormat::kLatex},
                                                                  {"html", measure::TableFormat::kHtml},
                                                                  {"md", measure::TableFormat::kMarkdown}};
const char* extension(const std::string& format) {
  if (format == "text") return "txt";
  if (format == "latex") return "tex";
  return format == "html" ? "html" : "md";
}

}  // namespace

EstimateStepReport run_estimate_step(db::Connection& c, const EstimateStepOptions& opt) {
  EstimateStepReport rep;
  report::PaperTablesOptions po;
  po.tables = opt.tables;
  po.depvar = opt.depvar;
  po.cluster = opt.cluster;
  auto tables = report::build_paper_tables(c, po);
  std::filesystem::create_directories(opt.out_dir);
  std::vector<std::string> formats = opt.formats;
  // The report reads the HTML of each table back, also on a later run that skips this step.
  if (std::find(formats.begin(), formats.end(), "html") == formats.end()) formats.push_back("html");
  std::vector<std::string> lines;
  for (const auto& t : tables) {
    for (const auto& f : formats)
      for (const auto& [name, fmt_] : kFormats)
        if (f == name)
          write_file_atomically((std::filesystem::path(opt.out_dir) / fmt::format("table{}.{}", t.number, extension(f))).string(),
                                report::paper_table_in(t, fmt_));
    if (t.number == 2) {
      rep.table2_text = t.text;
      rep.table2 = t.fits;
    }
    lines.push_back(fmt::format("Table {}: {} columns{}", t.number, t.fits.size(),
                                t.notes.empty() ? "" : fmt::format(" ({} notes)", t.notes.size())));
    for (const auto& n : t.notes) lines.push_back("    " + n);
  }
  rep.summary = fmt::format("{} tables in {} ({})\n", tables.size(), opt.out_dir, fmt::join(formats, ", "));
  for (const auto& l : lines) rep.summary += l + "\n";
  if (!rep.summary.empty() && rep.summary.back() == '\n') rep.summary.pop_back();
  return rep;
}

}  // namespace tradedig::pipeline
