// Built only with the matcher module (see TRADEDIG_HAVE_MATCHER in matcher/CMakeLists.txt).
#ifdef TRADEDIG_HAVE_MATCHER
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/table_columns.h"
#include "matcher/bridge.h"
#include "util/error.h"
#include "util/parse.h"

namespace tradedig::cli {
namespace {

struct BridgeArgs {
  std::string a_file, b_file, c_file;
  std::string a_key, b_keys, c_key, a_id, c_id;
  std::string out;
  TableReadArgs read;
};

// The key column (and optional id column) of one table, with each row's position in its file.
struct KeyedTable {
  std::vector<std::string> keys, ids;
  std::vector<int64_t> rows;
};

KeyedTable read_keyed(const std::string& path, const std::string& key_col, const std::string& key_option,
                      const std::string& id_col, const std::string& id_option, const TableReadArgs& read) {
  NamedColumns t(path, read_options(read));
  size_t key = t.require(key_col, key_option);
  size_t id = id_col.empty() ? std::string::npos : t.require(id_col, id_option);
  KeyedTable out;
  while (t.next()) {
    out.keys.emplace_back(t.field(key));
    out.ids.emplace_back(id == std::string::npos ? std::string_view() : t.field(id));
    out.rows.push_back(t.where());
  }
  return out;
}

const char* ambiguity_name(const matcher::BridgeLink& l) {
  if (l.c_count > 1 && l.a_count > 1) return "several_c_and_a";
  if (l.c_count > 1) return "several_c";
  if (l.a_count > 1) return "several_a";
  return "";
}

}  // namespace

void add_bridge_command(CLI::App& app, Globals& g) {
  auto a = std::make_shared<BridgeArgs>();
  auto* cmd = app.add_subcommand(
      "bridge",
      "Link the rows of table A to those of table C through a table B that holds both keys, e.g. Chinese\n"
      "firm names in A, English names in C and a registry of Chinese↔English name pairs in B. A joins B on\n"
      "B's first key and B joins C on its second, each on the text as written or, failing that, on the\n"
      "normalised name (full-width forms, traditional characters and brackets for Chinese; case, punctuation\n"
      "and legal forms such as Co., Ltd. for English). Nothing is guessed: every A–C pair the bridge gives is\n"
      "written, and the ambiguity column says when the A row reaches several C rows (several_c: one firm,\n"
      "several English names) or the C row is reached by several A rows (several_a: one English name,\n"
      "several firms). A rows without a bridge row or without a C match are written too (status column).\n"
      "Example: tradedig bridge customs_firms.csv registry.csv platform_firms.csv --a-key 企业名称 \\\n"
      "           --b-keys 企业名称,英文名称 --c-key company_name --out links.csv");
  cmd->add_option("a", a->a_file, "Table A (CSV, TSV or .dta)")->required();
  cmd->add_option("b", a->b_file, "The bridge table B")->required();
  cmd->add_option("c", a->c_file, "Table C")->required();
  cmd->add_option("--a-key", a->a_key, "Column of A to join to B")->required();
  cmd->add_option("--b-keys", a->b_keys, "Columns of B: the one A joins to, then the one that joins to C")->required();
  cmd->add_option("--c-key", a->c_key, "Column of C that B joins to")->required();
  cmd->add_option("--a-id", a->a_id, "A column to copy to the output as a_id");
  cmd->add_option("--c-id", a->c_id, "A column to copy to the output as c_id");
  cmd->add_option("--out", a->out, "Output CSV: one line per A–C pair and per A row left unlinked")->required();
  add_table_read_options(*cmd, a->read);

  cmd->callback([&g, a] {
    std::vector<std::string> b_cols = split_any(a->b_keys, {","});
    if (b_cols.size() != 2)
      throw UserError(fmt::format("--b-keys takes two columns, COL_FOR_A,COL_FOR_C; got '{}'", a->b_keys));
    KeyedTable ta = read_keyed(a->a_file, a->a_key, "--a-key", a->a_id, "--a-id", a->read);
    KeyedTable tc = read_keyed(a->c_file, a->c_key, "--c-key", a->c_id, "--c-id", a->read);
    std::vector<matcher::BridgeRow> b;
    std::vector<int64_t> b_rows;
    {
      NamedColumns t(a->b_file, read_options(a->read));
      size_t ka = t.require(b_cols[0], "--b-keys"), kc = t.require(b_cols[1], "--b-keys");
      while (t.next()) {
        b.push_back({std::string(t.field(ka)), std::string(t.field(kc))});
        b_rows.push_back(t.where());
      }
    }
    matcher::TextNormalizer norm;
    matcher::BridgeResult res = matcher::bridge_link(ta.keys, b, tc.keys, norm);

    CsvFileWriter out(a->out);
    out.row({"a_row", "a_id", "a_key", "b_row", "b_key_a", "b_key_c", "c_row", "c_id", "c_key", "a_join", "c_join",
             "status", "ambiguity", "c_count", "a_count"});
    auto a_part = [&](uint32_t i) {
      return std::vector<std::string>{std::to_string(ta.rows[i]), ta.ids[i], ta.keys[i]};
    };
    auto unlinked = [&](uint32_t i, const char* status) {
      std::vector<std::string> r = a_part(i);
      r.resize(11);
      r.insert(r.end(), {status, "", "0", ""});
      out.row(r);
    };
    size_t li = 0, nb = 0, nc = 0;
    int64_t ambiguous = 0, several_c = 0, several_a = 0;
    for (uint32_t i = 0; i < ta.keys.size(); ++i) {
      if (nb < res.a_without_bridge.size() && res.a_without_bridge[nb] == i) {
        unlinked(i, "no_bridge_row");
        ++nb;
      } else if (nc < res.a_without_c.size() && res.a_without_c[nc] == i) {
        unlinked(i, "no_c_match");
        ++nc;
      }
      for (; li < res.links.size() && res.links[li].a == i; ++li) {
        const matcher::BridgeLink& l = res.links[li];
        std::vector<std::string> r = a_part(i);
        r.insert(r.end(), {std::to_string(b_rows[l.b]), b[l.b].a_key, b[l.b].c_key, std::to_string(tc.rows[l.c]),
                           tc.ids[l.c], tc.keys[l.c], matcher::join_level_name(l.a_join),
                           matcher::join_level_name(l.c_join), l.ambiguous() ? "ambiguous" : "linked",
                           ambiguity_name(l), std::to_string(l.c_count), std::to_string(l.a_count)});
        out.row(r);
        ambiguous += l.ambiguous();
        several_c += l.c_count > 1;
        several_a += l.a_count > 1;
      }
    }
    int64_t rows = out.rows();
    out.commit();
    say(g, fmt::format("{} A rows, {} B rows, {} C rows; wrote {} lines to {}\n"
                       "  one-to-one links: {}\n"
                       "  ambiguous links: {} ({} from an A row reaching several C rows, {} to a C row reached by several "
                       "A rows)\n"
                       "  A rows with no bridge row: {}; with bridge rows but no C match: {}",
                       ta.keys.size(), b.size(), tc.keys.size(), rows, a->out, res.one_to_one, ambiguous, several_c,
                       several_a, res.a_without_bridge.size(), res.a_without_c.size()));
  });
}

}  // namespace tradedig::cli
#endif  // TRADEDIG_HAVE_MATCHER
