#include "cli/guide.h"

#include <string>

namespace ds01::cli {

Guide::Guide(std::ostream* out, std::string_view help_text) : out_(out), help_text_(help_text) {}

void Guide::Step(std::string_view step, std::initializer_list<Placeholder> values) const {
  if (!out_) return;
  std::string_view text = HelpSection(help_text_, "guided." + std::string(step));
  if (text.empty()) return;
  *out_ << FillPlaceholders(text, values) << "\n\n";
}

}  // namespace ds01::cli
