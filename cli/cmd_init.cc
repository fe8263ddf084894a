#include <filesystem>

#include <fmt/format.h>

#include "cli/commands.h"
#include "db/schema.h"

namespace tradedig::cli {

void add_init_command(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("init",
                                 "Create the store (or upgrade an existing one to this version's schema).\n"
                                 "Example: tradedig init --db study.db");
  cmd->callback([&g] {
    bool existed = std::filesystem::exists(g.db_path);
    db::Connection c = db::Connection::open(g.db_path);
    int before = db::schema_version(c);
    db::migrate(c);
    int after = db::schema_version(c);
    if (!existed || before == 0) say(g, fmt::format("created store {} (schema version {})", g.db_path, after));
    else if (before != after) say(g, fmt::format("upgraded store {} from schema version {} to {}", g.db_path, before, after));
    else say(g, fmt::format("store {} is up to date (schema version {})", g.db_path, after));
  });
}

}  // namespace tradedig::cli
