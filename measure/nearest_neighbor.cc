// Nearest-neighbour matching on a score: k nearest with replacement, greedy without replacement
// (MatchIt's m.order, rounds for k > 1), caliper and ties. Candidates are found by walking outwards
// from the unit's position in the sorted other group, so one search costs O(log n + k); units
// already used (without replacement) are skipped through union–find "next available" links.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "measure/matching_internal.h"

namespace tradedig::measure {

SortedGroup sort_group(const Eigen::VectorXd& score, const std::vector<int64_t>& units) {
  std::vector<int64_t> u = units;
  std::stable_sort(u.begin(), u.end(), [&](int64_t a, int64_t b) { return score[a] < score[b]; });
  SortedGroup g;
  g.unit = u;
  g.score.reserve(u.size());
  for (int64_t i : u) g.score.push_back(score[i]);
  return g;
}

namespace {

// Positions 0..m-1 of a sorted group that are still available; find_right(p) is the first
// available position >= p (m when none), find_left(p) the last available <= p (-1 when none).
class Availability {
 public:
  explicit Availability(size_t m) : right_(m + 1), left_(m + 1) {
    std::iota(right_.begin(), right_.end(), 0);
    std::iota(left_.begin(), left_.end(), 0);  // left_ is shifted by one: slot p+1 holds position p
  }
  int64_t find_right(int64_t p) { return find(right_, p); }
  int64_t find_left(int64_t p) { return find(left_, p + 1) - 1; }
  void remove(int64_t p) {
    right_[static_cast<size_t>(p)] = p + 1;
    left_[static_cast<size_t>(p + 1)] = p;
  }

 private:
  static int64_t find(std::vector<int64_t>& parent, int64_t p) {
    int64_t root = p;
    while (parent[static_cast<size_t>(root)] != root) root = parent[static_cast<size_t>(root)];
    while (parent[static_cast<size_t>(p)] != root) {
      int64_t next = parent[static_cast<size_t>(p)];
      parent[static_cast<size_t>(p)] = root;
      p = next;
    }
    return root;
  }
  std::vector<int64_t> right_, left_;
};

// Walks outwards from a score through the available positions, one distance at a time.
class NeighborWalk {
 public:
  NeighborWalk(const SortedGroup& g, Availability& avail, double s) : g_(g), avail_(avail), s_(s) {
    const auto p = std::lower_bound(g.score.begin(), g.score.end(), s) - g.score.begin();
    right_ = avail.find_right(p);
    left_ = avail.find_left(p - 1);
  }
  // All available positions at the next smallest distance, ordered by data index (the tie rule);
  // sets *distance. Empty when the group is exhausted.
  std::vector<int64_t> next(double* distance) {
    const double dl = left_ >= 0 ? s_ - g_.score[static_cast<size_t>(left_)] : kInf;
    const double dr = right_ < size() ? g_.score[static_cast<size_t>(right_)] - s_ : kInf;
    *distance = std::min(dl, dr);
    std::vector<int64_t> out;
    if (std::isinf(*distance)) return out;
    while (left_ >= 0 && s_ - g_.score[static_cast<size_t>(left_)] == *distance) {
      out.push_back(left_);
      left_ = avail_.find_left(left_ - 1);
    }
    while (right_ < size() && g_.score[static_cast<size_t>(right_)] - s_ == *distance) {
      out.push_back(right_);
      right_ = avail_.find_right(right_ + 1);
    }
    std::sort(out.begin(), out.end(), [&](int64_t a, int64_t b) {
      return g_.unit[static_cast<size_t>(a)] < g_.unit[static_cast<size_t>(b)];
    });
    return out;
  }

