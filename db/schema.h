// The store's versioned schema.
//
// The schema is a numbered list of migrations; migration k takes a store from version k-1 to k and
// runs in its own transaction, so an interrupted upgrade leaves the store at the last complete
// version. `PRAGMA user_version` holds the version. Every table, view and column users are meant
// to query is documented in the store itself (tables `store_docs` and `var_labels`), and
// `tradedig schema` prints that documentation.
#pragma once
#include <string>
#include <vector>

#include "db/connection.h"

namespace tradedig::db {

// The version this build writes. Later modules append migrations; never edit a released one.
int latest_schema_version();

// 0 for an empty (new) database file.
int schema_version(const Connection& c);

// Brings the store to `target` (default: latest). Throws UserError when the store was written by a
// newer tradedig (its version is above latest), or when `target` is below the current version.
void migrate(Connection& c, int target = -1);

// Opens the store at `path`, creating and migrating it. With `must_exist`, a missing file is a
// UserError that says to run `tradedig init` (so a typo in --db does not create an empty store).
Connection open_store(const std::string& path, bool must_exist = false);

struct ObjectDoc {
  std::string name;  // table or view
  std::string kind;  // "table" or "view"
  std::string description;
};
// The documented tables and views, in the order they are meant to be read.
std::vector<ObjectDoc> documented_objects(const Connection& c);

}  // namespace tradedig::db
