#include "docker/build_progress.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "docker/json_fields.h"

namespace ds01::docker {
namespace {

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

BuildEvent Event(BuildEvent::Kind kind, std::string text) {
  BuildEvent event;
  event.kind = kind;
  event.text = std::move(text);
  return event;
}

}  // namespace

std::optional<StepHeader> ParseStepHeader(std::string_view text) {
  constexpr std::string_view kStep = "Step ";
  if (!text.starts_with(kStep)) return std::nullopt;
  text.remove_prefix(kStep.size());
  StepHeader header;
  const char* end = text.data() + text.size();
  auto [after_number, number_error] = std::from_chars(text.data(), end, header.number);
  if (number_error != std::errc() || after_number == end || *after_number != '/') {
    return std::nullopt;
  }
  auto [after_of, of_error] = std::from_chars(after_number + 1, end, header.of);
  if (of_error != std::errc()) return std::nullopt;
  std::string_view rest(after_of, static_cast<std::size_t>(end - after_of));
  constexpr std::string_view kSeparator = " : ";
  if (!rest.starts_with(kSeparator)) return std::nullopt;
  rest.remove_prefix(kSeparator.size());
  while (!rest.empty() && (rest.back() == '\n' || rest.back() == '\r')) rest.remove_suffix(1);
  header.instruction = std::string(rest);
  if (header.number < 1 || header.of < header.number) return std::nullopt;
  return header;
}

Result<std::optional<BuildEvent>> ParseBuildLine(std::string_view line) {
  if (IsBlank(line)) return std::optional<BuildEvent>();
  Result<nlohmann::json> parsed = ParseJson(line, "the build stream");
  if (!parsed.ok()) return std::move(parsed).error();
  const nlohmann::json& message = *parsed;
  if (!message.is_object()) {
    return MakeError(ErrorCode::kProtocol,
                     "The Docker engine sent a build stream line that is not a JSON object: '" +
                         std::string(line.substr(0, 120)) + "'",
                     "check that the address points at a Docker engine");
  }

  const nlohmann::json& detail = Field(message, "errorDetail");
  if (!detail.is_null() || message.contains("error")) {
    std::string text = StringField(detail, "message");
    if (text.empty()) text = StringField(message, "error");
    if (text.empty()) text = "the engine reported an error without a message";
    return std::optional<BuildEvent>(Event(BuildEvent::Kind::kError, std::move(text)));
  }
  if (message.contains("stream")) {
    return std::optional<BuildEvent>(
        Event(BuildEvent::Kind::kStream, StringField(message, "stream")));
  }
  if (message.contains("status")) {
    BuildEvent event = Event(BuildEvent::Kind::kStatus, StringField(message, "status"));
    event.id = StringField(message, "id");
    event.progress = StringField(message, "progress");
    return std::optional<BuildEvent>(std::move(event));
  }
  std::string image_id = StringField(Field(message, "aux"), "ID");
  if (!image_id.empty()) {
    return std::optional<BuildEvent>(Event(BuildEvent::Kind::kImageId, std::move(image_id)));
  }
  return std::optional<BuildEvent>();
}

Result<std::optional<BuildEvent>> BuildProgress::Feed(std::string_view line) {
  Result<std::optional<BuildEvent>> event = ParseBuildLine(line);
  if (!event.ok() || !event->has_value()) return event;
  const BuildEvent& parsed = **event;
  if (parsed.kind == BuildEvent::Kind::kImageId) image_id_ = parsed.text;
  if (parsed.kind == BuildEvent::Kind::kError && !error_) error_ = parsed.text;
  return event;
}

Result<std::string> BuildProgress::Outcome() const {
  if (error_) {
    return MakeError(ErrorCode::kInvalidArgument, "Image build failed: " + *error_,
                     "fix the Dockerfile step that failed and build again");
  }
  if (image_id_.empty()) {
    return MakeError(ErrorCode::kProtocol, "The build stream ended without an image ID or an error",
                     "check the engine's log; the build may have been interrupted");
  }
  return image_id_;
}

}  // namespace ds01::docker