 private:
  static constexpr double kInf = std::numeric_limits<double>::infinity();
  int64_t size() const { return static_cast<int64_t>(g_.unit.size()); }
  const SortedGroup& g_;
  Availability& avail_;
  double s_;
  int64_t left_ = -1, right_ = 0;
};

// Up to `want` positions nearest to s within the caliper (plus ties of the last one when `ties`).
std::vector<int64_t> nearest(const SortedGroup& g, Availability& avail, double s, int want, bool ties, double caliper) {
  std::vector<int64_t> taken;
  NeighborWalk walk(g, avail, s);
  while (static_cast<int>(taken.size()) < want) {
    double d = 0;
    auto group = walk.next(&d);
    if (group.empty() || d > caliper) break;
    for (int64_t p : group)
      if (static_cast<int>(taken.size()) < want || ties) taken.push_back(p);
  }
  return taken;
}

// The order in which units of `from` pick their matches (matching without replacement).
std::vector<int64_t> picking_order(const Eigen::VectorXd& score, std::vector<int64_t> from, const MatchingOptions& o) {
  switch (o.order) {
    case MatchOrder::kLargest:
      std::stable_sort(from.begin(), from.end(), [&](int64_t a, int64_t b) { return score[a] > score[b]; });
      break;
    case MatchOrder::kSmallest:
      std::stable_sort(from.begin(), from.end(), [&](int64_t a, int64_t b) { return score[a] < score[b]; });
      break;
    case MatchOrder::kData:
      break;
    case MatchOrder::kRandom: {
      // Fisher–Yates with an explicit draw so a seed gives the same order on every platform.
      std::mt19937_64 rng(o.seed);
      for (size_t i = from.size(); i > 1; --i) std::swap(from[i - 1], from[rng() % i]);
      break;
    }
  }
  return from;
}

void set_equal_weights(MatchedSet& m) { m.weights.assign(m.units.size(), m.units.empty() ? 0.0 : 1.0 / static_cast<double>(m.units.size())); }

}  // namespace

void nearest_neighbor_match(const Eigen::VectorXd& score, const std::vector<int64_t>& from,
                            const std::vector<int64_t>& to, const MatchingOptions& o, double caliper,
                            std::vector<MatchedSet>& out) {
  const SortedGroup g = sort_group(score, to);
  Availability avail(g.unit.size());
  if (o.replacement) {
    for (int64_t i : from) {
      MatchedSet& m = out[static_cast<size_t>(i)];
      for (int64_t p : nearest(g, avail, score[i], o.neighbors, o.ties, caliper)) m.units.push_back(g.unit[static_cast<size_t>(p)]);
      set_equal_weights(m);
    }
    return;
  }
  // Greedy without replacement; k > 1 in rounds (MatchIt ratio = k): a unit left without a match
  // in one round takes no part in the next.
  const std::vector<int64_t> order = picking_order(score, from, o);
  for (int round = 0; round < o.neighbors; ++round) {
    for (int64_t i : order) {
      MatchedSet& m = out[static_cast<size_t>(i)];
      if (static_cast<int>(m.units.size()) < round) continue;
      for (int64_t p : nearest(g, avail, score[i], 1, o.ties, caliper)) {
        m.units.push_back(g.unit[static_cast<size_t>(p)]);
        avail.remove(p);
      }
    }
  }
  for (int64_t i : from) set_equal_weights(out[static_cast<size_t>(i)]);
}

std::vector<std::vector<int64_t>> within_group_neighbors(const Eigen::VectorXd& score, const std::vector<int64_t>& group,
                                                         int j, bool ties) {
  const SortedGroup g = sort_group(score, group);
  Availability avail(g.unit.size());
  std::vector<std::vector<int64_t>> out(group.size());
  for (size_t a = 0; a < group.size(); ++a) {
    // Ask for one more than needed and drop the unit itself; units tied with it at distance zero
    // come in data order like any other tie.
    auto& nb = out[a];
    for (int64_t p : nearest(g, avail, score[group[a]], j + 1, ties, std::numeric_limits<double>::infinity()))
      if (g.unit[static_cast<size_t>(p)] != group[a]) nb.push_back(g.unit[static_cast<size_t>(p)]);
    if (!ties && static_cast<int>(nb.size()) > j) nb.resize(static_cast<size_t>(j));
  }
  return out;
}

}  // namespace tradedig::measure
