#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"

namespace ds01::docker {

/// One message of the engine's build stream (POST /build answers newline-delimited JSON).
struct BuildEvent {
  enum class Kind {
    kStream,   // builder output: "Step 2/4 : RUN make\n", a RUN's own output
    kStatus,   // a status line, e.g. while a base layer is fetched
    kImageId,  // the built image's ID ({"aux":{"ID":…}})
    kError,    // the build failed; text is the engine's message
  };
  Kind kind = Kind::kStream;
  std::string text;      // the output, status, image ID or error message
  std::string id;        // kStatus: what the status is about (e.g. a layer), may be empty
  std::string progress;  // kStatus: the engine's progress bar, may be empty
};

/// The header the legacy builder prints as each step begins: "Step 2/5 : RUN make".
struct StepHeader {
  int number = 0;
  int of = 0;
  std::string instruction;  // as the builder echoes it, without the newline
};

/// The header `text` (one kStream message) is, if it is one.
std::optional<StepHeader> ParseStepHeader(std::string_view text);

/// Parses one line of the build stream. nullopt for a blank line or a message that carries
/// nothing above (e.g. an aux record without an ID); kProtocol for a line that is not a JSON
/// object.
Result<std::optional<BuildEvent>> ParseBuildLine(std::string_view line);

/// Follows one build stream to its outcome: the image ID, or the failure the stream reported
/// (the engine answers HTTP 200 even when the build fails).
class BuildProgress {
 public:
  /// Parses `line` (as ParseBuildLine), remembers an image ID or error, and returns the event.
  Result<std::optional<BuildEvent>> Feed(std::string_view line);

  /// After the stream ended: the image ID; or, when the stream reported an error, a build
  /// failure (kInvalidArgument) carrying the engine's message verbatim; or kProtocol when the
  /// stream ended with neither.
  Result<std::string> Outcome() const;

 private:
  std::string image_id_;
  std::optional<std::string> error_;
};

}  // namespace ds01::docker
