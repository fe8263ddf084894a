#ifdef TRADEDIG_HAVE_MATCHER
#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/csv_out.h"
#include "db/table_reader.h"
#include "matcher/observation_linker.h"
#include "util/error.h"
#include "util/parse.h"
#include "util/progress.h"

namespace tradedig::cli {
namespace {

struct NamedRow {
  std::string id, name;
};

// The id and name columns of every data row; without an id column the id is the 1-based data-row
// number. Rows with an empty name keep their place (and id) but are not linked.
std::vector<NamedRow> read_named_rows(const std::string& path, const std::string& name_col, const std::string& id_col,
                                      const char* side) {
  auto r = db::open_table(path);
  auto column = [&](const std::string& wanted, const char* option) {
    const auto& cols = r->columns();
    for (size_t i = 0; i < cols.size(); ++i)
      if (cols[i] == wanted) return i;
    std::string have;
    for (const auto& c : cols) have += (have.empty() ? "" : ", ") + c;
    throw UserError(fmt::format("{} '{}': no column '{}' (given by {}); the columns are: {}", side, path, wanted, option, have));
  };
  size_t name = column(name_col, side[0] == 'L' ? "--left-name" : "--right-name");
  std::optional<size_t> id;
  if (!id_col.empty()) id = column(id_col, side[0] == 'L' ? "--left-id" : "--right-id");
  std::vector<NamedRow> out;
  std::vector<std::string_view> f;
  int64_t where = 0;
  while (r->next(f, where)) {
    NamedRow row;
    row.id = std::to_string(out.size() + 1);
    if (id) {
      if (*id >= f.size() || trim(f[*id]).empty()) throw UserError(fmt::format("{}:{}: empty id in column '{}'", path, where, id_col));
      row.id = std::string(trim(f[*id]));
    }
    if (name < f.size()) row.name = std::string(trim(f[name]));
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

void add_link_command(CLI::App& app, Globals& g) {
  struct Args {
    std::string left, right, left_name, right_name, left_id, right_id, out;
    size_t top = 1;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "link",
      "Link the names of one file to the names of another, without a store: for each LEFT row, the\n"
      "best RIGHT rows by name. RIGHT holds the reference list, in Chinese or English. LEFT names may\n"
      "be Chinese or English: English ones are aligned to RIGHT's Chinese names through pinyin, the\n"
      "bilingual lexicon and dictionary glosses, and matched exactly to its English names after\n"
      "removing legal forms; a Chinese name without a match among RIGHT's Chinese names is also\n"
      "aligned to the English names of RIGHT rows that have no Chinese name. Scores are match\n"
      "probabilities (Chinese: Fellegi-Sunter; across scripts: the share of the name explained,\n"
      "calibrated on real names), so Chinese and English candidates compare on one scale. Writes\n"
      "left_id,right_id,rank,score, up to --top rows per LEFT row (none when nothing is shared);\n"
      "ids default to 1-based data-row numbers. Rows of RIGHT with the same id are one entity.\n"
      "Example:\n"
      "  tradedig link exporters.csv firms.csv --left-name name --right-name name_zh --right-id firm_id \\\n"
      "      --top 3 --out links.csv");
  cmd->add_option("LEFT", a->left, "CSV (or .dta) whose names are to be linked")->required();
  cmd->add_option("RIGHT", a->right, "CSV (or .dta) of the reference names")->required();
  cmd->add_option("--left-name", a->left_name, "Name column of LEFT")->required();
  cmd->add_option("--right-name", a->right_name, "Name column of RIGHT")->required();
  cmd->add_option("--left-id", a->left_id, "Id column of LEFT (default: data-row number)");
  cmd->add_option("--right-id", a->right_id, "Id column of RIGHT (default: data-row number)");
  cmd->add_option("--top", a->top, "Candidates written per LEFT row")->capture_default_str()->check(CLI::Range(1, 1000));
  cmd->add_option("--out", a->out, "Output CSV")->required();
  cmd->callback([&g, a] {
    auto left = read_named_rows(a->left, a->left_name, a->left_id, "LEFT");
    auto right = read_named_rows(a->right, a->right_name, a->right_id, "RIGHT");
    std::vector<matcher::FirmNameEntry> entries;
    for (const auto& r : right)
      if (!r.name.empty()) entries.push_back({r.id, r.name, matcher::has_han(r.name)});
    if (entries.empty()) throw UserError(fmt::format("RIGHT '{}': no names in column '{}'", a->right, a->right_name));
    matcher::ObservationLinker::Options opt;
    opt.top_k = std::max(opt.top_k, a->top);
    matcher::ObservationLinker linker(entries, opt);
    uint64_t pairs = 0;
    for (const auto& l : left) pairs += l.name.empty() ? 0 : linker.pair_estimate(l.name);
    say(g, fmt::format("linking {} names against {} ({} entities): about {} candidate pairs to score", left.size(),
                       right.size(), linker.firm_ids().size(), pairs));

    std::ofstream out = open_csv_out("--out", a->out);
    out << "left_id,right_id,rank,score\n";
    size_t linked = 0, rows = 0;
    Progress progress("link", "names", left.size());
    for (const auto& l : left) {
      progress.advance();
      if (l.name.empty()) continue;
      auto ranked = linker.rank(l.name);
      linked += !ranked.empty();
      for (size_t r = 0; r < ranked.size() && r < a->top; ++r) {
        out << csv_field(l.id) << ',' << csv_field(ranked[r].firm_id) << ',' << r + 1 << ','
            << fmt::format("{:.6f}", ranked[r].score) << '\n';
        ++rows;
      }
    }
    progress.finish();
    close_csv_out(out, "--out", a->out);
    say(g, fmt::format("wrote {} rows to {}: {} of {} LEFT names have a candidate", rows, a->out, linked, left.size()));
  });
}

}  // namespace tradedig::cli
#endif  // TRADEDIG_HAVE_MATCHER
