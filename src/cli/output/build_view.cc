#include "cli/output/build_view.h"

#include <fmt/format.h>

#include <chrono>

namespace ds01::cli {

constexpr std::string_view kIndent = "      ";

BuildView::BuildView(std::ostream& out, bool terminal, const Clock& clock)
    : out_(out), terminal_(terminal), clock_(clock), started_(clock.Now()) {}

void BuildView::Show(const api::BuildLine& line) {
  if (line.step) {
    Finish();
    const api::BuildLine::Step& step = *line.step;
    if (terminal_) {
      out_ << fmt::format("[{}/{} {}] {}\n", step.number, step.of, Elapsed(), step.instruction);
    } else {
      out_ << fmt::format("Step {}/{} : {}\n", step.number, step.of, step.instruction);
    }
    out_.flush();
  }
  if (line.output) Output(*line.output);
}

void BuildView::Output(std::string_view text) {
  partial_.append(text);
  std::size_t start = 0;
  for (std::size_t end; (end = partial_.find('\n', start)) != std::string::npos; start = end + 1) {
    Line(std::string_view(partial_).substr(start, end - start));
  }
  partial_.erase(0, start);
  out_.flush();
}

void BuildView::Line(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty() || IsBuilderBookkeeping(line)) return;
  if (terminal_) out_ << kIndent;
  out_ << line << '\n';
}

void BuildView::Finish() {
  if (partial_.empty()) return;
  Line(partial_);
  partial_.clear();
}

std::string BuildView::Elapsed() const {
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.Now() - started_).count();
  return fmt::format("{}:{:02}", seconds / 60, seconds % 60);
}

bool IsBuilderBookkeeping(std::string_view line) {
  return line.starts_with(" ---> ") || line.starts_with("Removing intermediate container ") ||
         line.starts_with("Successfully built ") || line.starts_with("Successfully tagged ");
}

}  // namespace ds01::cli
