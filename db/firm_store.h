// Reading the firm list for the measures (db/ owns the SQL).
#pragma once
#include <string>
#include <unordered_map>
#include <vector>

#include "db/connection.h"

namespace tradedig::db {

// Every firm_id in firms, sorted.
std::vector<std::string> load_firm_ids(const Connection& c);

// firm_id → current Chinese name, for firms that have one.
std::unordered_map<std::string, std::string> load_firm_names_zh(const Connection& c);

// firm_id → industry (code or name as imported), for firms that have one.
std::unordered_map<std::string, std::string> load_firm_industries(const Connection& c);

}  // namespace tradedig::db
