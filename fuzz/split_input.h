#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace ds01::fuzz {

/// Cuts `data` into slices whose sizes come from the first byte, so one input exercises both
/// a parser fed everything at once and the same parser fed odd pieces.
inline std::vector<std::string_view> SplitBy(std::string_view data) {
  std::vector<std::string_view> slices;
  if (data.empty()) return slices;
  std::size_t step = 1 + static_cast<unsigned char>(data.front()) % 13;
  for (std::size_t i = 0; i < data.size(); i += step) slices.push_back(data.substr(i, step));
  return slices;
}

/// Stops the fuzzer with a crash when two ways of parsing the same bytes disagree.
inline void Check(bool agreed) {
  if (!agreed) std::abort();
}

}  // namespace ds01::fuzz
