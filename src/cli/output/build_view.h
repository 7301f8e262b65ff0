#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "api/wire_build.h"
#include "common/clock.h"

namespace ds01::cli {

/// Shows an image build as ds01d streams it. On a terminal each step begins with its counter and
/// the time since the build began ("[2/5 0:12] RUN pip install …") and its output follows,
/// indented; otherwise each step is a plain "Step 2/5 : RUN …" line. Either way the builder's
/// own bookkeeping (" ---> 1f2e…", "Removing intermediate container …") is left out.
class BuildView {
 public:
  BuildView(std::ostream& out, bool terminal, const Clock& clock);

  /// Shows a step or output line; the outcome is the command's to report.
  void Show(const api::BuildLine& line);
  /// Ends an output line left open, before anything else is printed.
  void Finish();
  /// The time since the view was made, for people: "1:05".
  std::string Elapsed() const;

 private:
  void Output(std::string_view text);
  void Line(std::string_view line);

  std::ostream& out_;
  const bool terminal_;
  const Clock& clock_;
  const Clock::TimePoint started_;
  std::string partial_;  // output not yet ended by a newline
};

/// True for the legacy builder's bookkeeping lines, which say nothing to the user.
bool IsBuilderBookkeeping(std::string_view line);

}  // namespace ds01::cli
