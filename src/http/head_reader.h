#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/error.h"
#include "http/message.h"

namespace ds01::http {

/// Bounds on a message head; anything larger is refused as a protocol error.
struct HeadLimits {
  std::size_t max_head_bytes = std::size_t{64} << 10;
  std::size_t max_line_bytes = std::size_t{8} << 10;
  std::size_t max_headers = 100;
};

/// Collects the bytes of one message head (start line and header lines, up to the blank line)
/// from arbitrary slices, refusing heads, lines or header counts beyond the limits.
class HeadReader {
 public:
  /// Without a start line it reads bare header lines, as the trailers of a chunked body.
  explicit HeadReader(HeadLimits limits = {}, bool has_start_line = true);

  /// Consumes bytes from the front of `input`; true once the blank line ending the head is read
  /// (nothing after it is consumed).
  Result<bool> Feed(std::string_view& input);

  /// The start line, valid once Feed returned true.
  std::string_view start_line() const;

  /// The header lines, parsed and validated, valid once Feed returned true.
  const Headers& headers() const { return headers_; }

  /// True when Feed failed because the head broke a limit (rather than the syntax).
  bool over_limit() const { return over_limit_; }

  /// Forgets everything, ready for the next head.
  void Reset();

 private:
  Status EndLine(std::string_view line);
  Error OverLimit(std::string what);

  HeadLimits limits_;
  std::string line_;  // the current, incomplete line
  std::string start_line_;
  Headers headers_;
  std::size_t total_bytes_ = 0;
  bool has_start_line_;
  bool have_start_line_ = false;
  bool done_ = false;
  bool over_limit_ = false;
};

/// Parses one "Name: value" header line (value trimmed); refuses obsolete folding, bad names and
/// control characters.
Result<std::pair<std::string, std::string>> ParseHeaderLine(std::string_view line);

}  // namespace ds01::http
