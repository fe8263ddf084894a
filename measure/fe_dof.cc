// Degrees of freedom absorbed by the fixed effects, following reghdfe's DoF.mata (default
// dofadjustments(all) = pairwise clusters continuous), which fixest's ssc(fixef.K = "nested")
// reproduces whenever an FE is nested in the cluster (REFERENCES.md §1.1, §2.1).
#include <algorithm>
#include <numeric>

#include "measure/model_frame.h"

namespace tradedig::measure {

bool is_nested(const Grouping& fe, const Grouping& cl) {
  std::vector<int32_t> owner(static_cast<size_t>(fe.levels), -1);
  for (size_t i = 0; i < fe.codes.size(); ++i) {
    int32_t& o = owner[static_cast<size_t>(fe.codes[i])];
    if (o < 0) o = cl.codes[i];
    else if (o != cl.codes[i]) return false;
  }
  return true;
}

std::vector<int32_t> mobility_groups(const Grouping& a, const Grouping& b, int64_t* components) {
  // Union-find over the levels of a (0..La-1) and of b (La..La+Lb-1); each observation is an edge.
  std::vector<int32_t> parent(static_cast<size_t>(a.levels) + static_cast<size_t>(b.levels));
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](int32_t x) {
    while (parent[static_cast<size_t>(x)] != x) {
      parent[static_cast<size_t>(x)] = parent[static_cast<size_t>(parent[static_cast<size_t>(x)])];
      x = parent[static_cast<size_t>(x)];
    }
    return x;
  };
  int64_t count = static_cast<int64_t>(parent.size());
  for (size_t i = 0; i < a.codes.size(); ++i) {
    int32_t x = find(a.codes[i]), y = find(a.levels + b.codes[i]);
    if (x != y) {
      parent[static_cast<size_t>(std::max(x, y))] = std::min(x, y);
      --count;
    }
  }
  for (size_t v = 0; v < parent.size(); ++v) parent[v] = find(static_cast<int32_t>(v));
  if (components) *components = count;
  return parent;
}

int64_t connected_components(const Grouping& a, const Grouping& b) {
  int64_t count = 0;
  mobility_groups(a, b, &count);
  return count;
}

double absorbed_dof(const std::vector<Grouping>& fes, const std::vector<Grouping>& clusters,
                    std::vector<FixedEffectInfo>* info) {
  info->clear();
  bool any_nested = false;
  for (const auto& g : fes) {
    FixedEffectInfo fi;
    fi.name = g.name;
    fi.levels = g.levels;
    for (const auto& c : clusters) fi.nested_in_cluster = fi.nested_in_cluster || is_nested(g, c);
    any_nested = any_nested || fi.nested_in_cluster;
    info->push_back(fi);
  }
  // (i) an FE nested in a cluster: all its coefficients redundant (they vanish from the score).
  // (ii) the first remaining FE carries the constant (0 redundant), or 1 if a nested FE already did.
  // (iii) each later FE: mobility groups with the first remaining FE (exact for that pair; for a
  //       third FE and beyond this is reghdfe's conservative pairwise count, at least 1).
  int first = -1;
  double df_a = 0;
  for (size_t j = 0; j < fes.size(); ++j) {
    auto& fi = (*info)[j];
    if (fi.nested_in_cluster) {
      fi.redundant = fi.levels;
    } else if (first < 0) {
      first = static_cast<int>(j);
      fi.redundant = any_nested ? 1 : 0;
    } else {
      fi.redundant = std::max<int64_t>(1, connected_components(fes[static_cast<size_t>(first)], fes[j]));
    }
    df_a += static_cast<double>(fi.levels - fi.redundant);
  }
  return df_a;
}

}  // namespace tradedig::measure
