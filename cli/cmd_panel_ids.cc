// Built only with the matcher module (see TRADEDIG_HAVE_MATCHER in matcher/CMakeLists.txt).
#ifdef TRADEDIG_HAVE_MATCHER
#include <algorithm>
#include <filesystem>
#include <numeric>
#include <optional>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/table_columns.h"
#include "matcher/panel_ids.h"
#include "util/error.h"
#include "util/parse.h"
#include "util/text_table.h"

namespace tradedig::cli {
namespace {

struct PanelArgs {
  std::vector<std::string> files;
  std::string years;
  std::string id, name, legal_rep, region, founded, phone;
  int max_gap = 2;
  std::string out, summary;
  TableReadArgs read;
};

// The one year (1900-2100, a run of exactly four digits) in a file's name: cie2004.csv → 2004.
int year_from_file_name(const std::string& path) {
  std::string stem = std::filesystem::path(path).stem().string();
  std::vector<int> years;
  for (size_t i = 0; i < stem.size();) {
    size_t j = i;
    while (j < stem.size() && stem[j] >= '0' && stem[j] <= '9') ++j;
    if (j - i == 4) {
      int y = std::stoi(stem.substr(i, 4));
      if (y >= 1900 && y <= 2100 && std::find(years.begin(), years.end(), y) == years.end()) years.push_back(y);
    }
    i = j > i ? j : i + 1;
  }
  if (years.size() != 1)
    throw UserError(fmt::format("cannot tell the year of {} from its name ({}); pass --years, e.g. --years 2004,2005",
                                path, years.empty() ? "no four-digit year in it" : "several years in it"));
  return years.front();
}

std::vector<int> file_years(const PanelArgs& a) {
  std::vector<int> years;
  if (a.years.empty()) {
    for (const auto& f : a.files) years.push_back(year_from_file_name(f));
  } else {
    for (const auto& piece : split_any(a.years, {","})) {
      auto y = parse_int(piece);
      if (!y) throw UserError(fmt::format("--years: '{}' is not a year", piece));
      years.push_back(static_cast<int>(*y));
    }
    if (years.size() != a.files.size())
      throw UserError(fmt::format("--years lists {} years for {} files", years.size(), a.files.size()));
  }
  return years;
}

// The file's columns for the record fields; a column left out of the command is npos.
struct FieldColumns {
  size_t id, name, legal_rep = std::string::npos, region = std::string::npos, founded = std::string::npos,
                   phone = std::string::npos;
};

FieldColumns require_columns(NamedColumns& t, const PanelArgs& a) {
  FieldColumns c{t.require(a.id, "--id"), t.require(a.name, "--name")};
  if (!a.legal_rep.empty()) c.legal_rep = t.require(a.legal_rep, "--legal-rep");
  if (!a.region.empty()) c.region = t.require(a.region, "--region");
  if (!a.founded.empty()) c.founded = t.require(a.founded, "--founded");
  if (!a.phone.empty()) c.phone = t.require(a.phone, "--phone");
  return c;
}

matcher::PanelWave read_wave(const std::string& path, int year, const PanelArgs& a) {
  NamedColumns t(path, read_options(a.read));
  FieldColumns c = require_columns(t, a);
  auto text = [&](size_t col) { return col == std::string::npos ? std::string() : std::string(trim(t.field(col))); };
  matcher::PanelWave wave;
  wave.year = year;
  while (t.next()) {
    matcher::PanelRecord r{text(c.id), text(c.name), text(c.legal_rep), text(c.region), 0, text(c.phone)};
    if (std::string founded = text(c.founded); !founded.empty()) {
      auto y = parse_year(founded);
      if (!y) throw UserError(fmt::format("{}: '{}' is not a founding year", t.locate(c.founded), founded));
      r.founded = *y;
    }
    wave.records.push_back(std::move(r));
  }
  return wave;
}

const std::vector<std::string> kAddedColumns = {"panel_id", "panel_year", "panel_pass", "panel_from_year", "panel_file",
                                                "panel_row"};

// Each input row again, in file order, with where build_panel_ids put it; input columns are the
// union over the files (empty where a file lacks one).
int64_t write_panel(const std::vector<std::string>& files, const std::vector<matcher::PanelWave>& waves,
                    const matcher::PanelResult& res, const PanelArgs& a) {
  std::vector<std::string> input_columns;
  for (const auto& f : files) {
    NamedColumns t(f, read_options(a.read));
    for (const auto& col : t.columns()) {
      if (std::find(kAddedColumns.begin(), kAddedColumns.end(), col) != kAddedColumns.end())
        throw UserError(fmt::format("{} has a column named {}, which the output adds itself; rename it", f, col));
      if (std::find(input_columns.begin(), input_columns.end(), col) == input_columns.end()) input_columns.push_back(col);
    }
  }
  CsvFileWriter out(a.out);
  std::vector<std::string> header = kAddedColumns;
  header.insert(header.end(), input_columns.begin(), input_columns.end());
  out.row(header);
  for (size_t w = 0; w < files.size(); ++w) {
    NamedColumns t(files[w], read_options(a.read));
    std::vector<size_t> out_pos;  // output position of each of this file's columns
    for (const auto& col : t.columns())
      out_pos.push_back(kAddedColumns.size() +
                        static_cast<size_t>(std::find(input_columns.begin(), input_columns.end(), col) - input_columns.begin()));
    for (size_t i = 0; t.next(); ++i) {
      if (i >= res.records[w].size()) throw UserError(fmt::format("{} changed while it was being read", files[w]));
      const matcher::PanelAssignment& p = res.records[w][i];
      std::vector<std::string> row(header.size());
      row[0] = std::to_string(p.panel_id);
      row[1] = std::to_string(waves[w].year);
      row[2] = matcher::panel_pass_name(p.pass);
      row[3] = p.prev_wave < 0 ? "" : std::to_string(waves[static_cast<size_t>(p.prev_wave)].year);
      row[4] = files[w];
      row[5] = std::to_string(t.where());
      for (size_t c = 0; c < t.fields().size() && c < out_pos.size(); ++c) row[out_pos[c]] = std::string(t.fields()[c]);
      out.row(row);
    }
  }
  int64_t rows = out.rows();
  out.commit();
  return rows;
}

std::string summary_text(const std::vector<matcher::PanelWave>& waves, const matcher::PanelResult& res) {
  using matcher::PanelPass;
  std::vector<std::string> header = {"years", "gap"};
  std::vector<size_t> passes;
  for (size_t p = 1; p < matcher::kPanelPassCount; ++p)
    if (res.passes_run[p]) {
      passes.push_back(p);
      header.push_back(matcher::panel_pass_name(static_cast<PanelPass>(p)));
    }
  header.insert(header.end(), {"ambiguous", "left without successor", "new without predecessor"});
  std::vector<std::vector<std::optional<std::string>>> rows;
  for (const auto& s : res.pairs) {
    std::vector<std::optional<std::string>> r = {fmt::format("{}→{}", s.from_year, s.to_year), std::to_string(s.gap)};
    int64_t ambiguous = 0;
    for (size_t p : passes) {
      r.push_back(std::to_string(s.links[p]));
      ambiguous += s.ambiguous[p];
    }
    r.push_back(std::to_string(ambiguous));
    r.push_back(std::to_string(s.from_unlinked));
    r.push_back(std::to_string(s.to_unlinked));
    rows.push_back(std::move(r));
  }
  std::vector<bool> right(header.size(), true);
  right[0] = false;
  std::string text = "links by pass (ambiguous: records a pass left because their key was not one-to-one):\n" +
                     render_text_table(header, rows, right);
  text += "rows by year:";
  for (size_t w = 0; w < waves.size(); ++w) {
    int64_t linked = 0;
    for (const auto& a : res.records[w]) linked += a.prev_wave >= 0;
    text += fmt::format("\n  {}: {} rows, {} linked to an earlier year, {} new panel ids", waves[w].year,
                        res.records[w].size(), linked, static_cast<int64_t>(res.records[w].size()) - linked);
  }
  return text;
}

void write_summary_csv(const std::string& path, const matcher::PanelResult& res) {
  CsvFileWriter out(path);
  out.row({"from_year", "to_year", "gap", "pass", "links", "ambiguous"});
  for (const auto& s : res.pairs)
    for (size_t p = 1; p < matcher::kPanelPassCount; ++p)
      if (res.passes_run[p])
        out.row({std::to_string(s.from_year), std::to_string(s.to_year), std::to_string(s.gap),
                 matcher::panel_pass_name(static_cast<matcher::PanelPass>(p)), std::to_string(s.links[p]),
                 std::to_string(s.ambiguous[p])});
  out.commit();
}

}  // namespace

void add_panel_ids_command(CLI::App& app, Globals& g) {
  auto a = std::make_shared<PanelArgs>();
  auto* cmd = app.add_subcommand(
      "panel-ids",
      "Give firms one id across yearly firm files (one CSV/.dta per year, e.g. the industrial enterprise\n"
      "survey) by the sequential matching of Brandt, Van Biesebroeck & Zhang (2012): between two years,\n"
      "pass 1 links the same firm code, pass 2 the same name, pass 3 the same normalised name (full-width,\n"
      "traditional characters and bracket styles ignored), pass 4 the same legal representative + region +\n"
      "founding year, pass 5 the same phone number (last 7 digits) + region; each pass only among the rows\n"
      "still unlinked, and only where its key is held by one row in each year (shared keys are counted as\n"
      "ambiguous and left to later passes). Consecutive years are linked first, then years two apart for\n"
      "firms missing a year. Every input row is written with its panel_id, the pass that linked it to the\n"
      "year before (empty for a new firm) and that year. The year of a file is the four-digit year in its\n"
      "name unless --years is given.\n"
      "Example: tradedig panel-ids cie2004.csv cie2005.csv cie2006.csv --id 法人代码 --name 企业名称 \\\n"
      "           --legal-rep 法定代表人 --region 行政区划代码 --founded 开业年份 --phone 电话号码 --out panel.csv");
  cmd->add_option("files", a->files, "One firm file per year (CSV, TSV or .dta)")->required()->expected(2, 1000);
  cmd->add_option("--id", a->id, "Column with the firm code")->required();
  cmd->add_option("--name", a->name, "Column with the firm name")->required();
  cmd->add_option("--legal-rep", a->legal_rep, "Column with the legal representative (pass 4)");
  cmd->add_option("--region", a->region, "Column with the region code (passes 4 and 5)");
  cmd->add_option("--founded", a->founded, "Column with the founding year or date (pass 4)");
  cmd->add_option("--phone", a->phone, "Column with the phone number (pass 5)");
  cmd->add_option("--years", a->years, "The files' years, comma-separated in file order (default: from the names)");
  cmd->add_option("--max-gap", a->max_gap, "Link years at most this many files apart (1: consecutive only)")
      ->capture_default_str()->check(CLI::Range(1, 100));
  cmd->add_option("--out", a->out, "Output CSV: every input row with panel_id and the linking pass")->required();
  cmd->add_option("--summary", a->summary, "Also write the links per year pair and pass to this CSV");
  add_table_read_options(*cmd, a->read);

  cmd->callback([&g, a] {
    std::vector<int> years = file_years(*a);
    std::vector<size_t> order(a->files.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return years[x] < years[y]; });
    std::vector<std::string> files;
    std::vector<matcher::PanelWave> waves;
    for (size_t i : order) {
      if (!waves.empty() && waves.back().year == years[i])
        throw UserError(fmt::format("{} and {} are both for {}; give one file per year", files.back(), a->files[i], years[i]));
      files.push_back(a->files[i]);
      waves.push_back(read_wave(a->files[i], years[i], *a));
    }
    matcher::TextNormalizer norm;
    matcher::PanelOptions o;
    o.max_gap = a->max_gap;
    matcher::PanelResult res = matcher::build_panel_ids(waves, norm, o);
    int64_t rows = write_panel(files, waves, res, *a);
    if (!a->summary.empty()) write_summary_csv(a->summary, res);
    say(g, fmt::format("{} files ({}-{}), {} rows, {} panel ids; wrote {}{}\n{}", files.size(), waves.front().year,
                       waves.back().year, rows, res.panels, a->out, a->summary.empty() ? "" : " and " + a->summary,
                       summary_text(waves, res)));
  });
}

}  // namespace tradedig::cli
#endif  // TRADEDIG_HAVE_MATCHER
