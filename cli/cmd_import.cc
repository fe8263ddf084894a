#include <fmt/format.h>

#include "cli/commands.h"
#include "db/import.h"
#include "db/schema.h"
#include "util/progress.h"

namespace tradedig::cli {
namespace {

struct ImportArgs {
  std::string kind, file, encoding = "auto", map, rejects, obs_kind, source;
  char delimiter = 0;
  std::string delimiter_text;
  bool force = false;
};

std::string field_help() {
  std::string s = "Fields and the column names recognised without --map:\n";
  for (auto kind : {db::ImportKind::kFirms, db::ImportKind::kCustoms}) {
    s += fmt::format("  {}:\n", db::import_kind_name(kind));
    for (const auto& f : db::field_specs(kind)) {
      std::string aliases;
      for (size_t i = 0; i < f.aliases.size() && i < 6; ++i) aliases += (i ? ", " : "") + f.aliases[i];
      s += fmt::format("    {:<16}{}{} [{}]\n", f.target, f.required ? "(required) " : "", f.help, aliases);
    }
  }
  s += "  observations: --kind membership|icp|domain (inferred from the columns when not given); see the README.\n";
  return s;
}

}  // namespace

void add_import_command(CLI::App& app, Globals& g) {
  auto args = std::make_shared<ImportArgs>();
  auto* cmd = app.add_subcommand(
      "import",
      "Import a firm list, customs rows or observations from CSV/TSV (UTF-8 or GBK) or Stata .dta.\n"
      "Every row is checked; a bad row is reported with its file, line and column, and by default the\n"
      "import then lands nothing at all. With --rejects FILE the good rows land and the bad ones go to\n"
      "FILE with the reason. Importing the same file again changes nothing.\n"
      "Examples:\n"
      "  tradedig import firms firms.csv\n"
      "  tradedig import firms 工企名录.dta --map name_zh=企业名称,firm_id=法人代码\n"
      "  tradedig import customs exports_2005.csv --encoding gbk --rejects bad_rows.csv\n"
      "  tradedig import observations icp_bulk.csv --kind icp --source icp-bulk");
  cmd->add_option("what", args->kind, "firms | customs | observations")->required()
      ->check(CLI::IsMember({"firms", "customs", "observations"}));
  cmd->add_option("file", args->file, "CSV, TSV or .dta file")->required();
  cmd->add_option("--encoding", args->encoding, "auto | utf-8 | gbk | gb18030 | big5")->capture_default_str();
  cmd->add_option("--delimiter", args->delimiter_text, "Field separator (default: detected; 'tab' for tabs)");
  cmd->add_option("--map", args->map, "Column mapping target=column,... (e.g. name_zh=企业名称,name_en=英文名称)");
  cmd->add_option("--rejects", args->rejects, "Land the good rows; write bad rows with reasons to this CSV");
  cmd->add_option("--kind", args->obs_kind, "Observations only: membership | icp | domain")
      ->check(CLI::IsMember({"membership", "icp", "domain"}));
  cmd->add_option("--source", args->source, "Observations only: source for rows without a source column");
  cmd->add_flag("--force", args->force, "Re-import a file imported before, replacing the rows it landed");
  cmd->footer(field_help());

  cmd->callback([&g, args] {
    db::Connection c = db::open_store(g.db_path);
    db::ImportOptions o;
    o.read.encoding = args->encoding;
    if (args->delimiter_text == "tab" || args->delimiter_text == "\\t") o.read.delimiter = '\t';
    else if (args->delimiter_text.size() == 1) o.read.delimiter = args->delimiter_text[0];
    else if (!args->delimiter_text.empty()) throw UserError("--delimiter takes one character, or 'tab'");
    if (!args->map.empty()) o.mapping = db::parse_mapping(args->map);
    o.rejects_path = args->rejects;
    o.force = args->force;
    o.observation_kind = args->obs_kind;
    o.observation_source = args->source;
    db::ImportReport r;
    try {
      r = db::import_table(c, db::parse_import_kind(args->kind), args->file, o);
    } catch (const db::ImportRejected& e) {
      // Show the first bad rows before the one-line reason.
      const auto& rep = e.report();
      for (size_t i = 1; i < rep.problems.size(); ++i) std::fprintf(stderr, "  %s\n", db::describe_problem(rep, rep.problems[i]).c_str());
      throw;
    }
    if (r.already_imported) {
      say(g, fmt::format("{} was already imported as {} (import #{}, same SHA-256); nothing to do. "
                         "Use --force to import it again.", r.path, r.kind, r.import_id));
      return;
    }
    std::string mapping;
    for (const auto& [t, col] : r.mapping_used) mapping += fmt::format("{}{}←{}", mapping.empty() ? "" : ", ", t, col);
    std::string msg = fmt::format("imported {} ({}, {}): {} rows read, {} landed, {} rejected", r.path, r.kind, r.encoding,
                                  r.rows_read, r.rows_landed, r.rows_rejected);
    if (r.kind == "firms")
      msg += fmt::format("\n  firms: {} new, {} changed; {} names added", r.firms_new, r.firms_changed, r.names_added);
    if (r.replaced_rows) msg += fmt::format("\n  replaced {} rows of the earlier import of this file", r.replaced_rows);
    msg += fmt::format("\n  columns used: {}", mapping);
    if (!r.unused_columns.empty()) {
      std::string unused;
      for (const auto& u : r.unused_columns) unused += (unused.empty() ? "" : ", ") + u;
      msg += fmt::format("\n  columns not used{}: {}", r.kind == "firms" ? " (kept in firms.attrs)" : "", unused);
    }
    if (r.rows_rejected) {
      msg += fmt::format("\n  bad rows written to {}; the first:", args->rejects);
      for (const auto& p : r.problems) msg += "\n    " + db::describe_problem(r, p);
    }
    say(g, msg);
  });
}

}  // namespace tradedig::cli
