#pragma once

#include <initializer_list>
#include <ostream>
#include <string_view>

#include "cli/help/help_text.h"

namespace ds01::cli {

/// Explains a command's steps as it runs them (--guided); silent when not asked to.
class Guide {
 public:
  /// A silent guide.
  Guide() = default;
  /// Speaks to `out` (silent when null) with the "guided.<step>" sections of `help_text`.
  Guide(std::ostream* out, std::string_view help_text);

  /// True when --guided was given.
  bool enabled() const { return out_ != nullptr; }

  /// Prints the section "guided.<step>" with its {placeholders} filled, then a blank line.
  void Step(std::string_view step, std::initializer_list<Placeholder> values = {}) const;

 private:
  std::ostream* out_ = nullptr;
  std::string_view help_text_;
};

}  // namespace ds01::cli
