// Paths into API and embedded JSON: "model.offers[*].goldYears", "params.list[0].domain".
//
// A path is dot-separated keys; `[N]` takes one array element and `[*]` (or `[]`) every element.
// Missing keys and wrong types yield no match, never an exception: site JSON drifts, and a
// missing field must read as "absent", not as a crash of the whole extraction.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace tradedig::crawler {

// Every value the path reaches, in array order. Throws UserError for a malformed path.
std::vector<const nlohmann::json*> json_select(const nlohmann::json& root, std::string_view path);

// The first value the path reaches as text: strings as they are, numbers and booleans printed
// ("2", "true"); nullopt when absent, null, or an object/array.
std::optional<std::string> json_text(const nlohmann::json& root, std::string_view path);

// True when the first value is boolean true, a non-zero number, or "true"/"1"/"y".
bool json_truthy(const nlohmann::json& root, std::string_view path);

// JSON assigned to `name` inside a page's scripts (`window.globalData = {...};`,
// `"globalData": {...}`): the balanced object after the first `name` followed by '=' or ':'.
std::optional<nlohmann::json> embedded_json(std::string_view page_text, std::string_view name);

}  // namespace tradedig::crawler
