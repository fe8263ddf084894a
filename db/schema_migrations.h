// The migrations themselves (internal to db/). Append only: a released migration never changes.
#pragma once
#include <string>
#include <vector>

namespace tradedig::db {

struct Migration {
  const char* summary;
  const char* sql;
};

const std::vector<Migration>& migrations();

}  // namespace tradedig::db
