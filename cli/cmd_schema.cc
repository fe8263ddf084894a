#include <fmt/format.h>

#include "cli/commands.h"
#include "db/schema.h"
#include "util/display_width.h"

namespace tradedig::cli {

void add_schema_command(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("schema",
                                 "List the store's tables and views with what each holds.\n"
                                 "Example: tradedig schema");
  cmd->callback([&g] {
    db::Connection c = db::open_store(g.db_path, /*must_exist=*/true);
    std::string out = fmt::format("store {} (schema version {})\n\n", g.db_path, db::schema_version(c));
    for (const auto& d : db::documented_objects(c)) {
      out += fmt::format("{} {}\n", d.kind == "view" ? "view " : "table", d.name);
      // Wrap the description at about 96 columns.
      std::string line = "    ";
      size_t start = 0;
      const std::string& s = d.description;
      while (start < s.size()) {
        size_t sp = s.find(' ', start);
        std::string word = s.substr(start, sp == std::string::npos ? std::string::npos : sp - start);
        if (display_width(line) + display_width(word) > 100 && line.size() > 4) {
          out += line + "\n";
          line = "    ";
        }
        line += word + " ";
        if (sp == std::string::npos) break;
        start = sp + 1;
      }
      out += line + "\n";
    }
    std::fputs(out.c_str(), stdout);
  });
}

}  // namespace tradedig::cli
