#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "common/error.h"
#include "http/client.h"

namespace ds01::docker {

/// Newline-delimited JSON values of a streamed response (events, stats), each parsed into a T
/// as it arrives.
template <typename T>
class JsonStream {
 public:
  using Parser = Result<T> (*)(std::string_view line);

  JsonStream(std::unique_ptr<http::BodyStream> body, Parser parse)
      : body_(std::move(body)), parse_(parse) {}

  /// The next value; nullopt when the engine ended the stream. Blank lines are skipped.
  Result<std::optional<T>> Next() {
    for (;;) {
      Result<std::optional<std::string>> line = body_->ReadLine();
      if (!line.ok()) return line.error();
      if (!*line) return std::optional<T>();
      if ((*line)->find_first_not_of(" \t\r") == std::string::npos) continue;
      Result<T> value = parse_(**line);
      if (!value.ok()) return value.error();
      return std::optional<T>(std::move(*value));
    }
  }

  /// Thread-safe: a blocked Next returns kCancelled promptly; the connection is closed.
  void Cancel() { body_->Cancel(); }

 private:
  std::unique_ptr<http::BodyStream> body_;
  Parser parse_;
};

}  // namespace ds01::docker
