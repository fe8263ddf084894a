#include "db/schema.h"

#include <filesystem>

#include <fmt/format.h>

#include "db/schema_migrations.h"
#include "util/error.h"

namespace tradedig::db {

int latest_schema_version() { return static_cast<int>(migrations().size()); }

int schema_version(const Connection& c) { return static_cast<int>(c.query_int("PRAGMA user_version").value_or(0)); }

void migrate(Connection& c, int target) {
  const auto& steps = migrations();
  const int latest = static_cast<int>(steps.size());
  if (target < 0) target = latest;
  int current = schema_version(c);
  if (current > latest)
    throw UserError(fmt::format("the store {} has schema version {}, newer than this tradedig understands ({}); "
                                "upgrade tradedig", c.path(), current, latest));
  if (target < current || target > latest)
    throw UserError(fmt::format("cannot migrate the store from version {} to {}", current, target));
  for (int v = current + 1; v <= target; ++v) {
    Transaction tx(c);
    c.exec(steps[static_cast<size_t>(v - 1)].sql);
    c.exec(fmt::format("PRAGMA user_version = {}", v));
    tx.commit();
  }
}

Connection open_store(const std::string& path, bool must_exist) {
  if (must_exist && path != ":memory:" && !std::filesystem::exists(path))
    throw UserError(fmt::format("no store at {}; create one with `tradedig init --db {}` or pass --db", path, path));
  try {
    Connection c = Connection::open(path);
    migrate(c);
    return c;
  } catch (const SqlError& e) {
    // A damaged or foreign file is something the user can act on (wrong --db, disk full).
    throw UserError(e.what());
  }
}

std::vector<ObjectDoc> documented_objects(const Connection& c) {
  std::vector<ObjectDoc> out;
  auto st = c.prepare(
      "SELECT d.name, m.type, d.description FROM store_docs d JOIN sqlite_master m ON m.name = d.name "
      "ORDER BY d.ord");
  while (st.step()) out.push_back({st.column_string(0), st.column_string(1), st.column_string(2)});
  return out;
}

}  // namespace tradedig::db
