#include "http/head_reader.h"

#include <string>

namespace ds01::http {
namespace {

Error Malformed(std::string what) {
  return MakeError(ErrorCode::kProtocol, "malformed HTTP head: " + std::move(what));
}

bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsFieldChar(char c) {
  auto u = static_cast<unsigned char>(c);
  return u == '\t' || (u >= 0x20 && u != 0x7f);
}

std::string_view TrimWhitespace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<std::pair<std::string, std::string>> ParseHeaderLine(std::string_view line) {
  if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
    return Malformed("obsolete header line folding is not supported");
  }
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return Malformed("a header line without ':'");
  std::string_view name = line.substr(0, colon);
  if (name.empty()) return Malformed("a header line with an empty name");
  for (char c : name) {
    if (!IsTokenChar(c)) return Malformed("a header name with an invalid character");
  }
  std::string_view value = TrimWhitespace(line.substr(colon + 1));
  for (char c : value) {
    if (!IsFieldChar(c)) return Malformed("a control character in header " + std::string(name));
  }
  return std::make_pair(std::string(name), std::string(value));
}

HeadReader::HeadReader(HeadLimits limits, bool has_start_line)
    : limits_(limits), has_start_line_(has_start_line) {}

void HeadReader::Reset() {
  line_.clear();
  start_line_.clear();
  headers_.clear();
  total_bytes_ = 0;
  have_start_line_ = false;
  done_ = false;
  over_limit_ = false;
}

Error HeadReader::OverLimit(std::string what) {
  over_limit_ = true;
  return Malformed(std::move(what));
}

std::string_view HeadReader::start_line() const { return start_line_; }

Result<bool> HeadReader::Feed(std::string_view& input) {
  while (!done_ && !input.empty()) {
    std::size_t newline = input.find('\n');
    std::size_t take = newline == std::string_view::npos ? input.size() : newline + 1;
    if (total_bytes_ + take > limits_.max_head_bytes) {
      return OverLimit("the head is larger than " + std::to_string(limits_.max_head_bytes) +
                       " bytes");
    }
    std::size_t content = newline == std::string_view::npos ? take : newline;
    // A line may end in "\r\n": the CR does not count against the line limit.
    if (line_.size() + content > limits_.max_line_bytes + 1) {
      return OverLimit("a line is longer than " + std::to_string(limits_.max_line_bytes) +
                       " bytes");
    }
    line_.append(input.data(), content);
    total_bytes_ += take;
    input.remove_prefix(take);
    if (newline == std::string_view::npos) break;

    std::string_view line = line_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > limits_.max_line_bytes) {
      return OverLimit("a line is longer than " + std::to_string(limits_.max_line_bytes) +
                       " bytes");
    }
    if (line.empty()) {
      // Blank lines before a start line are tolerated (RFC 9112 §2.2); after it, one ends the head.
      if (!has_start_line_ || have_start_line_) done_ = true;
    } else {
      DS01_RETURN_IF_ERROR(EndLine(line));
    }
    line_.clear();
  }
  return done_;
}

Status HeadReader::EndLine(std::string_view line) {
  if (has_start_line_ && !have_start_line_) {
    for (char c : line) {
      if (!IsFieldChar(c) || c == '\t') return Malformed("a control character in the start line");
    }
    start_line_ = std::string(line);
    have_start_line_ = true;
    return Ok();
  }
  if (headers_.size() >= limits_.max_headers) {
    return OverLimit("more than " + std::to_string(limits_.max_headers) + " header fields");
  }
  auto header = ParseHeaderLine(line);
  if (!header.ok()) return std::move(header).error();
  headers_.push_back(std::move(header).value());
  return Ok();
}

}  // namespace ds01::http
